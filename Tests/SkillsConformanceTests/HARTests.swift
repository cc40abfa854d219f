import Foundation
import SkillsCore
import Testing

@testable import SkillsConformance

/// HAR 1.2 from journals: what `GET /__admin/journal.har` and `conform --report-har` write.
@Suite struct HARTests {
    static let clock = HARLog.ClockAnchor(atMs: 1000, wallClock: Date(timeIntervalSince1970: 1_800_000_000))

    static func document(_ entries: [JournalEntry]) throws -> [JSONValue] {
        let har = HARLog.document(entries: entries, origin: "http://127.0.0.1:8080", clock: clock)
        #expect(har["log"]?["version"]?.stringValue == "1.2")
        #expect(har["log"]?["creator"]?["name"]?.stringValue == "skillsmock")
        // What is written is JSON a reader can parse back.
        let parsed = try JSONValue.parse(har.jsonText)
        return try #require(parsed["log"]?["entries"]?.arrayValue)
    }

    @Test func aStreamAnswerAndAPollBecomeEntriesWithTheirBodiesTimesAndEnds() throws {
        let stream = J.sseCreate(
            1, at: 1000, events: [(1010, J.status("IN_PROGRESS")), (1030, J.status("COMPLETED"))],
            end: .reset, endedAt: 1040)
        let poll = J.poll(2, at: 1500, body: J.status("COMPLETED"))
        let entries = try Self.document([stream, poll])
        #expect(entries.count == 2)
        let first = try #require(entries.first)
        #expect(first["startedDateTime"]?.stringValue == "2027-01-15T08:00:00.000Z")
        #expect(first["request"]?["method"]?.stringValue == "POST")
        #expect(first["request"]?["url"]?.stringValue == "http://127.0.0.1:8080" + J.sse)
        #expect(first["request"]?["postData"]?["text"]?.stringValue == "{\"prompt\":\"x\"}")
        #expect(first["response"]?["status"]?.intValue == 200)
        #expect(first["response"]?["statusText"]?.stringValue == "OK")
        #expect(first["response"]?["content"]?["mimeType"]?.stringValue == "text/event-stream")
        let text = try #require(first["response"]?["content"]?["text"]?.stringValue)
        #expect(text == "data: \(J.status("IN_PROGRESS"))\n\ndata: \(J.status("COMPLETED"))\n\n")
        #expect(first["timings"]?["wait"]?.numberValue == 1)
        #expect(first["timings"]?["receive"]?.numberValue == 39)
        #expect(first["time"]?.numberValue == 40)
        #expect(first["_end"]?.stringValue == "reset")
        #expect(first["_events"]?.arrayValue?.map { $0["t_ms"]?.numberValue } == [10, 30])
        let second = try #require(entries.last)
        #expect(second["startedDateTime"]?.stringValue == "2027-01-15T08:00:00.500Z")
        #expect(second["response"]?["content"]?["mimeType"]?.stringValue == "application/json")
        #expect(second["response"]?["content"]?["text"]?.stringValue == J.status("COMPLETED"))
        #expect(second["request"]?["postData"] == nil, "a GET has no body")
    }

    @Test func theKeyIsOnlyItsFingerprintAndUnansweredRequestsSaySo() throws {
        let silent = J.plainCreate(1, at: 1000, status: nil, end: .reset, endedAt: 1200)
        let entries = try Self.document([silent])
        let entry = try #require(entries.first)
        #expect(entry["response"]?["status"]?.intValue == 0)
        #expect(entry["response"]?["bodySize"]?.intValue == -1)
        #expect(entry["_key"]?.stringValue == J.fingerprint)
        #expect(!HARLog.document(entries: [silent], origin: "http://x", clock: Self.clock).jsonText.contains(J.key))
        var asked = J.poll(2, at: 1100, body: "{}")
        asked.path = "/api/v1/credits?key=a%20b&since=3"
        let query = try #require(try Self.document([asked]).first?["request"]?["queryString"]?.arrayValue)
        #expect(
            query == [
                .object([("name", .string("key")), ("value", .string("a b"))]),
                .object([("name", .string("since")), ("value", .string("3"))]),
            ])
    }

    @Test func aConformanceRunIsOneArchiveNamingEachScenario() async throws {
        let report = try await ConformanceRunner(
            configuration: .init(
                scenarios: [TestScenarios.credits, TestScenarios.failed],
                client: BuiltinClient(), jobs: 2, timeScale: 0.2)
        ).run()
        let har = try JSONValue.parse(HARReport.text(report))
        let entries = try #require(har["log"]?["entries"]?.arrayValue)
        let journaled = report.scenarios.map(\.record.journal.count).reduce(0, +)
        #expect(entries.count == journaled && journaled >= 3)
        #expect(Set(entries.compactMap { $0["_scenario"]?.stringValue }) == ["t.credits", "t.failed"])
        #expect(entries.contains { $0["response"]?["status"]?.intValue == 402 })
    }
}
