import Foundation

/// Milliseconds since a fixed start, from the monotonic clock (never scaled, never jumps).
///
/// The one clock of the server's journal and the runner's stamps: a copy reads the same frame as the original,
/// so a runner holding a copy of the server's clock (`MockServer.clock`) stamps in the journal's frame.
public struct MonotonicClock: Sendable {
    private let startNanos: UInt64

    /// A clock whose zero is now.
    public init() { startNanos = MonotonicClock.nowNanos() }

    /// Milliseconds since this clock was made.
    public func nowMs() -> Double { Double(MonotonicClock.nowNanos() &- startNanos) / 1_000_000 }

    private static func nowNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
