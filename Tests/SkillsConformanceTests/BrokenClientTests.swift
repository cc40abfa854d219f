import Foundation
import SkillsScenario
import SkillsTestSupport
import Testing

@testable import SkillsConformance

/// Each deliberately broken client fails its own rule on a scenario where the builtin client passes.
@Suite(.serialized) struct BrokenClientTests {
    static let directory = RepoPaths.root + "/Fixtures/clients/broken"

    /// (profile, the rule it breaks, the scenario it is run on, the verdict it must get).
    static let cases: [(String, RuleID, Scenario, RuleVerdict)] = [
        ("breaks-term1", .term1, TestScenarios.fallback, .fail),
        ("breaks-term2", .term2, TestScenarios.failed, .fail),
        ("breaks-sse1", .sse1, TestScenarios.fallback, .fail),
        ("breaks-fall1", .fall1, TestScenarios.fallback, .fail),
        ("breaks-fall2", .fall2, TestScenarios.fallback, .fail),
        ("breaks-poll1", .poll1, TestScenarios.fallback, .fail),
        ("breaks-poll2", .poll2, TestScenarios.forever, .fail),
        ("breaks-retry1", .retry1, TestScenarios.credits, .fail),
        ("breaks-retry2", .retry2, TestScenarios.busy, .fail),
        ("breaks-retry3", .retry3, TestScenarios.retryAfter, .warn),
        ("breaks-class1", .class1, TestScenarios.credits, .fail),
        ("breaks-auth1", .auth1, TestScenarios.fallback, .fail),
        ("breaks-auth2", .auth2, TestScenarios.noKey, .fail),
        ("breaks-sec1", .sec1, TestScenarios.fallback, .fail),
        ("breaks-exit1", .exit1, TestScenarios.fallback, .fail),
        // Near the boundary: just past a tolerance, not gross breakage.
        ("breaks-poll1-near", .poll1, TestScenarios.fallback, .fail),
        ("breaks-poll2-early", .poll2, TestScenarios.forever, .fail),
        ("breaks-retry2-flat", .retry2, TestScenarios.busy, .fail),
        ("breaks-retry2-growth", .retry2, TestScenarios.busy, .fail),
        ("breaks-retry2-break", .retry2, TestScenarios.breakBeforeID, .fail),
    ]

    static func run(_ client: any ConformanceClient, _ scenarios: [Scenario], baseline: Baseline? = nil) async throws
        -> ConformanceReport
    {
        try await ConformanceRunner(
            configuration: .init(
                scenarios: scenarios, client: client, jobs: 4, timeScale: 0.2,
                baseline: baseline, deadlineMargin: .seconds(2))
        ).run()
    }

    static func profileClient(_ name: String) throws -> ProfileClient {
        let profile = try ClientProfileLoader.load(file: "\(directory)/\(name).yaml")
        return ProfileClient(profile: profile, directory: directory)
    }

    @Test func everyRuleHasABrokenClient() {
        #expect(Set(Self.cases.map(\.1)) == Set(RuleID.specRules))
        for (_, rule, scenario, _) in Self.cases {
            #expect(RuleBook.canExercise(rule, scenario: scenario), "\(rule) on \(scenario.id)")
        }
    }

    @Test(arguments: cases.map(\.0))
    func brokenClientFailsItsRule(_ name: String) async throws {
        let (_, rule, scenario, verdict) = try #require(Self.cases.first { $0.0 == name })
        let report = try await Self.run(try Self.profileClient(name), [scenario])
        let result = try #require(report.scenarios.first)
        let judged = try #require(result.judgements.first { $0.result.id == rule })
        #expect(
            judged.result.verdict == verdict,
            "\(name) on \(scenario.id): \(judged.result.detail)\noutput: \(result.record.output.map(\.text))")
        if verdict == .fail { #expect(!result.passed) }
    }

    @Test func theSloppyClientWithoutABreakAndTheBuiltinPassTheseScenarios() async throws {
        let scenarios = Array(Set(Self.cases.map(\.2.id))).sorted().compactMap { id in
            TestScenarios.all.first { $0.id == id }
        }
        for client in [try Self.profileClient("sloppy-correct") as any ConformanceClient, BuiltinClient()] {
            let report = try await Self.run(client, scenarios)
            // TIMING-0 is the fake saying it could not keep time (a machine too busy even at 4 × the scale):
            // no verdict on the client, so not a false one; but it must stay the exception.
            let timingOnly = report.scenarios.filter { Set($0.failedRules) == [.timing0] }
            #expect(timingOnly.count <= report.scenarios.count / 2, "TIMING-0 in \(timingOnly.map(\.scenario.id))")
            for result in report.scenarios {
                let failures = result.judgements.filter {
                    ($0.result.verdict == .fail || $0.result.verdict == .warn) && $0.result.id != .timing0
                }
                #expect(
                    failures.isEmpty,
                    "\(client.name) on \(result.scenario.id): \(failures.map(\.result.detail))\noutput: \(result.record.output.map(\.text))"
                )
            }
        }
    }
}
