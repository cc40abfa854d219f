import Synchronization

@testable import SkillsVideoClient

/// A clock for tests whose time moves only when a test advances it or something sleeps on it (sleeps return at
/// once, having moved the time to their deadline).
final class TestClock: Clock, Sendable {
    /// A point on the test clock: the time since it started.
    struct Instant: InstantProtocol {
        /// The time since the clock started.
        var offset: Duration

        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let current = Mutex(Instant(offset: .zero))

    var now: Instant { current.withLock { $0 } }
    var minimumResolution: Duration { .zero }

    /// Moves the time to `deadline` (never backwards); throws when the task is cancelled.
    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        current.withLock { $0 = max($0, deadline) }
    }

    /// Moves the time on by `duration`.
    func advance(by duration: Duration) {
        current.withLock { $0 = $0.advanced(by: duration) }
    }

    /// Seconds since the clock started.
    var seconds: Double { now.offset.seconds }
}
