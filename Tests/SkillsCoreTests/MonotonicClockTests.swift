import SkillsCore
import Testing

/// The one clock of the journal and the runner's stamps.
@Suite struct MonotonicClockTests {
    @Test func aNewClockStartsAtZeroAndNeverGoesBack() {
        let clock = MonotonicClock()
        var last = clock.nowMs()
        #expect(last >= 0 && last < 1000)
        for _ in 0..<1000 {
            let now = clock.nowMs()
            #expect(now >= last)
            last = now
        }
    }

    @Test func aCopyReadsTheSameFrameAsItsOriginal() {
        let original = MonotonicClock()
        let copy = original
        let before = original.nowMs()
        let read = copy.nowMs()
        let after = original.nowMs()
        #expect(before <= read && read <= after)
    }

    @Test func aLaterClockHasALaterZero() async throws {
        let earlier = MonotonicClock()
        try await Task.sleep(for: .milliseconds(20))
        let later = MonotonicClock()
        let gap = earlier.nowMs() - later.nowMs()
        #expect(gap >= 19)
    }
}
