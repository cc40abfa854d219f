import SkillsCore

/// POLL-1 and POLL-2: spacing of polls, stopping at terminal, honouring the poll timeout.
enum PollingRules {
    /// Gaps shorter than this share of the interval fail POLL-1.
    static let intervalTolerance = 0.9
    /// Absolute allowance for arrival-time jitter (connection set-up, scheduling) at small time scales.
    static let jitterMs = 20.0
    /// Allowance for a process to exit after its last request (POLL-2).
    static let exitAllowanceMs = 100.0

    /// POLL-1: consecutive polls (not after a transient answer) at least 0.9 × interval apart; none after a terminal answer.
    static func poll1(_ c: RuleContext) -> RuleResult {
        let polls = c.facts.polls
        guard !polls.isEmpty else { return .notApplicable(.poll1, "the client made no poll") }
        let interval = c.timings.pollIntervalMs
        var gaps: [Double] = []
        for (previous, next) in zip(polls, polls.dropFirst()) where !RunFacts.isTransientFailure(previous) {
            let gap = next.tMs - previous.tMs
            gaps.append(gap)
            if gap < intervalTolerance * interval - jitterMs {
                return .fail(.poll1, expected: "polls at least \(RunFacts.ms(interval)) apart (0.9 × interval = \(RunFacts.ms(intervalTolerance * interval)), less \(RunFacts.ms(jitterMs)) arrival jitter)",
                             actual: "gap of \(RunFacts.ms(gap)) between polls seq \(previous.seq) and \(next.seq); gaps: \(gapList(gaps))")
            }
        }
        if let terminal = c.facts.terminalStatuses.first(where: { !$0.atRisk }) {
            let after = polls.filter { $0.tMs > terminal.tMs }
            if !after.isEmpty {
                return .fail(.poll1, expected: "no poll after the first terminal answer (\(terminal.status) at \(RunFacts.ms(terminal.tMs)))",
                             actual: "\(after.count) poll(s) after it, first at \(RunFacts.ms(after[0].tMs))")
            }
        }
        return .pass(.poll1, "\(polls.count) poll(s), interval \(RunFacts.ms(interval)), gaps: \(gapList(gaps))")
    }

    /// POLL-2: a run left polling without a terminal answer ends with a timeout, in time; a killed client fails.
    static func poll2(_ c: RuleContext) -> RuleResult {
        let t = c.timings
        if c.record.killedAtDeadline {
            return .fail(.poll2, expected: "the client stops by itself (poll timeout \(RunFacts.ms(t.pollTimeoutMs)))",
                         actual: "killed at the hard deadline after \(c.record.output.count) output line(s)")
        }
        let polls = c.facts.polls
        guard let firstPoll = polls.first else { return .notApplicable(.poll2, "the client made no poll") }
        if !c.facts.terminalStatuses.isEmpty {
            return .notApplicable(.poll2, "the server served a terminal status")
        }
        if let final = polls.last(where: { $0.status.map { !(200..<300).contains($0) && !ScenarioFacts.isTransientStatus($0) } ?? false }) {
            return .notApplicable(.poll2, "polling ended on a final error answer (\(final.status ?? 0))")
        }
        let outcome = c.outcome
        let budget = t.pollTimeoutMs + t.pollIntervalMs + t.requestTimeoutMs
        if outcome.kind == .timeout || (outcome.kind == .error && outcome.category == ErrorCategory.transient.rawValue) {
            if let end = c.record.clientEndMs {
                let took = end - firstPoll.tMs
                if took > budget + exitAllowanceMs {
                    return .fail(.poll2, expected: "end within poll timeout + interval + request timeout = \(RunFacts.ms(budget)) of the first poll",
                                 actual: "ended \(RunFacts.ms(took)) after the first poll")
                }
                return .pass(.poll2, "reported \(outcome.summary) \(RunFacts.ms(took)) after the first poll (budget \(RunFacts.ms(budget)))")
            }
            return .pass(.poll2, "reported \(outcome.summary) after \(polls.count) poll(s)")
        }
        if outcome.kind == .terminal, !(outcome.status.map(GenerationStatus.isTerminal) ?? false) {
            return .fail(.poll2, expected: "a `timeout` outcome, not a non-terminal status",
                         actual: "reported \(outcome.status ?? "no status") after \(polls.count) poll(s)")
        }
        let lastSeen = max(c.record.clientEndMs ?? 0, polls.last?.tMs ?? firstPoll.tMs)
        let polled = lastSeen - firstPoll.tMs
        if polled >= t.pollTimeoutMs {
            return .fail(.poll2, expected: "a `timeout` outcome once the poll timeout (\(RunFacts.ms(t.pollTimeoutMs))) passed",
                         actual: "outcome \(outcome.summary) after \(RunFacts.ms(polled)) of polling")
        }
        return .notApplicable(.poll2, "polling stopped after \(RunFacts.ms(polled)), before the poll timeout (outcome \(outcome.summary))")
    }

    static func gapList(_ gaps: [Double]) -> String {
        gaps.isEmpty ? "none" : gaps.map(RunFacts.ms).joined(separator: ", ")
    }
}
