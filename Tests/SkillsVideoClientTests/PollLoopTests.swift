import SkillsCore
import Testing

@testable import SkillsVideoClient

/// The poll loop with a fake transport and a test clock: its events, exit codes and timing, without sockets.
@Suite("PollLoop")
struct PollLoopTests {
    /// A 200 answer carrying `status`.
    static func status(_ status: String) -> Result<HTTPAnswer, NetworkFailure> {
        .success(HTTPAnswer(status: 200, body: #"{"id":"gen-1","status":"\#(status)"}"#))
    }

    /// Runs the loop over `script` and returns the exit code, the lines and the transport.
    func poll(
        _ script: [Result<HTTPAnswer, NetworkFailure>], settings: PollSettings, retry: RetrySchedule = .standard,
        roundTrip: Duration = .zero
    ) async -> (Int32, [String], ScriptedTransport) {
        let clock = TestClock()
        let transport = ScriptedTransport(clock: clock, roundTrip: roundTrip, script: script)
        let collector = OutputCollector()
        let loop = PollLoop(
            transport: transport, reporter: RunReporter(sink: EventSink(secret: nil, write: collector.writer)),
            baseURL: "http://h/api/v1", settings: settings, retry: retry, clock: clock)
        let code = await loop.run(generationID: "gen-1")
        return (code, collector.lines, transport)
    }

    @Test("polls an interval after each answer until a terminal status")
    func untilTerminal() async {
        let (code, lines, transport) = await poll(
            [Self.status("IN_PROGRESS"), Self.status("COMPLETED")],
            settings: PollSettings(interval: 3, timeout: 60), roundTrip: .milliseconds(250))
        #expect(code == 0)
        #expect(transport.callTimes == [0, 3.25])
        #expect(
            lines == [
                #"{"event":"poll","generation_id":"gen-1","attempt":1,"http_status":200,"status":"IN_PROGRESS","status_key":"status","terminal":false}"#,
                #"{"event":"poll","generation_id":"gen-1","attempt":2,"http_status":200,"status":"COMPLETED","status_key":"status","terminal":true}"#,
                #"{"event":"terminal","source":"poll","ok":true,"generation_id":"gen-1","status":"COMPLETED","response":{"id":"gen-1","status":"COMPLETED"}}"#,
            ])
    }

    @Test("times out with the last status once the timeout passes; the last wait is clipped to it")
    func timesOut() async {
        let (code, lines, transport) = await poll(
            [Self.status("IN_PROGRESS")], settings: PollSettings(interval: 3, timeout: 10))
        #expect(code == 11)
        #expect(transport.callTimes == [0, 3, 6, 9])
        #expect(
            lines.last
                == #"{"event":"timeout","generation_id":"gen-1","elapsed_seconds":10,"last_status":"IN_PROGRESS","polls":4}"#
        )
    }

    @Test("a transient poll failure is reported, then retried after max(backoff, interval)")
    func transientFailure() async {
        let (code, lines, transport) = await poll(
            [.success(HTTPAnswer(status: 503, body: "")), Self.status("FAILED")],
            settings: PollSettings(interval: 0.5, timeout: 60))
        #expect(code == 10)
        #expect(transport.callTimes == [0, 1])
        #expect(
            Array(lines.prefix(2)) == [
                #"{"event":"poll_error","generation_id":"gen-1","attempt":1,"http_status":503,"transient":true,"category":"transient","reason":"http_503","message":"HTTP 503"}"#,
                #"{"event":"retry","call":"poll","attempt":2,"wait_s":1,"reason":"http_503","http_status":503,"retry_after_s":null}"#,
            ])
    }

    @Test("the poll schedule's first wait is at least the interval")
    func intervalFloorsBackoff() async {
        let (_, _, transport) = await poll(
            [.failure(NetworkFailure(reason: .connectionReset, detail: "reset")), Self.status("COMPLETED")],
            settings: PollSettings(interval: 3, timeout: 60))
        #expect(transport.callTimes == [0, 3])
    }

    @Test("a final failure ends polling with its category's exit code")
    func finalFailure() async {
        let (code, lines, transport) = await poll(
            [.success(HTTPAnswer(status: 404, body: #"{"message":"no such generation"}"#))],
            settings: PollSettings(interval: 1, timeout: 60))
        #expect(code == 23)
        #expect(transport.callTimes == [0])
        #expect(lines.count == 2)
        #expect(
            lines.last?.hasPrefix(
                #"{"event":"error","error":"not_found","category":"not_found","http_status":404,"message":"no such generation","reason":"http_404","attempts":1,"generation_id":"gen-1""#
            ) == true)
    }
}
