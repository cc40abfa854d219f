import AsyncHTTPClient
import NIOCore
import SkillsCore
import Testing

@testable import SkillsVideoClient

@Suite("Client value types")
struct ClientValueTests {
    @Test("IndentedJSON matches Python's json.dumps(indent=n)")
    func indentedJSON() {
        let value: JSONValue = ["a": [1, ["b": nil, "c": "é\""]], "d": .object([]), "e": [], "f": 1.5, "g": true]
        #expect(
            IndentedJSON.render(value, indent: 2)
                == "{\n  \"a\": [\n    1,\n    {\n      \"b\": null,\n      \"c\": \"é\\\"\"\n    }\n  ],\n  \"d\": {},\n  \"e\": [],\n  \"f\": 1.5,\n  \"g\": true\n}"
        )
        #expect(
            IndentedJSON.render(value, indent: 0)
                == "{\n\"a\": [\n1,\n{\n\"b\": null,\n\"c\": \"é\\\"\"\n}\n],\n\"d\": {},\n\"e\": [],\n\"f\": 1.5,\n\"g\": true\n}"
        )
        #expect(IndentedJSON.render("x", indent: 4) == "\"x\"")
    }

    @Test(
        "network errors map to transient reasons",
        arguments: [
            (HTTPClientError.readTimeout as any Error, NetworkFailure.Reason.timeout),
            (HTTPClientError.connectTimeout, .timeout),
            (HTTPClientError.deadlineExceeded, .timeout),
            (HTTPClientError.remoteConnectionClosed, .connectionClosed),
            (IOError(errnoCode: 104, reason: "read"), .connectionReset),
            (IOError(errnoCode: 111, reason: "connect"), .connectionRefused),
            (IOError(errnoCode: 32, reason: "write"), .connectionClosed),
        ] as [(any Error, NetworkFailure.Reason)])
    func networkReasons(error: any Error, reason: NetworkFailure.Reason) {
        let failure = NetworkFailure(error)
        #expect(failure.reason == reason)
        #expect(CallFailure.network(failure).isTransient)
        #expect(CallFailure.network(failure).category == .transient)
    }

    @Test("call failures: category, transience, Retry-After and message")
    func callFailures() {
        let busy = CallFailure.http(HTTPAnswer(status: 503, body: "{\"message\":\"busy\"}", retryAfterSeconds: 2))
        #expect(busy.isTransient && busy.retryAfterSeconds == 2 && busy.httpStatus == 503 && busy.message == "busy")
        #expect(busy.reason == "http_503")
        let credits = CallFailure.http(HTTPAnswer(status: 503, body: "please recharge"))
        #expect(!credits.isTransient, "a credit keyword wins over the 5xx status")
        #expect(credits.category == .insufficientCredits)
        let empty = CallFailure.http(HTTPAnswer(status: 404, body: ""))
        #expect(empty.message == "HTTP 404" && empty.category == .notFound)
        #expect(CallFailure.protocolViolation("no id", transient: true).isTransient)
        #expect(CallFailure.protocolViolation("no id", transient: false).category == .unknown)
    }

    @Test("payload sources: text, empty, non-object")
    func payloads() throws {
        #expect(try PayloadSource.load(text: "{\"prompt\":\"x\"}", file: nil).get() == ["prompt": "x"])
        #expect(try PayloadSource.load(text: nil, file: nil).get() == .object([]))
        #expect(try PayloadSource.load(text: "   ", file: nil).get() == .object([]))
        #expect(throws: OptionProblem.self) { try PayloadSource.load(text: "\"text\"", file: nil).get() }
    }

    @Test("credits balance is found by key, depth first")
    func balance() {
        #expect(CreditsCommand.balance(in: ["data": ["credits": 120]]) == 120)
        #expect(CreditsCommand.balance(in: ["balance": 5, "credits": 7]) == 7)
        #expect(CreditsCommand.balance(in: ["credits": "many"]) == nil)
        #expect(CreditsCommand.balance(in: nil) == nil)
    }
}
