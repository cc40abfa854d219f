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

    /// What to do after the `failures`-th consecutive transient failure of one call.
    ///
    /// `retryAfter` (seconds, from the answer's `Retry-After`) lengthens the wait: the wait is
    /// max(backoff, Retry-After). Once `failures` reaches `maxAttempts` the call gives up.
    public func decision(afterFailure failures: Int, retryAfter: Double? = nil) -> RetryDecision {
        guard failures < maxAttempts else { return .giveUp }
        let backoff = backoff(afterFailure: failures)
        guard let retryAfter, retryAfter.isFinite, retryAfter > backoff else { return .retry(afterSeconds: backoff) }
        return .retry(afterSeconds: retryAfter)
    }

    /// Seconds from the start of the failed attempt to the start of the next one.
    ///
    /// The gap is the backoff, at least twice the previous retry gap (up to the cap) so gaps keep
    /// growing even when attempts themselves are slow (timeouts), never earlier than `elapsed`
    /// (the attempt's own duration) plus `retryAfter`.
    public func nextGap(afterFailure failures: Int, previousGap: Double?, elapsed: Double,
                        retryAfter: Double? = nil) -> Double {
        let cap = max(capSeconds, baseSeconds)
        var gap = backoff(afterFailure: failures)
        if let previousGap, previousGap.isFinite { gap = max(gap, min(2 * previousGap, cap)) }
        let earliest = max(0, elapsed) + max(0, retryAfter.flatMap { $0.isFinite ? $0 : nil } ?? 0)
        return max(gap, earliest)
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
