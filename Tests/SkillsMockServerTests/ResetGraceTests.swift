import Foundation
import SkillsCore
import SkillsMockServer
import SkillsScenario
import SkillsTestSupport
import Testing

/// A scripted `reset` leaves `MockServer.resetGraceMs` of real time after the last bytes went out, whatever the
/// time scale, so a client reads every event before the RST (SPEC 6, FALL-1).
@Suite struct ResetGraceTests {
    @Test(arguments: [0.001, 0.01, 1])
    func aResetComesTheGraceAfterTheLastEventAtAnyScale(scale: Double) async throws {
        let events = [
            SSEItem(data: .json(["id": "{gen}", "status": "IN_PROGRESS"])),
            SSEItem(delayMs: 100, data: .text("two")),
            SSEItem(data: .text("three")),
        ]
        let id = "s.grace-\(scale)"
        let server = try TestServer(scenarios: [TestScenarios.sse(id, events, end: .reset)], timeScale: scale)
        let exchange = await TestScenarios.createSSE(server, key: "sk-test-\(id)")
        #expect(exchange.ending == .reset, "the client sees ECONNRESET")
        let response = try #require(exchange.response)
        #expect(response.bodyText.contains("IN_PROGRESS"))
        #expect(
            response.bodyText.hasSuffix("data: two\n\ndata: three\n\n"), "every event's bytes arrived before the RST")
        #expect(!response.complete)
        let entry = try #require(
            await server.server.awaitSettled(filter: JournalFilter(scenario: id), timeout: .seconds(5)).first)
        #expect(entry.end == .reset)
        #expect(entry.events.map(\.data).suffix(2) == ["two", "three"])
        let lastEvent = try #require(entry.events.last)
        let ended = try #require(entry.endedMs)
        #expect(
            ended - lastEvent.tMs >= MockServer.resetGraceMs, "reset \(ended - lastEvent.tMs) ms after the last event")
    }

    @Test func aScaledDelayBeforeAResetIsRaisedToTheGrace() async throws {
        // 5 s at scale 0.001 is 5 ms before the reset: raised to 25 ms after the last bytes.
        let events = [SSEItem(data: .text("only")), SSEItem(delayMs: 5000)]
        let server = try TestServer(
            scenarios: [TestScenarios.sse("s.grace-delay", events, end: .reset)], timeScale: 0.001)
        let exchange = await TestScenarios.createSSE(server, key: "sk-test-s.grace-delay")
        #expect(exchange.ending == .reset)
        #expect(exchange.response?.bodyText == "data: only\n\n")
        let entry = try #require(
            await server.server.awaitSettled(filter: JournalFilter(scenario: "s.grace-delay"), timeout: .seconds(5))
                .first)
        let lastEvent = try #require(entry.events.last)
        let ended = try #require(entry.endedMs)
        #expect(ended - lastEvent.tMs >= MockServer.resetGraceMs)
        #expect(entry.lateMs.count == 1, "the 5 ms delay is one scripted timer")
    }

    @Test func aResetWithNoEventsComesTheGraceAfterTheHead() async throws {
        let server = try TestServer(scenarios: [TestScenarios.sse("s.grace-head", [], end: .reset)], timeScale: 0.001)
        let exchange = await TestScenarios.createSSE(server, key: "sk-test-s.grace-head")
        #expect(exchange.ending == .reset)
        #expect(exchange.response?.status == 200, "the head arrived before the RST")
        let entry = try #require(
            await server.server.awaitSettled(filter: JournalFilter(scenario: "s.grace-head"), timeout: .seconds(5))
                .first)
        let answered = try #require(entry.answeredMs)
        let ended = try #require(entry.endedMs)
        #expect(ended - answered >= MockServer.resetGraceMs)
    }
}
