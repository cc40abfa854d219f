import SkillsCore
import SkillsScenario
import SkillsTestSupport

/// Small scenario builders and request shorthands shared by the server tests.
enum TestScenarios {
    static func sse(
        _ id: String, _ events: [SSEItem], end: StreamEnd = .complete, status: Int = 200,
        headers: [Header] = [], delayMs: Double = 0, poll: [Step] = []
    ) -> Scenario {
        Scenario(
            id: id, title: id,
            create: [
                Step(
                    delayMs: delayMs, kind: .sse(SSEScript(status: status, headers: headers, events: events, end: end)))
            ],
            poll: poll)
    }

    static func fault(_ id: String, _ fault: Fault) -> Scenario {
        Scenario(id: id, title: id, create: [Step(kind: .fault(fault))])
    }

    static func json(_ status: Int, _ body: JSONValue, headers: [Header] = [], delayMs: Double = 0) -> Step {
        Step(delayMs: delayMs, kind: .response(Response(status: status, headers: headers, body: .json(body))))
    }

    static let ssePath = "/api/v1/generation/sse/kling-ai/kling-v2.6"
    static let pollCreatePath = "/api/v1/generation/kling-ai/kling-v2.6"

    /// `POST` to the SSE create endpoint with a small JSON payload.
    static func createSSE(
        _ server: TestServer, key: String?, headers: [(String, String)] = [],
        path: String = ssePath, timeout: Double = 10
    ) async -> RawExchange {
        await server.client.send(
            "POST", path, key: key,
            headers: [("Accept", "text/event-stream"), ("Content-Type", "application/json")] + headers,
            body: #"{"prompt":"x"}"#, idleTimeout: timeout, totalTimeout: timeout)
    }

    /// `POST` to the polling create endpoint.
    static func createPoll(
        _ server: TestServer, key: String?, path: String = pollCreatePath,
        body: String = #"{"prompt":"x"}"#, headers: [(String, String)] = []
    ) async -> RawExchange {
        await server.client.send(
            "POST", path, key: key, headers: [("Content-Type", "application/json")] + headers, body: body)
    }

    /// `GET /api/v1/generation/{id}`.
    static func poll(_ server: TestServer, key: String?, id: String, headers: [(String, String)] = []) async
        -> RawExchange
    {
        await server.client.send("GET", "/api/v1/generation/\(id)", key: key, headers: headers)
    }

    /// The JSON body of a response.
    static func body(_ exchange: RawExchange) -> JSONValue? {
        exchange.response.flatMap { try? JSONValue.parse($0.body) }
    }
}
