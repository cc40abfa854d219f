import SkillsCore

/// SSE-1, FALL-1, FALL-2: the create call and the fallback to polling.
enum StreamRules {
    /// SSE-1: the first create is `POST /generation/sse/...` with `Accept: text/event-stream`.
    static func sse1(_ c: RuleContext) -> RuleResult {
        guard c.record.key != nil else { return .notApplicable(.sse1, "the run has no API key (no request expected)") }
        guard let first = c.facts.creates.first else {
            return .fail(
                .sse1, expected: "a create request to the SSE endpoint", actual: "no create request reached the server")
        }
        guard first.kind == .createSSE else {
            return .fail(
                .sse1, expected: "first create to /generation/sse/<model>", actual: "\(first.method) \(first.path)")
        }
        let accept = first.header("Accept") ?? ""
        guard accept.lowercased().contains("text/event-stream") else {
            return .fail(
                .sse1, expected: "`Accept: text/event-stream`",
                actual: accept.isEmpty ? "no Accept header" : "`Accept: \(accept)`")
        }
        return .pass(.sse1, "\(first.method) \(first.path) with Accept: \(accept)")
    }

    /// FALL-1: a create answer that gave an id but no terminal event is followed by a poll of that id.
    static func fall1(_ c: RuleContext) -> RuleResult {
        var judged = 0
        for create in c.facts.creates where RunFacts.isSuccess(create) {
            guard let seen = c.facts.seenIDs.first(where: { $0.seq == create.seq }) else { continue }
            guard !c.facts.servedTerminalEvent(create) else { continue }
            if create.end == .clientClosed, let step = c.facts.steps[create.seq], case .sse(let script) = step.kind,
                script.end != .hang
            {
                continue  // the client hung up while the server still had events to send: not a stream that ended
            }
            judged += 1
            let polled = c.facts.polls.contains { $0.tMs >= create.tMs && RunFacts.polledID($0) == seen.id }
            if !polled {
                let how =
                    create.kind == .createSSE
                    ? "stream ended `\(create.end?.rawValue ?? "open")` after \(create.events.count) served event(s) without a terminal event"
                    : "JSON create answer with id \(seen.id)"
                let others = c.facts.polls.map { RunFacts.polledID($0) }
                return .fail(
                    .fall1, expected: "GET /generation/\(seen.id) after the create (seq \(create.seq))",
                    actual: how + "; "
                        + (others.isEmpty
                            ? "no poll followed" : "polled only \(Set(others).sorted().joined(separator: ", "))"))
            }
        }
        if judged == 0 {
            if c.facts.seenIDs.isEmpty {
                return .notApplicable(.fall1, "no generation id was seen in any create answer")
            }
            return .notApplicable(
                .fall1,
                "every create answer that carried an id served a terminal event or was closed by the client mid-stream")
        }
        return .pass(.fall1, "polled the id seen after \(judged) create answer(s) without a terminal event")
    }

    /// FALL-2: no create after the first id went out.
    static func fall2(_ c: RuleContext) -> RuleResult {
        guard let first = c.facts.seenIDs.min(by: { $0.tMs < $1.tMs }) else {
            return .notApplicable(.fall2, "the server issued no generation id the client could see")
        }
        let later = c.facts.creates.filter { $0.tMs > first.tMs }
        if let second = later.first {
            return .fail(
                .fall2, expected: "no create after id \(first.id) went out at \(RunFacts.ms(first.tMs))",
                actual:
                    "\(later.count) more create(s), first \(second.method) \(second.path) at \(RunFacts.ms(second.tMs))"
            )
        }
        return .pass(.fall2, "one create path to id \(first.id); no create after it")
    }
}
