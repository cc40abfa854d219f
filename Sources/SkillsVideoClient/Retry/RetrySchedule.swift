/// Bounded exponential backoff: how long to wait before attempt `n + 1`, and when to give up. Pure.
public struct RetrySchedule: Sendable, Equatable {
    /// The wait after the first failure, in seconds.
    public var baseSeconds: Double
    /// The longest backoff wait, in seconds (a longer `Retry-After` still wins).
    public var capSeconds: Double
    /// Attempts in total, the first one included.
    public var maxAttempts: Int

    /// The default policy: 1 s doubling, capped at 16 s, 5 attempts in total.
    public static let standard = RetrySchedule(baseSeconds: 1, capSeconds: 16, maxAttempts: 5)

    /// Creates a schedule; negative or non-finite values are clamped to zero, attempts to at least one.
    public init(baseSeconds: Double, capSeconds: Double, maxAttempts: Int) {
        self.baseSeconds = baseSeconds.isFinite ? max(0, baseSeconds) : 0
        self.capSeconds = capSeconds.isFinite ? max(0, capSeconds) : 0
        self.maxAttempts = max(1, maxAttempts)
    }

    /// The backoff after the `failures`-th consecutive failure (1-based): base × 2^(failures−1), capped.
    public func backoff(afterFailure failures: Int) -> Double {
        guard failures >= 1 else { return 0 }
        let cap = max(capSeconds, baseSeconds)
        return min(baseSeconds * Double(1 << min(failures - 1, 40)), cap)
    }

    /// The backoffs after failures 1 through `failures` added up (no `Retry-After`, no late gaps): a budget for
    /// deadlines.
    public func totalBackoff(throughFailure failures: Int) -> Double {
        guard failures >= 1 else { return 0 }
        return (1...failures).reduce(0) { $0 + backoff(afterFailure: $1) }
    }

    /// What to do after the `failures`-th consecutive transient failure of one call.
    ///
    /// The wait counts from the failure (the answer, or the moment the connection failed), so the
    /// gaps a server sees between a failure and the next attempt double however long attempts take.
    /// It is max(backoff, Retry-After) and, when `previousGap` (the wait really observed before the
    /// failing attempt) is given, at least twice that gap up to the cap: a late wake-up on a loaded
    /// machine then lengthens the following waits instead of flattening the growth.
    /// Once `failures` reaches `maxAttempts` the call gives up.
    public func decision(
        afterFailure failures: Int, retryAfter: Double? = nil,
        previousGap: Double? = nil
    ) -> RetryDecision {
        guard failures < maxAttempts else { return .giveUp }
        var wait = backoff(afterFailure: failures)
        if let previousGap, previousGap.isFinite, previousGap > 0 {
            wait = max(wait, min(2 * previousGap, max(capSeconds, baseSeconds)))
        }
        if let retryAfter, retryAfter.isFinite, retryAfter > wait { wait = retryAfter }
        return .retry(afterSeconds: wait)
    }

    /// The same schedule with a higher floor for its first wait (used for polls, whose gap is at least the interval).
    public func flooredBase(atLeast floor: Double) -> RetrySchedule {
        let base = max(baseSeconds, floor)
        return RetrySchedule(baseSeconds: base, capSeconds: max(capSeconds, base), maxAttempts: maxAttempts)
    }
}

/// The answer of a ``RetrySchedule`` after a transient failure.
public enum RetryDecision: Sendable, Equatable {
    /// Try again after this many seconds.
    case retry(afterSeconds: Double)
    /// The attempts are used up: report the failure as `transient`.
    case giveUp
}
