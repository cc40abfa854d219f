import SkillsCore

/// POLL-1 and POLL-2: spacing of polls, stopping at terminal, honouring the poll timeout.
enum PollingRules {
    /// Allowance for a process to exit after its last request (POLL-2's upper bound, SPEC 6).
    static let exitAllowanceMs = 100.0

    /// One judged pair of consecutive polls: the arrival-to-arrival gap and the answer-to-arrival gap.
    struct PollGap {
        var previous: JournalEntry
        var next: JournalEntry
        /// From the previous poll's arrival to the next one's (start-to-start pacing).
        var startToStartMs: Double
        /// From the previous poll's answer written to the next one's arrival (causal).
        var answerToNextMs: Double
    }

    /// The gaps POLL-1 judges: consecutive polls whose first one got a non-transient answer.
    static func gaps(_ facts: RunFacts) -> [PollGap] {
        zip(facts.polls, facts.polls.dropFirst()).compactMap { previous, next in
            guard !facts.isTransientFailure(previous), previous.status != nil else { return nil }
            return PollGap(
                previous: previous, next: next, startToStartMs: next.tMs - previous.tMs,
                answerToNextMs: next.tMs - (previous.answeredMs ?? previous.tMs))
        }
    }

    /// POLL-1: each poll after a non-transient answer comes at least the interval after that answer was
    /// written, or (start-to-start pacing) after the previous poll arrived; none after a terminal answer.
    static func poll1(_ c: RuleContext) -> RuleResult {
        let polls = c.facts.polls
        guard !polls.isEmpty else { return .notApplicable(.poll1, "the client made no poll") }
        let interval = c.timings.pollIntervalMs
        let judged = gaps(c.facts)
        // Arrival-to-arrival is never shorter than answer-to-arrival, so meeting either pacing is meeting it.
        if let short = judged.first(where: { GapTolerance.isShort(gapMs: $0.startToStartMs, dueMs: interval) }) {
            return .fail(
                .poll1,
                expected:
                    "each poll at least the interval \(RunFacts.ms(interval)) after the previous answer or poll: \(GapTolerance.describe(dueMs: interval))",
                actual:
                    "poll seq \(short.next.seq) came \(RunFacts.preciseMs(short.answerToNextMs)) after the answer to poll seq \(short.previous.seq) (\(RunFacts.preciseMs(short.startToStartMs)) after it arrived); gaps: \(gapList(judged))"
            )
        }
        if let terminal = c.facts.terminalStatuses.first {
            let after = polls.filter { $0.tMs > terminal.tMs }
            if !after.isEmpty {
                return .fail(
                    .poll1,
                    expected:
                        "no poll after the first terminal answer (\(terminal.status) at \(RunFacts.ms(terminal.tMs)))",
                    actual: "\(after.count) poll(s) after it, first at \(RunFacts.ms(after[0].tMs))")
            }
        }
        return .pass(
            .poll1,
            "\(polls.count) poll(s), interval \(RunFacts.ms(interval)), floor \(RunFacts.preciseMs(GapTolerance.floor(dueMs: interval))), gaps: \(gapList(judged))"
        )
    }

    /// POLL-2: a run left polling without a terminal answer reports a timeout, not early and in time; a
    /// killed client fails.
    /// Where POLL-2's lower bound counts from: the last moment before the first poll arrived at which the server
    /// wrote to the run's creates (an answer, an event, an end), which the client saw before it began polling, so
    /// its poll timeout cannot have started earlier. The first poll's own arrival is later than the client's
    /// start by the time the request took to send, which a loaded machine stretches: counting from it made correct
    /// clients look early. Falls back to the first poll when no create was written to before it.
    static func pollClockAnchor(_ facts: RunFacts, firstPoll: JournalEntry) -> (ms: Double, what: String) {
        var latest: (ms: Double, what: String)?
        for create in facts.creates {
            let moments = [
                (create.answeredMs, "the create's answer"), (create.events.last?.tMs, "the create's last event"),
                (create.endedMs, "the create's end"),
            ]
            for case (let ms?, let what) in moments where ms <= firstPoll.tMs && ms > (latest?.ms ?? -.infinity) {
                latest = (ms, what)
            }
        }
        return latest ?? (firstPoll.tMs, "the first poll")
    }

    static func poll2(_ c: RuleContext) -> RuleResult {
        let t = c.timings
        if c.record.killedAtDeadline {
            return .fail(
                .poll2, expected: "the client stops by itself (poll timeout \(RunFacts.ms(t.pollTimeoutMs)))",
                actual: "killed at the hard deadline after \(c.record.output.count) output line(s)")
        }
        let polls = c.facts.polls
        guard let firstPoll = polls.first else { return .notApplicable(.poll2, "the client made no poll") }
        if !c.facts.terminalStatuses.isEmpty {
            return .notApplicable(.poll2, "the server served a terminal status")
        }
        if let final = polls.last(where: {
            $0.status.map { !(200..<300).contains($0) && !ScenarioFacts.isTransientStatus($0) } ?? false
        }) {
            return .notApplicable(.poll2, "polling ended on a final error answer (\(final.status ?? 0))")
        }
        let outcome = c.outcome
        let budget = t.pollTimeoutMs + t.pollIntervalMs + t.requestTimeoutMs
        let reportedMs = c.outcomeLineMs ?? c.record.clientEndMs
        if outcome.kind == .timeout, let reportedMs {
            let (anchorMs, anchor) = pollClockAnchor(c.facts, firstPoll: firstPoll)
            let took = reportedMs - anchorMs
            if GapTolerance.isShort(gapMs: took, dueMs: t.pollTimeoutMs) {
                return .fail(
                    .poll2,
                    expected:
                        "a timeout no earlier than the poll timeout \(RunFacts.ms(t.pollTimeoutMs)) after polling began (\(anchor)): \(GapTolerance.describe(dueMs: t.pollTimeoutMs))",
                    actual:
                        "reported a timeout \(RunFacts.preciseMs(took)) after \(anchor), \(RunFacts.preciseMs(reportedMs - firstPoll.tMs)) after the first poll arrived (\(polls.count) poll(s))"
                )
            }
        }
        if outcome.kind == .timeout || (outcome.kind == .error && outcome.category == ErrorCategory.transient.rawValue)
        {
            if let end = c.record.clientEndMs {
                let took = end - firstPoll.tMs
                if took > budget + exitAllowanceMs {
                    return .fail(
                        .poll2,
                        expected:
                            "end within poll timeout + interval + request timeout = \(RunFacts.ms(budget)) (+\(RunFacts.ms(exitAllowanceMs)) to exit) of the first poll",
                        actual: "ended \(RunFacts.ms(took)) after the first poll")
                }
                return .pass(
                    .poll2,
                    "reported \(outcome.summary) \(RunFacts.ms(took)) after the first poll (between \(RunFacts.ms(GapTolerance.floor(dueMs: t.pollTimeoutMs))) and \(RunFacts.ms(budget + exitAllowanceMs)))"
                )
            }
            return .pass(.poll2, "reported \(outcome.summary) after \(polls.count) poll(s)")
        }
        if outcome.kind == .terminal, !(outcome.status.map(GenerationStatus.isTerminal) ?? false) {
            return .fail(
                .poll2, expected: "a `timeout` outcome, not a non-terminal status",
                actual: "reported \(outcome.status ?? "no status") after \(polls.count) poll(s)")
        }
        let lastSeen = max(c.record.clientEndMs ?? 0, polls.last?.tMs ?? firstPoll.tMs)
        let polled = lastSeen - firstPoll.tMs
        if polled >= t.pollTimeoutMs {
            return .fail(
                .poll2, expected: "a `timeout` outcome once the poll timeout (\(RunFacts.ms(t.pollTimeoutMs))) passed",
                actual: "outcome \(outcome.summary) after \(RunFacts.ms(polled)) of polling")
        }
        return .notApplicable(
            .poll2, "polling stopped after \(RunFacts.ms(polled)), before the poll timeout (outcome \(outcome.summary))"
        )
    }

    static func gapList(_ gaps: [PollGap]) -> String {
        gaps.isEmpty ? "none" : RetryRules.abbreviate(gaps.map { RunFacts.ms($0.answerToNextMs) })
    }
}
