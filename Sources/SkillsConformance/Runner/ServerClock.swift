import Foundation
import SkillsMockServer

/// Reads the server journal's own clock (milliseconds since the server was made), so the runner's stamps
/// (client start and end, output lines) and the journal's share one frame.
public struct ServerClock: Sendable {
    private let read: @Sendable () -> Double

    /// The clock of `server`.
    public init(server: MockServer) { read = { server.nowMs } }

    /// A clock of its own whose zero is now (for use without a server).
    public init() {
        let origin = ContinuousClock.now
        read = { (ContinuousClock.now - origin).milliseconds }
    }

    /// Milliseconds since the origin.
    public func nowMs() -> Double { read() }
}
