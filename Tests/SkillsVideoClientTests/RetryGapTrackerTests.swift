import Testing

@testable import SkillsVideoClient

@Suite("RetryGapTracker")
struct RetryGapTrackerTests {
    let t0 = ContinuousClock.now

    func at(_ milliseconds: Int) -> ContinuousClock.Instant { t0 + .milliseconds(milliseconds) }

    @Test("first failure of a chain has no previous gap; later ones measure wait plus the answer's round trip")
    func answeredChain() {
        var tracker = RetryGapTracker()
        tracker.attemptStarted(at: at(0))
        #expect(tracker.failed(at: at(5), answered: true) == nil)
        tracker.attemptStarted(at: at(55))
        #expect(tracker.failed(at: at(205), answered: true) == 0.2, "50 ms wait + 150 ms round trip")
    }

    @Test("network failures add no round trip (a time-out's duration is not latency)")
    func networkChain() {
        var tracker = RetryGapTracker()
        tracker.attemptStarted(at: at(0))
        _ = tracker.failed(at: at(500), answered: false)
        tracker.attemptStarted(at: at(600))
        #expect(tracker.failed(at: at(1_100), answered: false) == 0.1)
    }

    @Test("a success ends the chain")
    func reset() {
        var tracker = RetryGapTracker()
        tracker.attemptStarted(at: at(0))
        _ = tracker.failed(at: at(10), answered: true)
        tracker.reset()
        tracker.attemptStarted(at: at(100))
        #expect(tracker.failed(at: at(110), answered: true) == nil)
    }
}
