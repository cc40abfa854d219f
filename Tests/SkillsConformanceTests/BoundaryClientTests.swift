import Foundation
import SkillsScenario
import SkillsTestSupport
import Testing

@testable import SkillsConformance

/// Knob-turned builtin clients run through the catalogue: each one just past a tolerance fails exactly the
/// rule it breaks, and the one just inside passes everything, on a quiet machine and beside two busy loops.
///
/// These runs judge timing, and the busy loops load the whole machine, so they must not share it with the
/// other suites (which run in parallel): `ci/test` runs this suite on its own with `SKILLSMOCK_BOUNDARY=1`.
@Suite(
    .serialized,
    .enabled(
        if: ProcessInfo.processInfo.environment["SKILLSMOCK_BOUNDARY"] == "1",
        "timing suite: run alone, SKILLSMOCK_BOUNDARY=1 swift test --filter BoundaryClientTests"))
struct BoundaryClientTests {
    static let catalogue: [Scenario] = (try? ScenarioLoader.load(paths: [RepoPaths.scenarios])) ?? []
    static let scale = 0.05

    /// (variant, the rule it breaks; nil for the variant inside every tolerance).
    static let variants: [(BuiltinClient, RuleID?)] = [
        (BuiltinClient(knobs: .init(pollIntervalFactor: 0.5, label: "poll-interval×0.5")), .poll1),
        (BuiltinClient(knobs: .init(pollIntervalFactor: 0.8, label: "poll-interval×0.8")), .poll1),
        (BuiltinClient(knobs: .init(backoffBaseMs: 2, backoffMaxMs: 2, label: "flat-2ms-backoff")), .retry2),
        (
            BuiltinClient(maxAttempts: 30, knobs: .init(backoffBaseMs: 1, backoffMaxMs: 1, label: "30-fast-creates")),
            .retry2
        ),
        (BuiltinClient(knobs: .init(pollTimeoutFactor: 0.3, label: "poll-timeout×0.3")), .poll2),
        (BuiltinClient(knobs: .init(pollIntervalFactor: 1.05, label: "poll-interval×1.05")), nil),
    ]

    static func run(_ client: BuiltinClient, on scenarios: [Scenario]) async throws -> ConformanceReport {
        try await ConformanceRunner(
            configuration: .init(
                scenarios: scenarios, client: client, jobs: 2,
                timeScale: scale)
        ).run()
    }

    /// The scenarios a variant is tried on: where its rule can fail, or the whole catalogue.
    static func scenarios(for rule: RuleID?) -> [Scenario] {
        guard let rule else { return catalogue }
        return catalogue.filter { RuleBook.canExercise(rule, scenario: $0) && $0.client.apiKeyAbsent == false }
    }

    /// SPEC rules (not `EXPECT-*`, which a deviating client may miss as a consequence) failed per scenario.
    static func specFailures(_ report: ConformanceReport) -> [String: Set<RuleID>] {
        var failures: [String: Set<RuleID>] = [:]
        for result in report.scenarios {
            let failed = Set(result.failedRules.filter { !$0.isExpectation })
            if !failed.isEmpty { failures[result.scenario.id] = failed }
        }
        return failures
    }

    static func check(_ index: Int) async throws {
        let (client, rule) = variants[index]
        let report = try await run(client, on: scenarios(for: rule))
        let failures = specFailures(report)
        let detail = report.scenarios.filter { !$0.passed }.map { r in
            "\(r.scenario.id): " + r.judgements.filter(\.failsScenario).map(\.result.detail).joined(separator: " | ")
        }.joined(separator: "\n")
        // TIMING-0 is the fake saying it could not keep time even at 4 × the scale: no verdict on the client,
        // so not another rule broken; but it must stay rare, or the runs would prove nothing.
        let timingOnly = report.scenarios.filter { Set($0.failedRules) == [.timing0] }.map(\.scenario.id)
        #expect(timingOnly.count <= max(2, report.scenarios.count / 10), "TIMING-0 in \(timingOnly)")
        if let rule {
            #expect(failures.values.contains { $0.contains(rule) }, "\(client.name) never failed \(rule.rawValue)")
            let others = failures.mapValues { $0.subtracting([rule, .timing0]) }.filter { !$0.value.isEmpty }
            #expect(others.isEmpty, "\(client.name) also failed \(others)\n\(detail)")
        } else {
            let failed = report.scenarios.filter { !$0.passed && !timingOnly.contains($0.scenario.id) }.map(
                \.scenario.id)
            #expect(failed.isEmpty, "\(client.name) must pass everything:\n\(detail)")
            #expect(report.scenarios.count == catalogue.count)
        }
    }

    @Test(arguments: variants.indices)
    func eachVariantFailsExactlyTheRuleItBreaks(_ index: Int) async throws {
        try await Self.check(index)
    }

    @Test(arguments: variants.indices)
    func theSameVerdictsBesideTwoBusyLoops(_ index: Int) async throws {
        let busy = try (0..<2).map { _ in
            try SpawnedProcess(executable: "/bin/sh", arguments: ["-c", "while :; do :; done"])
        }
        defer { for process in busy { process.terminate() } }
        try await Self.check(index)
    }

    /// (variant, scenario, the rule it breaks; nil: it must pass every rule) at `--time-scale 1`.
    static let unscaled: [(BuiltinClient, Scenario, RuleID?)] = [
        (
            BuiltinClient(knobs: .init(pollIntervalFactor: 0.8, label: "poll-interval×0.8")), TestScenarios.fallback,
            .poll1
        ),
        (
            BuiltinClient(knobs: .init(pollIntervalFactor: 1.05, label: "poll-interval×1.05")), TestScenarios.fallback,
            nil
        ),
        (BuiltinClient(knobs: .init(pollTimeoutFactor: 0.9, label: "poll-timeout×0.9")), TestScenarios.forever, .poll2),
        (BuiltinClient(), TestScenarios.forever, nil),
        (
            BuiltinClient(knobs: .init(backoffBaseMs: 1000, backoffMaxMs: 1000, label: "flat-1s-backoff")),
            TestScenarios.busy, .retry2
        ),
        (BuiltinClient(), TestScenarios.busy, nil),
    ]

    @Test func theSameVerdictsAtTimeScaleOne() async throws {
        let reports = try await withThrowingTaskGroup(of: (Int, ConformanceReport).self) { group in
            for (index, (client, scenario, _)) in Self.unscaled.enumerated() {
                group.addTask {
                    (
                        index,
                        try await ConformanceRunner(
                            configuration: .init(
                                scenarios: [scenario], client: client, jobs: 1,
                                timeScale: 1)
                        ).run()
                    )
                }
            }
            var byIndex: [Int: ConformanceReport] = [:]
            for try await (index, report) in group { byIndex[index] = report }
            return byIndex
        }
        for (index, (client, scenario, rule)) in Self.unscaled.enumerated() {
            let result = try #require(reports[index]?.scenarios.first)
            let failed = Set(result.failedRules.filter { !$0.isExpectation })
            let detail = result.judgements.filter(\.failsScenario).map(\.result.detail)
            if let rule {
                #expect(failed == [rule], "\(client.name) on \(scenario.id): \(detail)")
            } else {
                #expect(result.passed, "\(client.name) on \(scenario.id): \(detail)")
            }
        }
    }
}
