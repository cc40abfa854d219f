import SkillsScenario
import SkillsVideoClient
import Testing

@testable import SkillsConformance

/// The hard deadline of a run: scaled timeouts, the client's retry schedule, scripted delays, a margin.
@Suite("ConformanceRunner.hardDeadline")
struct HardDeadlineTests {
    /// A scenario with no delays and no `Retry-After`.
    static let plain = Scenario(
        id: "t.plain", title: "one JSON answer",
        create: [TestScenarios.answer(200, ["id": "g", "status": "COMPLETED"])])

    /// The deadline for `timings` with no margin.
    func deadline(_ timings: ClientTimings) -> Duration {
        ConformanceRunner.hardDeadline(for: Self.plain, timings: timings, margin: .zero)
    }

    @Test("default timings at scale 1: idle timeout, two requests, poll timeout and interval, backoffs, margin")
    func defaults() {
        let timings = ClientTimings.forScenario(Self.plain, timeScale: 1)
        #expect(
            ConformanceRunner.hardDeadline(for: Self.plain, timings: timings, margin: .seconds(3))
                == .milliseconds(10_000 + 2 * 10_000 + 30_000 + 1_000 + 31_000) + .seconds(3))
    }

    @Test("the runner's retry schedule is the client's: the run's base and cap, the standard attempts")
    func schedule() {
        let timings = ClientTimings.forScenario(Self.plain, timeScale: 0.5)
        #expect(timings.retrySchedule == RetrySchedule(baseSeconds: 0.5, capSeconds: 8, maxAttempts: 5))
    }

    @Test("the backoff budget is every wait of the schedule's attempts, capped")
    func followsSchedule() {
        var timings = ClientTimings.forScenario(Self.plain, timeScale: 1)
        timings.backoffBaseMs = 250
        timings.backoffMaxMs = 1_000
        var none = timings
        none.backoffBaseMs = 0
        none.backoffMaxMs = 0
        let budget = deadline(timings) - deadline(none)
        #expect(budget == .milliseconds(250 + 500 + 1_000 + 1_000 + 1_000))
        #expect(budget == .seconds(timings.retrySchedule.totalBackoff(throughFailure: 5)))
    }

    @Test("scripted delays count twice, scaled")
    func scriptedDelays() {
        var slow = Self.plain
        slow.create[0].delayMs = 400
        let timings = ClientTimings.forScenario(slow, timeScale: 0.5)
        let base = ConformanceRunner.hardDeadline(for: Self.plain, timings: timings, margin: .zero)
        #expect(ConformanceRunner.hardDeadline(for: slow, timings: timings, margin: .zero) - base == .milliseconds(400))
    }
}
