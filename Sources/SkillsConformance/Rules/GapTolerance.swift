/// How short a causally measured gap may be before it is short (SPEC 6): under `0.97 × due − 2 ms`, the
/// 2 ms never more than 5 % of the due gap. Pure.
///
/// Gaps are measured from a server-side moment the client must have seen (an answer written, a reset or
/// close sent, the client's own hang-up) to the arrival of its next request, so a correct client can only
/// look late, never early: the tolerance covers clock reading and scheduling noise, nothing else.
enum GapTolerance {
    /// The share of the due gap a gap must reach.
    static let share = 0.97
    /// Absolute slack for clock and scheduling noise, in milliseconds.
    static let slackMs = 2.0
    /// The largest share of the due gap the absolute slack may be.
    static let maxSlackShare = 0.05

    /// The shortest gap that still counts as waiting `dueMs`.
    static func floor(dueMs: Double) -> Double {
        guard dueMs > 0 else { return 0 }
        return share * dueMs - min(slackMs, maxSlackShare * dueMs)
    }

    /// Whether `gapMs` falls short of `dueMs`.
    static func isShort(gapMs: Double, dueMs: Double) -> Bool {
        gapMs < floor(dueMs: dueMs)
    }

    /// `≥ 46.5ms (0.97 × 50ms − 2ms)`: the floor with how it was reached, for verdict texts.
    static func describe(dueMs: Double) -> String {
        let slack = min(slackMs, maxSlackShare * dueMs)
        return "≥ \(RunFacts.ms(floor(dueMs: dueMs))) (0.97 × \(RunFacts.ms(dueMs)) − \(RunFacts.preciseMs(slack)))"
    }
}
