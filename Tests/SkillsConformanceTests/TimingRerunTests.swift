import SkillsCore
import SkillsScenario
import Testing

@testable import SkillsConformance

/// The runner's answer to a fake that could not keep time: a re-run at 4 × the scale, then TIMING-0.
@Suite struct TimingRerunTests {
    static func run(lateness: @escaping @Sendable (LatenessQuery) -> [Double]) async throws -> ScenarioResult {
        var configuration = ConformanceRunner.Configuration(
            scenarios: [TestScenarios.fallback], client: BuiltinClient(),
            jobs: 1, timeScale: 0.2)
        configuration.lateness = lateness
        let report = try await ConformanceRunner(configuration: configuration).run()
        return try #require(report.scenarios.first)
    }

    @Test func aLateServerIsReRunAtFourTimesTheScale() async throws {
        // 80 ms late against a 200 ms interval (over 25 %) at 0.2; punctual at 0.8.
        let result = try await Self.run { $0.timeScale < 0.5 ? [1, 80] : [1, 2] }
        #expect(result.record.timingRerun)
        #expect(result.record.timings.timeScale == 0.8)
        #expect(result.record.timings.pollIntervalMs == 800)
        #expect(result.passed, "\(result.judgements.filter(\.failsScenario).map(\.result.detail))")
        let timing = try #require(result.judgements.first { $0.result.id == .timing0 })
        #expect(timing.result.verdict == .pass)
        #expect(timing.result.detail.contains("re-run at 4 × the time scale"))
        // The re-run's journal holds the rescaled script: its polls are at least the 800 ms interval apart.
        let polls = result.record.journal.filter { $0.kind == .poll }
        #expect(polls.count >= 2)
        #expect(zip(polls, polls.dropFirst()).allSatisfy { $1.tMs - $0.tMs >= 760 })
    }

    @Test func aServerStillLateFailsTiming0AndNeverTheClient() async throws {
        let result = try await Self.run { _ in [500] }
        #expect(result.record.timingRerun)
        #expect(!result.passed)
        #expect(result.failedRules == [.timing0])
        for rule in [RuleID.poll1, .poll2, .retry2, .retry3] {
            let judged = try #require(result.judgements.first { $0.result.id == rule })
            #expect(judged.result.verdict == .info, "\(rule): \(judged.result.detail)")
        }
    }

    @Test func aPunctualServerIsNotReRun() async throws {
        let result = try await Self.run { _ in [0.5, 1] }
        #expect(!result.record.timingRerun)
        #expect(result.passed)
    }
}
