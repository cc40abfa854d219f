import Foundation

/// Milliseconds since a fixed start, from the monotonic clock (never scaled, never jumps).
struct MonotonicClock: Sendable {
    private let startNanos: UInt64

    init() { startNanos = MonotonicClock.nowNanos() }

    /// Milliseconds since this clock was made.
    func nowMs() -> Double { Double(MonotonicClock.nowNanos() &- startNanos) / 1_000_000 }

    private static func nowNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
