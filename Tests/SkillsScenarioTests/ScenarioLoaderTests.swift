import Foundation
import SkillsCore
import Testing

@testable import SkillsScenario

/// Parses `yaml` as a scenario named `test.yaml`, recording the problems when it fails.
func parse(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Scenario {
    do {
        return try ScenarioLoader.parse(yaml: yaml, file: "test.yaml")
    } catch {
        Issue.record("unexpected problems:\n\(error.description)", sourceLocation: sourceLocation)
        throw error
    }
}

/// The problems `yaml` produces (empty when it parses).
func problems(_ yaml: String) -> [ScenarioError] {
    do {
        _ = try ScenarioLoader.parse(yaml: yaml, file: "test.yaml")
        return []
    } catch {
        return error.errors
    }
}

/// The first create step's SSE script.
func script(_ scenario: Scenario) throws -> SSEScript {
    guard case .sse(let script)? = scenario.create.first?.kind else {
        throw ScenarioLoadFailure(errors: [
            ScenarioError(file: "test", line: nil, keyPath: "create[0]", message: "not an sse step")
        ])
    }
    return script
}

@Suite("Scenario loader: good paths")
struct ScenarioLoaderTests {
    @Test("the SPEC 5 example parses into the model")
    func specExample() throws {
        let scenario = try parse(
            """
            id: sse.drop-after-progress        # unique across the catalogue
            title: SSE drops after IN_PROGRESS; the client polls the same id to COMPLETED
            tags: [sse, fallback]
            model: kling-ai/kling-v2.6
            payload: {prompt: "neon city rain at night"}
            create:
              - sse:
                  - {delay: 50ms, event: status, data: {id: "{gen}", status: IN_QUEUE}}
                  - {delay: 50ms, data: {id: "{gen}", status: IN_PROGRESS}}
                  - {comment: keepalive}
                end: reset
            poll:
              - {status: 200, body: {id: "{gen}", status: IN_PROGRESS}}
              - {status: 503, body: {message: upstream busy}, headers: {Retry-After: "1"}}
              - {status: 200, body: {id: "{gen}", status: COMPLETED, output: {url: "https://cdn.example.invalid/v.mp4"}}}
            expect:
              outcome: COMPLETED
              exit: 0
              creates: 1
              polls: ">=3"
            """)
        #expect(scenario.id == "sse.drop-after-progress")
        #expect(scenario.tags == ["sse", "fallback"])
        #expect(scenario.payload == ["prompt": "neon city rain at night"])
        #expect(scenario.source == "test.yaml")
        let sse = try script(scenario)
        #expect(sse.status == 200)
        #expect(sse.end == .reset)
        #expect(sse.events.count == 3)
        #expect(
            sse.events[0] == SSEItem(delayMs: 50, event: "status", data: .json(["id": "{gen}", "status": "IN_QUEUE"])))
        #expect(sse.events[2] == SSEItem(comment: "keepalive"))
        #expect(scenario.poll.count == 3)
        #expect(
            scenario.poll[1]
                == Step(
                    kind: .response(
                        Response(
                            status: 503, headers: [Header("Retry-After", "1")],
                            body: .json(["message": "upstream busy"])))))
        #expect(
            scenario.expect
                == Expectation(outcome: "COMPLETED", exit: 0, creates: CountCheck(.eq, 1), polls: CountCheck(.ge, 3)))
    }

    @Test("model and payload have documented defaults; tags, poll, client and expect are optional")
    func defaults() throws {
        let scenario = try parse("id: a\ntitle: t\ncreate: [{status: 200, body: {id: x}}]\n")
        #expect(scenario.model == "kling-ai/kling-v2.6")
        #expect(scenario.payload == ["prompt": "test"])
        #expect(scenario.tags.isEmpty && scenario.poll.isEmpty)
        #expect(scenario.client == ClientSettings())
        #expect(scenario.expect == Expectation())
    }

    @Test("JSON values keep key order and YAML scalar types (YAML 1.2: yes/no/on stay strings)")
    func jsonValues() throws {
        let scenario = try parse(
            """
            id: a
            title: t
            payload: {zeta: 1, alpha: 2.5, mid: [true, null, "x"], nested: {b: 1, a: 2}, answer: no, on: yes, date: 2024-01-02}
            create: [{status: 200, body: [1, "two", {z: 0, y: -1}]}]
            """)
        #expect(
            scenario.payload.jsonText
                == #"{"zeta":1,"alpha":2.5,"mid":[true,null,"x"],"nested":{"b":1,"a":2},"answer":"no","on":"yes","date":"2024-01-02"}"#
        )
        guard case .response(let response) = scenario.create[0].kind else {
            Issue.record("not a response")
            return
        }
        #expect(response.body == .json([1, "two", ["z": 0, "y": -1]]))
    }

    @Test("a string body is text; a mapping is JSON; null is JSON null")
    func bodies() throws {
        let scenario = try parse(
            """
            id: a
            title: t
            create:
              - {status: 402, body: "Insufficient credits"}
              - {status: 400, body: {error: {message: bad}}}
              - {status: 200, body: null}
              - status: 200
                headers: {Content-Type: application/json}
                body: '{"id": "{gen}", "status": '
            """)
        let bodies = scenario.create.map { step -> Body? in
            if case .response(let response) = step.kind { return response.body }
            return nil
        }
        #expect(
            bodies == [
                .text("Insufficient credits"), .json(["error": ["message": "bad"]]), .json(.null),
                .text(#"{"id": "{gen}", "status": "#),
            ])
    }

    @Test("headers keep order; numbers are stringified as written")
    func headers() throws {
        let scenario = try parse(
            """
            id: a
            title: t
            create:
              - status: 429
                headers: {Retry-After: 2, X-Ratio: 0.50, X-Empty: "", X-Text: hello}
            """)
        guard case .response(let response) = scenario.create[0].kind else {
            Issue.record("not a response")
            return
        }
        #expect(
            response.headers == [
                Header("Retry-After", "2"), Header("X-Ratio", "0.50"), Header("X-Empty", ""), Header("X-Text", "hello"),
            ])
        #expect(response.body == nil)
    }

    @Test("faults, delays and every stream end parse", arguments: StreamEnd.allCases)
    func streamEnds(_ end: StreamEnd) throws {
        let scenario = try parse(
            """
            id: a
            title: t
            create:
              - {fault: reset, delay: 20ms}
              - {fault: close}
              - {fault: garbage}
              - {fault: silent}
              - delay: 1.5s
                status: 201
                headers: {X-Stream: "1"}
                sse:
                  - {data: {id: "{gen}"}}
                end: \(end.rawValue)
            """)
        #expect(scenario.create[0] == Step(delayMs: 20, kind: .fault(.reset)))
        #expect(scenario.create[1...3].map(\.kind) == [.fault(.close), .fault(.garbage), .fault(.silent)])
        #expect(scenario.create[4].delayMs == 1500)
        guard case .sse(let sse) = scenario.create[4].kind else {
            Issue.record("not sse")
            return
        }
        #expect(
            sse
                == SSEScript(
                    status: 201, headers: [Header("X-Stream", "1")], events: [SSEItem(data: .json(["id": "{gen}"]))],
                    end: end))
    }

    @Test("SSE fields: event, multi-line text data, id, retry, comment, dribble")
    func sseFields() throws {
        let scenario = try parse(
            """
            id: a
            title: t
            create:
              - sse:
                  - event: status
                    id: 7
                    retry: 3000
                    data: |-
                      line one
                      line two
                  - {comment: ""}
                  - {data: "", dribble: true}
                  - {data: 42}
                  - {id: ""}
                  - {event: done}
            """)
        let events = try script(scenario).events
        #expect(events[0] == SSEItem(event: "status", data: .text("line one\nline two"), id: "7", retry: 3000))
        #expect(events[1] == SSEItem(comment: ""))
        #expect(events[2] == SSEItem(data: .text(""), dribble: true))
        #expect(events[3] == SSEItem(data: .text("42")))
        #expect(events[4] == SSEItem(id: ""))
        #expect(events[5] == SSEItem(event: "done"))
        #expect(try script(scenario).end == .complete)
    }

    @Test("raw bytes: UTF-8 text, hex (invalid UTF-8 allowed) and base64")
    func rawBytes() throws {
        let scenario = try parse(
            """
            id: a
            title: t
            create:
              - sse:
                  - {raw: "data: {\\"id\\":\\"{gen}\\"}\\r\\n\\r\\n"}
                  - {raw_hex: "ef bb bf ff fe 0a", dribble: true}
                  - {raw_base64: "77u/ZGF0YQ=="}
            """)
        let events = try script(scenario).events
        #expect(events[0].raw == Array("data: {\"id\":\"{gen}\"}\r\n\r\n".utf8))
        #expect(events[1].raw == [0xEF, 0xBB, 0xBF, 0xFF, 0xFE, 0x0A] && events[1].dribble)
        #expect(events[2].raw == [0xEF, 0xBB, 0xBF] + Array("data".utf8))
    }

    @Test("repeat expands an item; pad grows a JSON event to the size asked")
    func repeatAndPad() throws {
        let scenario = try parse(
            """
            id: a
            title: t
            create:
              - sse:
                  - {delay: 1ms, data: {status: IN_PROGRESS}, repeat: 500}
                  - {data: {id: "{gen}", status: COMPLETED}, pad: 1MiB}
                  - {data: {n: 1}, pad: 10}
                  - {data: {n: 2}, pad: 2KiB}
            """)
        let events = try script(scenario).events
        #expect(events.count == 503)
        #expect(events[0..<500].allSatisfy { $0 == SSEItem(delayMs: 1, data: .json(["status": "IN_PROGRESS"])) })
        // Padded data is stored as its compact JSON text: the bytes a JSON value would be sent as.
        guard case .text(let bigText)? = events[500].data else {
            Issue.record("not text")
            return
        }
        let big = try JSONValue.parse(bigText)
        #expect(big["pad"]?.stringValue?.utf8.count == 1 << 20)
        #expect(big["status"] == "COMPLETED")
        #expect(bigText.hasPrefix(#"{"id":"{gen}","status":"COMPLETED","pad":"xxx"#))
        #expect(events[501].data == .text(#"{"n":1,"pad":"xxxxxxxxxx"}"#))
        guard case .text(let smallText)? = events[502].data else {
            Issue.record("not text")
            return
        }
        #expect(try JSONValue.parse(smallText)["pad"]?.stringValue?.count == 2048)
    }

    @Test("an empty sse list is a stream with headers only; truncate accepts an event last")
    func emptyStreamAndTruncate() throws {
        let scenario = try parse(
            """
            id: a
            title: t
            create:
              - {sse: [], end: hang}
              - sse:
                  - {comment: hi}
                  - {data: {status: COMPLETED}}
                end: truncate
            """)
        guard case .sse(let empty) = scenario.create[0].kind, case .sse(let cut) = scenario.create[1].kind else {
            Issue.record("not sse steps")
            return
        }
        #expect(empty.events.isEmpty && empty.end == .hang)
        #expect(cut.end == .truncate)
    }

    @Test("client settings: durations and api_key absent")
    func client() throws {
        let scenario = try parse(
            """
            id: a
            title: t
            create: [{status: 200, body: {id: x}}]
            client: {poll_interval: 250ms, poll_timeout: 3s, sse_idle_timeout: 1m, request_timeout: 2s, api_key: absent}
            """)
        #expect(
            scenario.client
                == ClientSettings(
                    pollIntervalMs: 250, pollTimeoutMs: 3000, sseIdleTimeoutMs: 60_000, apiKeyAbsent: true,
                    requestTimeoutMs: 2000))
    }

    @Test(
        "every outcome is accepted; CANCELLED is normalised to CANCELED",
        arguments: Expectation.allOutcomes + ["CANCELLED"])
    func outcomes(_ outcome: String) throws {
        let scenario = try parse(
            "id: a\ntitle: t\ncreate: [{status: 200, body: {id: x}}]\nexpect: {outcome: \(outcome)}\n")
        #expect(scenario.expect.outcome == (outcome == "CANCELLED" ? "CANCELED" : outcome))
    }

    @Test("each outcome accepts its own exit code and rejects another")
    func outcomeExitCodes() throws {
        for outcome in Expectation.allOutcomes {
            let code = try #require(Expectation.exitCode(forOutcome: outcome))
            _ = try parse(
                "id: a\ntitle: t\ncreate: [{status: 200, body: {id: x}}]\nexpect: {outcome: \(outcome), exit: \(code)}\n"
            )
            let wrong = problems(
                "id: a\ntitle: t\ncreate: [{status: 200, body: {id: x}}]\nexpect: {outcome: \(outcome), exit: \(code + 1)}\n"
            )
            #expect(wrong.map(\.keyPath) == ["expect.exit"])
        }
        #expect(Expectation.exitCode(forOutcome: "insufficient_credits") == 20)
        #expect(Expectation.exitCode(forOutcome: "unknown") == 25)
        #expect(Expectation.exitCode(forOutcome: "nonsense") == nil)
    }

    @Test("counts: numbers and comparisons")
    func counts() throws {
        let scenario = try parse(
            """
            id: a
            title: t
            create: [{status: 200, body: {id: x}}]
            expect: {creates: 0, polls: "<=4"}
            """)
        #expect(scenario.expect.creates == CountCheck(.eq, 0))
        #expect(scenario.expect.polls == CountCheck(.le, 4))
    }

    @Test("a file may be read from disk; parse(bytes:) equals parse(yaml:)")
    func fromDisk() throws {
        let directory = try TemporaryDirectory()
        let text = "id: disk\ntitle: t\ncreate: [{status: 200, body: {id: x}}]\n"
        let path = try directory.write("disk.yaml", text)
        let scenario = try ScenarioLoader.load(file: path)
        #expect(scenario.source == path)
        #expect(try ScenarioLoader.parse(bytes: Array(text.utf8), file: path) == scenario)
    }
}
