import Foundation
import SkillsScenario
import SkillsTestSupport
import Testing

@testable import SkillsConformance

/// The catalogue's HTTP-date `Retry-After` scenarios (time templates): correct clients pass them, a client that
/// ignores `Retry-After` gets RETRY-3, judged against the date as it was sent.
@Suite(.serialized) struct HTTPDateRetryAfterTests {
    static let scenarios = ((try? ScenarioLoader.load(paths: [RepoPaths.scenarios])) ?? []).filter {
        $0.tags.contains("http-date")
    }

    @Test func theCatalogueHasHTTPDateScenariosForCreateAndPoll() {
        #expect(
            Set(Self.scenarios.map(\.id)).isSuperset(of: [
                "create-errors.429-retry-after-date", "polling.503-retry-after-date",
                "polling.429-retry-after-past-date",
            ]))
    }

    @Test func theBuiltinAndACorrectPythonClientPassThem() async throws {
        for client in [BuiltinClient() as any ConformanceClient, try BrokenClientTests.profileClient("sloppy-correct")]
        {
            let report = try await BrokenClientTests.run(client, Self.scenarios)
            for result in report.scenarios {
                let failures = result.judgements.filter {
                    ($0.result.verdict == .fail || $0.result.verdict == .warn) && $0.result.id != .timing0
                }
                #expect(failures.isEmpty, "\(client.name) on \(result.scenario.id): \(failures.map(\.result.detail))")
            }
        }
    }

    /// Due 2 to 3 s (the date has whole seconds); the client waits its own 1 s backoff instead.
    @Test func aClientIgnoringTheDateGetsRetry3() async throws {
        let scenario = try #require(Self.scenarios.first { $0.id == "polling.503-retry-after-date" })
        let report = try await BrokenClientTests.run(try BrokenClientTests.profileClient("breaks-retry3"), [scenario])
        let judged = try #require(report.scenarios.first?.judgements.first { $0.result.id == .retry3 })
        #expect(judged.result.verdict == .warn, "\(judged.result.detail)")
        #expect(
            judged.result.detail.contains("Retry-After 2") || judged.result.detail.contains("Retry-After 3"),
            "the wait due is the date less the answer's time: \(judged.result.detail)")
    }
}
