import SkillsCore
import Testing

@testable import SkillsVideoClient

/// Pins every client event's line byte for byte: SPEC 4's output is read by the conformance runner and by users.
@Suite("ClientEvent lines")
struct ClientEventTests {
    static let busy = CallFailure.http(HTTPAnswer(status: 503, body: #"{"message":"busy"}"#, retryAfterSeconds: 2))
    static let refused = NetworkFailure(reason: .connectionRefused, detail: "connect refused")

    /// The line the sink writes for `event`.
    func line(_ event: ClientEvent) -> String {
        let collector = OutputCollector()
        EventSink(secret: nil, write: collector.writer).emit(event)
        return collector.lines.joined(separator: "\n")
    }

    /// What a payload says.
    func decision(_ json: String) -> StatusDecision { StatusDecision(payload: JSONValue.parseOrText(json)) }

    @Test("start")
    func start() {
        #expect(
            line(.start(url: "http://h/api/v1/generation/sse/m"))
                == #"{"event":"start","url":"http://h/api/v1/generation/sse/m","mode":"sse_then_poll_fallback"}"#)
    }

    @Test("sse_connect_error")
    func sseConnectError() {
        #expect(
            line(.sseConnectError(Self.refused))
                == #"{"event":"sse_connect_error","reason":"connection_refused","message":"connect refused"}"#)
    }

    @Test("sse_http_error")
    func sseHTTPError() {
        #expect(
            line(.sseHTTPError(HTTPAnswer(status: 429, body: #"{"message":"slow down"}"#)))
                == #"{"event":"sse_http_error","http_status":429,"message":"slow down","payload":{"message":"slow down"}}"#
        )
        #expect(
            line(.sseHTTPError(HTTPAnswer(status: 502, body: "")))
                == #"{"event":"sse_http_error","http_status":502,"message":"","payload":null}"#)
    }

    @Test("sse_open")
    func sseOpen() {
        #expect(
            line(.sseOpen(httpStatus: 200, url: "http://h/x"))
                == #"{"event":"sse_open","http_status":200,"url":"http://h/x"}"#)
    }

    @Test("sse_event, with and without an id")
    func sseEvent() {
        let data = #"{"id":"gen-1","status":"IN_QUEUE"}"#
        let payload = JSONValue.parseOrText(data)
        #expect(
            line(
                .sseEvent(
                    SSEEvent(type: "status", data: data, lastEventID: "7"), generationID: "gen-1",
                    decision: decision(data), payload: payload))
                == #"{"event":"sse_event","sse_event_name":"status","sse_id":"7","generation_id":"gen-1","status":"IN_QUEUE","status_key":"status","terminal":false,"payload":{"id":"gen-1","status":"IN_QUEUE"}}"#
        )
        #expect(
            line(
                .sseEvent(
                    SSEEvent(data: "hello"), generationID: nil, decision: decision("hello"),
                    payload: JSONValue.parseOrText("hello")))
                == #"{"event":"sse_event","sse_event_name":"message","sse_id":null,"generation_id":null,"status":null,"status_key":null,"terminal":false,"payload":"hello"}"#
        )
    }

    @Test("sse_stream_ended for a JSON answer")
    func sseAnsweredJSON() {
        #expect(
            line(.sseAnsweredJSON(generationID: "gen-1"))
                == #"{"event":"sse_stream_ended","generation_id":"gen-1","reason":"json_answer","message":"The create endpoint answered JSON instead of an event stream."}"#
        )
    }

    @Test("sse_stream_ended for a stream, with and without a detail")
    func sseStreamEnded() {
        #expect(
            line(.sseStreamEnded(generationID: "gen-1", reason: "stream_closed", events: 2, comments: 1, detail: nil))
                == #"{"event":"sse_stream_ended","generation_id":"gen-1","reason":"stream_closed","events":2,"comments":1,"message":"SSE stream ended before terminal status."}"#
        )
        #expect(
            line(.sseStreamEnded(generationID: nil, reason: "idle_timeout", events: 0, comments: 0, detail: "read"))
                == #"{"event":"sse_stream_ended","generation_id":null,"reason":"idle_timeout","events":0,"comments":0,"message":"SSE stream ended before terminal status: read"}"#
        )
    }

    @Test("fallback_polling_start")
    func fallbackPollingStart() {
        #expect(
            line(.fallbackPollingStart(generationID: "gen-1", url: "http://h/generation/gen-1"))
                == #"{"event":"fallback_polling_start","generation_id":"gen-1","url":"http://h/generation/gen-1"}"#)
    }

    @Test("poll")
    func poll() {
        #expect(
            line(.poll(generationID: "gen-1", attempt: 3, httpStatus: 200, decision: decision(#"{"state":"done"}"#)))
                == #"{"event":"poll","generation_id":"gen-1","attempt":3,"http_status":200,"status":"done","status_key":"state","terminal":false}"#
        )
        #expect(
            line(.poll(generationID: "g", attempt: 1, httpStatus: 204, decision: decision("")))
                == #"{"event":"poll","generation_id":"g","attempt":1,"http_status":204,"status":null,"status_key":null,"terminal":false}"#
        )
    }

    @Test("poll_error, answered and unanswered")
    func pollError() {
        #expect(
            line(.pollError(generationID: "gen-1", attempt: 2, failure: Self.busy))
                == #"{"event":"poll_error","generation_id":"gen-1","attempt":2,"http_status":503,"transient":true,"category":"transient","reason":"http_503","message":"busy"}"#
        )
        #expect(
            line(.pollError(generationID: "gen-1", attempt: 1, failure: .network(Self.refused)))
                == #"{"event":"poll_error","generation_id":"gen-1","attempt":1,"http_status":null,"transient":true,"category":"transient","reason":"connection_refused","message":"connection_refused: connect refused"}"#
        )
    }

    @Test("timeout, elapsed rounded to the millisecond")
    func timeout() {
        #expect(
            line(.timeout(generationID: "gen-1", elapsedSeconds: 1.23456, lastStatus: "IN_PROGRESS", polls: 4))
                == #"{"event":"timeout","generation_id":"gen-1","elapsed_seconds":1.235,"last_status":"IN_PROGRESS","polls":4}"#
        )
        #expect(
            line(.timeout(generationID: "g", elapsedSeconds: 2, lastStatus: nil, polls: 0))
                == #"{"event":"timeout","generation_id":"g","elapsed_seconds":2,"last_status":null,"polls":0}"#)
    }

    @Test("terminal from each source")
    func terminal() {
        let done = #"{"id":"gen-1","status":"COMPLETED"}"#
        #expect(
            line(
                .terminal(
                    source: .sse, generationID: "gen-1", decision: decision(done),
                    response: JSONValue.parseOrText(done)))
                == #"{"event":"terminal","source":"sse","ok":true,"generation_id":"gen-1","status":"COMPLETED","response":{"id":"gen-1","status":"COMPLETED"}}"#
        )
        let failed = #"{"status":"FAILED"}"#
        #expect(
            line(.terminal(source: .poll, generationID: nil, decision: decision(failed), response: nil))
                == #"{"event":"terminal","source":"poll","ok":false,"generation_id":null,"status":"FAILED","response":null}"#
        )
        #expect(
            line(.terminal(source: .create, generationID: "g", decision: decision(failed), response: nil))
                == #"{"event":"terminal","source":"create","ok":false,"generation_id":"g","status":"FAILED","response":null}"#
        )
    }

    @Test("retry, wait rounded and never negative")
    func retry() {
        #expect(
            line(.retry(call: .create, nextAttempt: 2, waitSeconds: 0.0504999, failure: Self.busy))
                == #"{"event":"retry","call":"create","attempt":2,"wait_s":0.05,"reason":"http_503","http_status":503,"retry_after_s":2}"#
        )
        #expect(
            line(.retry(call: .poll, nextAttempt: 5, waitSeconds: -0.1, failure: .network(Self.refused)))
                == #"{"event":"retry","call":"poll","attempt":5,"wait_s":0,"reason":"connection_refused","http_status":null,"retry_after_s":null}"#
        )
    }

    @Test("error for a final failure")
    func failure() {
        #expect(
            line(.failure(Self.busy, generationID: nil, attempts: 5))
                == #"{"event":"error","error":"transient","category":"transient","http_status":503,"message":"busy","reason":"http_503","attempts":5,"generation_id":null,"should_retry":true,"guidance":["Transient server or rate-limit error.","Retry with bounded exponential backoff."],"payload":{"message":"busy"}}"#
        )
        #expect(
            line(.failure(.protocolViolation("no id", transient: false), generationID: "g", attempts: 1))
                == #"{"event":"error","error":"unknown","category":"unknown","http_status":null,"message":"no id","reason":"protocol","attempts":1,"generation_id":"g","should_retry":false,"guidance":["Unhandled runtime error.","Inspect response payload and apply a safe fallback path."],"payload":null}"#
        )
    }

    @Test("error for a cancelled run")
    func cancelled() {
        #expect(
            line(.cancelled(generationID: "gen-1"))
                == #"{"event":"error","error":"cancelled","category":"unknown","message":"The run was cancelled before a terminal status.","generation_id":"gen-1"}"#
        )
    }

    @Test("error for a missing key")
    func missingAPIKey() {
        #expect(
            line(.missingAPIKey(action: "polling generation status"))
                == #"{"event":"error","error":"missing_api_key","message":"Set SKILLS_VIDEO_API_KEY before polling generation status.","env_var":"SKILLS_VIDEO_API_KEY"}"#
        )
    }

    @Test("error with a bare code")
    func commandError() {
        #expect(
            line(.commandError(code: "invalid_interval", message: "--interval must be > 0"))
                == #"{"event":"error","error":"invalid_interval","message":"--interval must be > 0"}"#)
    }

    @Test("credits")
    func credits() {
        #expect(
            line(.credits(httpStatus: 200, balance: 12.5, response: ["credits": 12.5]))
                == #"{"event":"credits","http_status":200,"balance":12.5,"response":{"credits":12.5}}"#)
        #expect(
            line(.credits(httpStatus: 200, balance: nil, response: nil))
                == #"{"event":"credits","http_status":200,"balance":null,"response":null}"#)
    }
}
