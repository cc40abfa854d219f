import Foundation
import SkillsCore
import SkillsScenario
import SkillsTestSupport
import Testing

@testable import SkillsConformance

/// Chaos runs end to end: the builtin client passes a fixed seed's scenarios, reports carry the seed, and a broken
/// client's failure shrinks to a smaller scenario that still fails the same rule.
@Suite(.serialized) struct ChaosConformanceTests {
    /// The seed the suite's chaos run uses (fixed, so a failure here reproduces with `--chaos 300 --seed 20261203`).
    static let seed: UInt64 = 20_261_203

    /// 300 runs of the in-process builtin client judge its timing: beside the other suites (which run in parallel
    /// and saturate the cooperative pool the client runs on) its tasks starve past idle timeouts and hard
    /// deadlines. `ci/test` runs it on its own with `SKILLSMOCK_CHAOS=1`.
    @Test(
        .enabled(
            if: ProcessInfo.processInfo.environment["SKILLSMOCK_CHAOS"] == "1",
            "timing-heavy: run alone, SKILLSMOCK_CHAOS=1 swift test --filter theBuiltinClientPassesEveryScenarioOfAFixedSeed"
        ))
    func theBuiltinClientPassesEveryScenarioOfAFixedSeed() async throws {
        let suite = ChaosSuite(seed: Self.seed, count: 300)
        let report = try await ConformanceRunner(
            configuration: .init(
                scenarios: suite.scenarios, client: BuiltinClient(),
                jobs: 2, timeScale: 0.05)
        ).run()
        #expect(report.scenarios.count == 300)
        for result in report.scenarios where !result.passed {
            let failures = result.judgements.filter(\.failsScenario).map {
                "\($0.result.id.rawValue): \($0.result.detail)"
            }
            let yaml = ScenarioWriter.yaml(result.scenario, precision: .exact)
            let output = result.record.output.map(\.text)
            let message = "\(result.scenario.id) (\(result.scenario.title)): \(failures)\noutput: \(output)\n\(yaml)"
            if result.failingRules.contains(.timing0) {
                // SPEC 6: the fake could not keep time even at 4 × the scale (a loaded machine): no verdict on the client.
                withKnownIssue("the fake could not keep time (TIMING-0)", isIntermittent: true) {
                    Issue.record(Comment(rawValue: message))
                }
            } else if Self.lostServedEvents(result) {
                // The client printed fewer SSE events than the server wrote before a close or reset: the stream
                // body must be read on the event loop as it arrives (`StreamDelegate`), or a break drops it.
                Issue.record(Comment(rawValue: "served SSE events lost before an abnormal end: " + message))
            } else {
                Issue.record(Comment(rawValue: message))
            }
        }
    }

    /// Whether the client printed fewer SSE events than the server served on creates that ended abnormally.
    static func lostServedEvents(_ result: ScenarioResult) -> Bool {
        let abnormal = result.record.journal.filter {
            $0.kind.isCreate && [.close, .reset, .truncate].contains($0.end)
        }
        guard !abnormal.isEmpty else { return false }
        let served = result.record.journal.filter(\.kind.isCreate).reduce(0) { $0 + $1.events.count }
        let printed = result.record.output.filter { $0.text.contains("\"event\":\"sse_event\"") }.count
        return printed < served
    }

    @Test func theLostEventCheckReadsTheJournalAgainstTheOutput() async throws {
        // A correct run of a stream that closes after its events: nothing lost.
        let plan = ChaosPlan(
            seed: 1, index: 0,
            createEnd: .stream(
                ChaosStream(
                    items: [
                        ChaosStreamItem(event: .init(status: "IN_PROGRESS", carriesID: true), delayMs: 200)
                    ], end: .close)), pollEnd: .terminal("COMPLETED"))
        let report = try await ConformanceRunner(
            configuration: .init(
                scenarios: [plan.scenario], client: BuiltinClient(),
                jobs: 1, timeScale: 0.05)
        ).run()
        let result = try #require(report.scenarios.first)
        #expect(result.passed)
        #expect(!Self.lostServedEvents(result))
        var lost = result
        lost.record.output.removeAll { $0.text.contains("\"event\":\"sse_event\"") }
        #expect(Self.lostServedEvents(lost))
    }

    @Test func everyReportCarriesTheSeed() async throws {
        let suite = ChaosSuite(seed: 77, count: 3)
        var report = try await ConformanceRunner(
            configuration: .init(
                scenarios: suite.scenarios, client: BuiltinClient(),
                jobs: 2, timeScale: 0.05)
        ).run()
        report.chaos = ChaosSummary(seed: 77, count: 3)
        let json = try JSONValue.parse(JSONReport.text(report))
        #expect(json["chaos"]?["seed"]?.intValue == 77)
        #expect(json["chaos"]?["count"]?.intValue == 3)
        #expect(ConsoleReport.text(report).contains("chaos seed 77: 3 generated scenario(s)"))
        #expect(JUnitReport.text(report).contains("<property name=\"chaos.seed\" value=\"77\"/>"))
        #expect(HTMLReport.text(report).contains("Chaos seed <code>77</code>"))
        report.chaos = ChaosSummary(seed: UInt64.max, count: 3)
        #expect(try JSONValue.parse(JSONReport.text(report))["chaos"]?["seed"]?.stringValue == String(UInt64.max))
    }

    @Test func shrinkingFollowsTheRuleWithoutRunningAnything() async {
        // Stand-in judge: the run "fails RETRY-2" whenever a garbage fault is scripted anywhere.
        let plan = (0..<2000).lazy.map { ChaosGenerator(seed: 4).plan(at: $0) }
            .first { $0.allFailures.contains(.fault(.garbage)) && $0.size >= 12 }!
        let shrinker = ChaosShrinker(budget: .seconds(30), maxAttempts: 10_000)
        let result = await shrinker.shrink(plan, rule: .retry2) { scenario in
            ScenarioWriter.yaml(scenario, precision: .exact).contains("fault: garbage") ? [.retry2] : [.term1]
        }
        #expect(!result.bounded)
        #expect(result.shrunk.size < plan.size)
        #expect(ScenarioWriter.yaml(result.scenario, precision: .exact).contains("fault: garbage"))
        // Nothing else is left to cut: every candidate loses the garbage fault.
        for candidate in result.shrunk.shrinkCandidates {
            #expect(!ScenarioWriter.yaml(candidate.scenario, precision: .exact).contains("fault: garbage"))
        }
        #expect(result.scenario.title.contains("seed 4") && result.scenario.title.contains("RETRY-2"))
    }

    @Test func aBrokenClientsFailureShrinksToASmallerScenarioFailingTheSameRule() async throws {
        let client = try BrokenClientTests.profileClient("breaks-fall1")
        let timeScale = 0.2
        // The first big generated plan on which the broken client fails FALL-1 (it must reach polling for that).
        var found: ChaosPlan?
        for index in 0..<500 {
            let plan = ChaosGenerator(seed: Self.seed).plan(at: index)
            guard plan.reachesPolling, !plan.createFailures.isEmpty, plan.polls.count >= 2, plan.size >= 12 else {
                continue
            }
            if await ChaosSuite.failingRules(of: plan.scenario, client: client, timeScale: timeScale).contains(.fall1) {
                found = plan
                break
            }
        }
        let plan = try #require(found)
        let directory = NSTemporaryDirectory() + "chaos-shrink-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var result = await ChaosShrinker(budget: .seconds(90)).shrink(plan, rule: .fall1) { candidate in
            await ChaosSuite.failingRules(of: candidate, client: client, timeScale: timeScale)
        }
        result.file = try ChaosSuite.write(result.scenario, to: directory)
        #expect(result.shrunk.size < plan.size, "\(result.summary)")
        #expect(result.accepted >= 1)
        let written = try ScenarioLoader.load(file: try #require(result.file))
        #expect(written.title.contains("seed \(Self.seed)") && written.title.contains("FALL-1"))
        #expect(written.create.count + written.poll.count < plan.scenario.create.count + plan.scenario.poll.count)
        // The file as written still fails the same rule, and the builtin client passes it.
        #expect(await ChaosSuite.failingRules(of: written, client: client, timeScale: timeScale).contains(.fall1))
        #expect(await ChaosSuite.failingRules(of: written, client: BuiltinClient(), timeScale: 0.05).isEmpty)
    }
}
