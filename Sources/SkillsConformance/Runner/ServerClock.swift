import Foundation

/// Reads the monotonic clock in the server journal's frame: milliseconds since the server was made.
/// The server starts its clock inside `MockServer.init`; the runner takes its origin right after that
/// call returns, so stamps may read up to the length of `init` early (lenient for deadline checks).
public struct ServerClock: Sendable {
    private let originNanos: UInt64

    /// A clock whose zero is now.
    public init() { originNanos = ServerClock.nowNanos() }

    /// Milliseconds since the origin.
    public func nowMs() -> Double { Double(ServerClock.nowNanos() &- originNanos) / 1_000_000 }

    static func nowNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
