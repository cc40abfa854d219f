import Foundation
import SkillsCore
import SkillsMockServer
import SkillsScenario
import SkillsTestSupport
import Testing

/// Every SSE primitive, checked byte for byte and by how the connection ended, through real sockets.
@Suite struct StreamPrimitiveTests {
    static func sse(_ id: String, _ events: [SSEItem], end: StreamEnd = .complete, status: Int = 200,
                    headers: [Header] = []) -> Scenario {
        Scenario(id: id, title: id, create: [Step(kind: .sse(SSEScript(status: status, headers: headers, events: events, end: end)))])
    }

    static func createSSE(_ server: TestServer, key: String, timeout: Double = 10) async -> RawExchange {
        await server.client.send("POST", "/api/v1/generation/sse/kling-ai/kling-v2.6", key: key,
                                 headers: [("Accept", "text/event-stream"), ("Content-Type", "application/json")],
                                 body: #"{"prompt":"x"}"#, idleTimeout: timeout, totalTimeout: timeout)
    }

    @Test func completeStreamSendsExactBytesAndTerminatingChunk() async throws {
        let scenario = Self.sse("s.complete", [
            SSEItem(event: "status", data: .json(["id": "{gen}", "status": "IN_QUEUE"]), id: "1"),
            SSEItem(data: .text("line one\nline two")),
            SSEItem(retry: 1500),
            SSEItem(comment: "keepalive"),
            SSEItem(raw: Array("data: raw {gen}\r\n\r\n".utf8)),
        ])
        let server = try TestServer(scenarios: [scenario])
        let exchange = await Self.createSSE(server, key: "sk-test-s.complete")
        let response = try #require(exchange.response)
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/event-stream")
        #expect(response.header("Cache-Control") == "no-cache")
        #expect(response.chunked && response.complete)
        #expect(exchange.ending == .eof)
        let entries = await server.server.awaitSettled(filter: JournalFilter(key: "sk-test-s.complete"), timeout: .seconds(5))
        let gen = try #require(entries.first?.generationID)
        #expect(gen.hasPrefix("gen_"))
        #expect(response.bodyText == """
            event: status\nid: 1\ndata: {"id":"\(gen)","status":"IN_QUEUE"}\n\n\
            data: line one\ndata: line two\n\n\
            retry: 1500\n\n\
            : keepalive\n\n\
            data: raw \(gen)\r\n\r\n
            """)
        #expect(entries.first?.end == .complete)
        #expect(entries.first?.events.map(\.data) == [#"{"id":"\#(gen)","status":"IN_QUEUE"}"#, "line one\nline two", nil])
        #expect(entries.first?.events.first?.event == "status")
        #expect(entries.first?.events.first?.id == "1")
    }
}
