import Foundation
import SkillsCore
import SkillsScenario
import SkillsTestSupport
import Testing

/// Time templates resolve when the answer is sent (not when the request arrived), in headers and bodies, and the
/// journal keeps the `Retry-After` as sent while the run export keeps the template.
@Suite struct TimeTemplateServeTests {
    static let scenario = try! ScenarioLoader.parse(
        yaml: """
            id: tt.dates
            title: dates resolved when sent
            create:
              - delay: 1500ms
                status: 429
                headers: {Retry-After: "{now+3s}", X-Sent: "{now}"}
                body: {message: "retry after {now+3s}"}
              - delay: 1500ms
                headers: {X-Sent: "{now}", Retry-After: "{now-5s}"}
                sse:
                  - {data: {id: "{gen}", status: IN_PROGRESS}}
                end: close
            poll:
              - {status: 503, headers: {Retry-After: "{now+1s}", X-Sent: "{now}"}, body: "busy"}
            """, file: "tt.yaml")

    static func date(_ exchange: RawExchange, _ header: String) throws -> Date {
        let value = try #require(exchange.response?.header(header), "no \(header)")
        return try #require(HTTPDate.parse(value, now: Date()), "\(header): \(value)")
    }

    @Test func aDelayedAnswerDatesItselfWhenSentAndTheJournalKeepsWhatWasSent() async throws {
        let server = try TestServer(scenarios: [Self.scenario])
        let key = "sk-test-tt.dates"
        let asked = Date().timeIntervalSince1970
        let limited = await TestScenarios.createSSE(server, key: key)
        #expect(limited.response?.status == 429)
        let sent = try Self.date(limited, "X-Sent").timeIntervalSince1970
        #expect(sent >= (asked + 1.5).rounded(.down), "dated when the delayed answer went out, not on arrival")
        #expect(try Self.date(limited, "Retry-After").timeIntervalSince1970 == sent + 3)
        let message = TestScenarios.body(limited)?["message"]?.stringValue
        #expect(message == "retry after " + (limited.response?.header("Retry-After") ?? "-"))

        let asked2 = Date().timeIntervalSince1970
        let stream = await TestScenarios.createSSE(server, key: key)
        #expect(stream.response?.status == 200)
        let streamSent = try Self.date(stream, "X-Sent").timeIntervalSince1970
        #expect(streamSent >= (asked2 + 1.5).rounded(.down), "a stream's headers are dated when it starts")
        #expect(try Self.date(stream, "Retry-After").timeIntervalSince1970 == streamSent - 5)

        let journal = server.server.journal()
        #expect(
            journal.map(\.retryAfter) == [
                limited.response?.header("Retry-After"), stream.response?.header("Retry-After"),
            ])
        let exported = await server.client.send("GET", "/__admin/runs/scenario?key=\(key)")
        let text = String(decoding: exported.response?.body ?? [], as: UTF8.self)
        #expect(text.contains("{now+3s}") && text.contains("{now-5s}"), "the export keeps the templates: \(text)")
    }

    @Test func anAnswerSentAtOnceIsDatedNow() async throws {
        let server = try TestServer(scenarios: [Self.scenario])
        let before = Date().timeIntervalSince1970.rounded(.down)
        let answer = await TestScenarios.poll(server, key: "sk-test-tt.dates", id: "gen_x")
        let after = Date().timeIntervalSince1970
        #expect(answer.response?.status == 503)
        let sent = try Self.date(answer, "X-Sent").timeIntervalSince1970
        #expect(sent >= before && sent <= after)
        #expect(try Self.date(answer, "Retry-After").timeIntervalSince1970 == sent + 1)
        #expect(server.server.journal().last?.retryAfter == answer.response?.header("Retry-After"))
    }
}
