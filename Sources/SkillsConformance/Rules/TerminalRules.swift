import SkillsCore

/// TERM-1 and TERM-2: the client's final answer.
enum TerminalRules {
    /// TERM-1: a final answer exists and is terminal, an error with a category, a timeout or `missing_key`.
    static func term1(_ c: RuleContext) -> RuleResult {
        let o = c.outcome
        switch o.kind {
        case .none:
            let how =
                c.record.killedAtDeadline
                ? "killed at the hard deadline" : "exit \(c.record.exitCode.map(String.init) ?? "none")"
            return .fail(
                .term1, expected: "a final `terminal`, `timeout` or `error` event",
                actual: "no final answer in \(c.record.output.count) output line(s) (\(how))")
        case .terminal:
            guard let status = o.status else {
                return .fail(
                    .term1, expected: "a terminal status in the `terminal` event",
                    actual: "`terminal` event (line \((o.line ?? 0) + 1)) without a status")
            }
            guard GenerationStatus.isTerminal(status) else {
                return .fail(
                    .term1, expected: "COMPLETED, SUCCEEDED, FAILED or CANCELED",
                    actual: "`terminal` event reports non-terminal status \(status)")
            }
            return .pass(.term1, "final answer: terminal \(GenerationStatus.normalize(status))")
        case .error:
            // SPEC 6: an error whose category is still unknown after SPEC 7's reading is no final answer.
            guard let category = o.category else {
                let event = o.line.map { "`error` event (line \($0 + 1))" } ?? "`error` event"
                return .fail(
                    .term1,
                    expected: "an error with a category (in the `error` event, or from the profile's `classify`)",
                    actual: "\(event) without a category, and no classifier gave one")
            }
            let via = o.categoryFromClassifier ? ", from the profile's classify command" : ""
            return .pass(.term1, "final answer: error (\(category)\(via))")
        case .timeout:
            return .pass(.term1, "final answer: timeout")
        case .missingKey:
            return .pass(.term1, "final answer: missing_key")
        }
    }

    /// TERM-2: the terminal status reported was served for the run's id; `ok` only for a success.
    static func term2(_ c: RuleContext) -> RuleResult {
        let o = c.outcome
        guard o.kind == .terminal else {
            return .notApplicable(.term2, "the outcome is \(o.summary), not a terminal status")
        }
        guard let reported = o.normalizedStatus else {
            return .fail(.term2, expected: "the terminal status the server served", actual: "no status reported")
        }
        let runIDs = Set(c.facts.seenIDs.map(\.id) + c.facts.entries.compactMap(\.generationID))
        if let named = o.generationID, !runIDs.isEmpty, !runIDs.contains(named) {
            return .fail(
                .term2, expected: "the status of this run's id (\(runIDs.sorted().joined(separator: ", ")))",
                actual: "`terminal` event names id \(named)")
        }
        // A non-terminal status is wrong whatever was served: the evidence leaves out what the server got to
        // serve before the client left, which races with the client's exit.
        if !GenerationStatus.isTerminal(reported) {
            return .fail(
                .term2, expected: "a terminal status served by an event or a poll answer",
                actual: "reported \(reported), which is not terminal")
        }
        let served = c.facts.terminalStatuses
        let servedText = served.isEmpty ? "none" : orderedUnique(served.map(\.status)).joined(separator: ", ")
        guard served.contains(where: { $0.status == reported }) else {
            return .fail(
                .term2, expected: "a terminal status served by an event or a poll answer (served: \(servedText))",
                actual: "reported \(reported)")
        }
        let success = GenerationStatus.isSuccess(reported)
        if let ok = o.ok, ok != success {
            return .fail(.term2, expected: "`ok: \(success)` for \(reported)", actual: "`ok: \(ok)`")
        }
        return .pass(.term2, "reported \(reported), served \(servedText)" + (o.ok.map { ", ok \($0)" } ?? ""))
    }

    static func orderedUnique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }
}
