import SkillsCore

/// TIMING-0: whether the fake kept time well enough for the run's timing verdicts to stand (SPEC 6). Pure.
///
/// Gaps are measured on the server's clock, so a server that stamps late can make a correct client look
/// early. When the server's p99 lateness was over a quarter of the smallest gap a timing rule judged, the timing
/// rules give no verdict, TIMING-0 fails, and the runner re-runs the scenario once at 4 × the time scale.
enum TimingRule {
    /// The share of the smallest judged gap the server may be late by.
    static let maxLateShare = 0.25
    /// The rules whose verdicts rest on the server's clock.
    static let timedRules: Set<RuleID> = [.poll1, .poll2, .retry2, .retry3]

    /// How late the server was and the gap it is compared with, when the server fell behind.
    struct Lateness {
        var summary: LatenessSummary
        var smallestGapMs: Double
        var what: String
    }

    /// The smallest runner-set gap a timing rule judges in this run (the client's own gaps never set it), and which.
    static func smallestJudgedGap(_ c: RuleContext) -> (ms: Double, what: String)? {
        let t = c.timings
        var candidates: [(Double, String)] = []
        if !PollingRules.gaps(c.facts).isEmpty { candidates.append((t.pollIntervalMs, "poll interval")) }
        let chains = c.chains
        if chains.contains(where: { !$0.attempts.isEmpty }) {
            candidates.append((min(t.backoffBaseMs, t.backoffMaxMs), "backoff base"))
        }
        for chain in chains {
            for failure in zip(chain.failures, chain.attempts).map(\.0) {
                if let wait = c.facts.retryAfterMs(failure), wait > 0 { candidates.append((wait, "Retry-After")) }
            }
        }
        if c.outcome.kind == .timeout, !c.facts.polls.isEmpty { candidates.append((t.pollTimeoutMs, "poll timeout")) }
        return candidates.filter { $0.0 > 0 }.min { $0.0 < $1.0 }.map { (ms: $0.0, what: $0.1) }
    }

    /// The server's lateness when it exceeded a quarter of the smallest judged gap, over the run (p99) or at
    /// the start of a judged gap (a stall); nil when it kept time.
    static func serverFellBehind(_ c: RuleContext) -> Lateness? {
        guard let gap = smallestJudgedGap(c) else { return nil }
        let summary = LatenessSummary(samples: c.record.serverLateMs)
        // The run's p99, not its max: one loop stall (a 1 MiB plan built for another run stalls a debug build's
        // loop for ~260 ms) is a single probe sample, and judging by it re-ran and then failed correct clients.
        if !c.record.serverLateMs.isEmpty, summary.p99 > maxLateShare * gap.ms {
            return Lateness(summary: summary, smallestGapMs: gap.ms, what: gap.what)
        }
        // A single stall still matters where it lands just before a gap's start: the server stamps what it
        // notices (an arrival, a client's hang-up) when its loop gets to it, so the gap looks shorter by as much.
        if let stall = stallAtAGapStart(c), stall.lateMs > maxLateShare * gap.ms {
            var figures = summary
            figures.max = Swift.max(figures.max, stall.lateMs)
            return Lateness(
                summary: figures, smallestGapMs: gap.ms,
                what: gap.what
                    + "; a \(RunFacts.preciseMs(stall.lateMs)) loop stall ended at \(RunFacts.ms(stall.atMs)), where a judged gap starts"
            )
        }
        return nil
    }

    /// How far before and after a gap's start a stall sample may be taken and still have delayed that start's
    /// stamp (the probe reports a stall when its timer finally fires, in the same loop turn as the stamp).
    static let stallWindowMs = (before: 2.0, after: 10.0)

    /// The starts of the gaps the timed rules judge: the previous poll's arrival (POLL-1's start-to-start
    /// pacing), each retried failure's moment (RETRY-2, RETRY-3), and where polling began (POLL-2).
    static func gapStarts(_ c: RuleContext) -> [Double] {
        var starts = PollingRules.gaps(c.facts).map(\.previous.tMs)
        for chain in c.chains {
            starts += zip(chain.failures, chain.attempts).map { failure, _ in c.facts.failureTime(failure) }
        }
        if c.outcome.kind == .timeout, let first = c.facts.polls.first {
            starts.append(PollingRules.pollClockAnchor(c.facts, firstPoll: first).ms)
        }
        return starts
    }

    /// The worst stall sample taken around the start of a judged gap, if any.
    static func stallAtAGapStart(_ c: RuleContext) -> LatenessSample? {
        guard !c.record.serverStalls.isEmpty else { return nil }
        let starts = gapStarts(c)
        return c.record.serverStalls.filter { stall in
            starts.contains { stall.atMs >= $0 - stallWindowMs.before && stall.atMs <= $0 + stallWindowMs.after }
        }.max { $0.lateMs < $1.lateMs }
    }

    static func timing0(_ c: RuleContext) -> RuleResult {
        let summary = LatenessSummary(samples: c.record.serverLateMs)
        let figures =
            "server late p50 \(RunFacts.preciseMs(summary.p50)), p99 \(RunFacts.preciseMs(summary.p99)), max \(RunFacts.preciseMs(summary.max)) over \(summary.count) sample(s)"
        let rerun = c.record.timingRerun ? " (re-run at 4 × the time scale)" : ""
        if let late = c.serverBehind {
            return .fail(
                .timing0,
                expected:
                    "the server's p99 lateness at most 25 % of the smallest judged gap (\(late.what) \(RunFacts.preciseMs(late.smallestGapMs)): \(RunFacts.preciseMs(maxLateShare * late.smallestGapMs)))",
                actual: figures + rerun + "; the timing rules gave no verdict")
        }
        guard let gap = smallestJudgedGap(c) else {
            return .notApplicable(.timing0, "no timing was judged; " + figures)
        }
        return .pass(
            .timing0,
            figures + rerun + "; within 25 % of the smallest judged gap (\(gap.what) \(RunFacts.preciseMs(gap.ms)))")
    }
}
