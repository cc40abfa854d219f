import Foundation
import SkillsScenario
import Testing

@testable import SkillsConformance

/// The builtin client sees every event the server wrote before a stream broke, on a kept-alive connection too.
///
/// Found by chaos (seed 11 #147, shrunk): a 503, then on the same connection a stream split mid-line, its
/// terminal event, and a close. With the body read through async-http-client's async API (and then with a
/// delegate whose channel sat on another event loop), parts that arrived with the close waited for demand and
/// were dropped with the error: the client saw no id or no terminal event in about 2 runs of 3.
@Suite struct StreamBreakDeliveryTests {
    static func scenario(_ index: Int) throws -> Scenario {
        try ScenarioLoader.parse(
            yaml: #"""
                id: "break-delivery.\#(index)"
                title: "503, then a split stream whose terminal event is followed by a close"
                create:
                  - {status: 503, body: {"message": "Too many requests, slow down"}}
                  - sse:
                      - {raw: "retry: 5000\r\ndata: {\"i"}
                      - {delay: 5ms, raw: "d\":\"{gen}\",\"status\":\"processing\"}\r\n\r\n"}
                      - {raw: "event: update\r\ndata: {\"id\":\"{gen}\",\"status\":\"failed\",\"error\":\"the generation did not finish\"}\r\n\r\n"}
                    end: close
                expect: {outcome: FAILED, exit: 10, creates: 2, polls: 0}
                """#, file: "break-delivery.yaml")
    }

    @Test(arguments: [0.05, 1.0])
    func everyRunSeesTheTerminalEventBeforeTheClose(_ timeScale: Double) async throws {
        let scenarios = try (0..<16).map(Self.scenario)
        let report = try await ConformanceRunner(
            configuration: .init(
                scenarios: scenarios, client: BuiltinClient(), jobs: 4, timeScale: timeScale)
        ).run()
        let failed = report.scenarios.filter { !$0.passed && !$0.failingRules.contains(.timing0) }
        #expect(
            failed.isEmpty,
            "\(failed.map { "\($0.scenario.id): \($0.failingRules) \($0.record.output.map(\.text).suffix(3))" })")
    }
}
