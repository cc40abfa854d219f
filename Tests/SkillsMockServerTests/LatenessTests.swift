import Foundation
import SkillsCore
import SkillsScenario
import SkillsTestSupport
import Testing

@testable import SkillsMockServer

/// The server says how late it was: each scripted timer's lateness on its journal entry, and the loops' lag
/// probe through `MockServer.lateness(fromMs:toMs:)` and `GET /__admin/lateness`.
@Suite struct LatenessTests {
    /// A step delay, two item delays and a dribbled item of 9 bytes (8 gaps): 11 scripted timers.
    static let timed = TestScenarios.sse(
        "s.timed",
        [
            SSEItem(delayMs: 1000, data: .text("a")),
            SSEItem(data: .text("b")),
            SSEItem(delayMs: 500, comment: "c"),
            SSEItem(raw: Array("data: d\n\n".utf8), dribble: true),
        ], delayMs: 2000)

    @Test func everyScriptedTimerJournalsItsLateness() async throws {
        let server = try TestServer(scenarios: [Self.timed], timeScale: 0.01)
        let exchange = await TestScenarios.createSSE(server, key: "sk-test-s.timed")
        #expect(exchange.response?.bodyText == "data: a\n\ndata: b\n\n: c\n\ndata: d\n\n")
        let entry = try #require(
            await server.server.awaitSettled(filter: JournalFilter(scenario: "s.timed"), timeout: .seconds(5)).first)
        #expect(entry.lateMs.count == 11, "1 step delay + 2 item delays + 8 dribble gaps, got \(entry.lateMs)")
        #expect(entry.lateMs.allSatisfy { $0 >= 0 && $0.isFinite })
    }

    @Test func delayedRepliesJournalOneSampleAndImmediateOnesNone() async throws {
        let scenario = Scenario(
            id: "s.delayed", title: "s.delayed",
            create: [TestScenarios.json(200, ["id": "{gen}", "status": "IN_QUEUE"], delayMs: 300)],
            poll: [TestScenarios.json(200, ["id": "{gen}", "status": "COMPLETED"])])
        let server = try TestServer(scenarios: [scenario], timeScale: 0.1)
        let created = await TestScenarios.createPoll(server, key: "sk-test-s.delayed")
        let id = try #require(TestScenarios.body(created)?["id"]?.stringValue)
        _ = await TestScenarios.poll(server, key: "sk-test-s.delayed", id: id)
        let entries = await server.server.awaitSettled(
            filter: JournalFilter(scenario: "s.delayed"), timeout: .seconds(5))
        #expect(entries.map(\.lateMs.count) == [1, 0])
        #expect(entries.first?.lateMs.allSatisfy { $0 >= 0 } == true)
    }

    @Test func theAdminJournalCarriesLateMs() async throws {
        let server = try TestServer(scenarios: [Self.timed], timeScale: 0.01)
        _ = await TestScenarios.createSSE(server, key: "sk-test-s.timed")
        _ = await server.server.awaitSettled(filter: JournalFilter(scenario: "s.timed"), timeout: .seconds(5))
        let journal = await server.client.send("GET", "/__admin/journal?scenario=s.timed")
        let entry = try #require(TestScenarios.body(journal)?["entries"]?.arrayValue?.first)
        let late = try #require(entry["late_ms"]?.arrayValue)
        #expect(late.count == 11)
        #expect(late.allSatisfy { ($0.numberValue ?? -1) >= 0 })
    }

    @Test func theLagProbeFillsTheWindowAsked() async throws {
        let server = try TestServer()
        let start = server.server.nowMs
        var samples: [Double] = []
        let deadline = ContinuousClock.now + .seconds(10)
        while samples.count < 4, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            samples = server.server.lateness(fromMs: start, toMs: server.server.nowMs)
        }
        #expect(samples.count >= 4, "the probe ticks every 5 ms on each loop")
        #expect(samples.allSatisfy { $0 >= 0 && $0.isFinite })
        #expect(server.server.lateness(fromMs: -1000, toMs: -1).isEmpty, "nothing before the server started")
        let later = server.server.nowMs + 60_000
        #expect(server.server.lateness(fromMs: later, toMs: later + 1000).isEmpty, "nothing in the future")
    }

    @Test func aProbeIntervalOfZeroTurnsTheProbeOff() async throws {
        let server = try MockServer(configuration: ServerConfiguration(lagProbeIntervalMs: 0))
        try server.start()
        defer { server.stop() }
        try await Task.sleep(for: .milliseconds(50))
        #expect(server.lateness(fromMs: 0, toMs: server.nowMs).isEmpty)
        #expect(throws: MockServerError.invalidConfiguration) {
            try MockServer(configuration: ServerConfiguration(lagProbeIntervalMs: -1))
        }
    }

    @Test func theAdminLatenessEndpointSummarisesTheProbe() async throws {
        let server = try TestServer()
        var body: JSONValue?
        let deadline = ContinuousClock.now + .seconds(10)
        repeat {
            try await Task.sleep(for: .milliseconds(20))
            body = TestScenarios.body(await server.client.send("GET", "/__admin/lateness"))
        } while (body?["summary"]?["count"]?.intValue ?? 0) < 2 && ContinuousClock.now < deadline
        let samples = try #require(body?["samples"]?.arrayValue)
        #expect(samples.count >= 2)
        #expect(body?["summary"]?["count"]?.intValue == samples.count)
        #expect((body?["summary"]?["max"]?.numberValue ?? -1) >= (body?["summary"]?["p50"]?.numberValue ?? 0))
        #expect((body?["now_ms"]?.numberValue ?? 0) > 0)
        let none = await server.client.send("GET", "/__admin/lateness?from_ms=-10&to_ms=-1")
        #expect(TestScenarios.body(none)?["summary"]?["count"]?.intValue == 0)
        let bad = await server.client.send("GET", "/__admin/lateness?from_ms=soon")
        #expect(bad.response?.status == 400)
        #expect(await server.client.send("POST", "/__admin/lateness").response?.status == 405)
    }

    @Test func theRingKeepsTheNewestSamplesAndFiltersByTime() {
        var ring = LatenessRing(capacity: 4)
        #expect(ring.lateness(fromMs: 0, toMs: 100).isEmpty)
        for t in 1...6 { ring.append(atMs: Double(t * 10), lateMs: Double(t)) }
        #expect(ring.count == 4)
        #expect(ring.lateness(fromMs: 0, toMs: 1000) == [3, 4, 5, 6], "the two oldest were dropped, oldest first")
        #expect(ring.lateness(fromMs: 40, toMs: 50) == [4, 5], "bounds are inclusive")
        #expect(ring.lateness(fromMs: 61, toMs: 70).isEmpty)
    }
}
