import Foundation
import SkillsCore
import SkillsScenario
import SkillsTestSupport
import Testing

/// The acceptance test of issue #3: the built `skills-video create` binary against the fake server.
@Suite("skills-video create end to end", .serialized)
struct CreateEndToEndTests {
    static let model = "kling-ai/kling-v2.6"

    /// An SSE event carrying `{gen}` and a status.
    static func status(_ status: String, event: String? = nil, delayMs: Double = 20) -> SSEItem {
        SSEItem(delayMs: delayMs, event: event, data: .json(["id": "{gen}", "status": .string(status)]))
    }

    /// A poll answer carrying `{gen}` and a status.
    static func poll(_ status: String) -> Step {
        Step(
            kind: .response(
                Response(
                    status: 200,
                    body: .json([
                        "id": "{gen}", "status": .string(status),
                        "output": ["url": "https://cdn.example.invalid/v.mp4"],
                    ]))))
    }

    /// An error answer.
    static func error(_ status: Int, _ message: String, headers: [Header] = []) -> Step {
        Step(kind: .response(Response(status: status, headers: headers, body: .json(["message": .string(message)]))))
    }

    /// An SSE create answer.
    static func stream(_ items: [SSEItem], end: StreamEnd) -> Step {
        Step(kind: .sse(SSEScript(events: items, end: end)))
    }

    @Test("a clean stream ends on its terminal event: one create, no poll, exit 0")
    func cleanStream() async throws {
        let run = try await ClientRun.create(
            Scenario(
                id: "e2e.clean", title: "clean",
                create: [
                    Self.stream(
                        [
                            Self.status("IN_QUEUE", event: "status"), Self.status("IN_PROGRESS"),
                            Self.status("COMPLETED", event: "status"),
                        ], end: .complete)
                ]))
        #expect(run.exitCode == 0)
        #expect(run.creates.count == 1)
        #expect(run.polls.isEmpty)
        let terminal = try #require(run.last)
        #expect(terminal.eventName == "terminal")
        #expect(terminal["source"]?.stringValue == "sse")
        #expect(terminal["ok"]?.boolValue == true)
        #expect(terminal["status"]?.stringValue == "COMPLETED")
        #expect(terminal["generation_id"]?.stringValue == run.creates.first?.generationID)
        #expect(run.events(named: "sse_event").count == 3)
        #expect(run.creates.first?.header("Accept") == "text/event-stream")
    }

    @Test("a stream reset after IN_PROGRESS falls back to polling the same id")
    func resetAfterProgress() async throws {
        let run = try await ClientRun.create(
            Scenario(
                id: "e2e.reset", title: "reset",
                create: [Self.stream([Self.status("IN_QUEUE"), Self.status("IN_PROGRESS")], end: .reset)],
                poll: [Self.poll("IN_PROGRESS"), Self.poll("COMPLETED")]))
        #expect(run.exitCode == 0)
        #expect(run.creates.count == 1)
        #expect(run.polls.count == 2)
        let id = try #require(run.creates.first?.generationID)
        #expect(run.polls.allSatisfy { $0.path == "/api/v1/generation/\(id)" })
        #expect(run.events(named: "sse_stream_ended").count == 1)
        #expect(run.events(named: "fallback_polling_start").first?["generation_id"]?.stringValue == id)
        #expect(run.last?["source"]?.stringValue == "poll")
        #expect(run.last?["status"]?.stringValue == "COMPLETED")
        try run.expectPollSpacing(atLeast: 0.9 * ClientRun.pollInterval)
    }

    @Test("a silent stream times out after the idle timeout and polls")
    func silentStream() async throws {
        let run = try await ClientRun.create(
            Scenario(
                id: "e2e.silent", title: "silent",
                create: [Self.stream([Self.status("IN_QUEUE")], end: .hang)],
                poll: [Self.poll("COMPLETED")]), extra: ["--sse-idle-timeout", "0.4"])
        #expect(run.exitCode == 0)
        #expect(run.creates.count == 1)
        #expect(run.polls.count == 1)
        #expect(run.events(named: "sse_stream_ended").first?["reason"]?.stringValue == "idle_timeout")
        let create = try #require(run.creates.first)
        let poll = try #require(run.polls.first)
        #expect(poll.tMs - create.tMs >= 350, "the first poll waited for the idle timeout")
    }

    @Test("a truncated terminal event is not terminal: the poll decides (FAILED, exit 10)")
    func truncatedTerminal() async throws {
        let run = try await ClientRun.create(
            Scenario(
                id: "e2e.truncate", title: "truncate",
                create: [
                    Self.stream([Self.status("IN_QUEUE"), Self.status("COMPLETED", event: "done")], end: .truncate)
                ],
                poll: [Self.poll("FAILED")]))
        #expect(run.exitCode == 10)
        #expect(run.creates.count == 1)
        #expect(run.polls.count == 1)
        #expect(run.events(named: "sse_event").count == 1)
        #expect(run.last?["source"]?.stringValue == "poll")
        #expect(run.last?["ok"]?.boolValue == false)
        #expect(run.last?["status"]?.stringValue == "FAILED")
    }

    @Test("503, 503, then success: the create is retried SSE-first with gaps growing about x2")
    func transientCreate() async throws {
        let run = try await ClientRun.create(
            Scenario(
                id: "e2e.503", title: "503 twice",
                create: [
                    Self.error(503, "upstream busy"), Self.error(503, "upstream busy"),
                    Self.stream([Self.status("IN_QUEUE"), Self.status("COMPLETED")], end: .complete),
                ]),
            extra: ["--backoff-base", "0.2", "--backoff-max", "3.2"])
        #expect(run.exitCode == 0)
        #expect(run.creates.count == 3)
        #expect(run.creates.allSatisfy { $0.kind == .createSSE && $0.header("Accept") == "text/event-stream" })
        let gaps = run.gaps(run.creates)
        #expect(gaps.count == 2)
        #expect(gaps[0] >= 190, "first gap \(gaps)")
        #expect(gaps[1] >= 1.5 * gaps[0], "gaps \(gaps)")
        #expect(run.events(named: "retry").count == 2)
    }

    @Test("402 on create: insufficient_credits, exit 20, not repeated")
    func paymentRequired() async throws {
        let run = try await ClientRun.create(
            Scenario(
                id: "e2e.402", title: "402",
                create: [Self.error(402, "Insufficient credits: please recharge")]))
        #expect(run.exitCode == 20)
        #expect(run.creates.count == 1)
        #expect(run.polls.isEmpty)
        let error = try #require(run.last)
        #expect(error.eventName == "error")
        #expect(error["category"]?.stringValue == "insufficient_credits")
        #expect(error["http_status"]?.intValue == 402)
        #expect(error["guidance"]?.arrayValue?.isEmpty == false)
    }

    @Test("401 while polling: auth, exit 21, the poll is not repeated")
    func unauthorizedPoll() async throws {
        let run = try await ClientRun.create(
            Scenario(
                id: "e2e.401poll", title: "401 poll",
                create: [Self.stream([Self.status("IN_QUEUE")], end: .close)],
                poll: [Self.error(401, "Unauthorized")]))
        #expect(run.exitCode == 21)
        #expect(run.creates.count == 1)
        #expect(run.polls.count == 1)
        #expect(run.last?["category"]?.stringValue == "auth")
    }

    @Test("a poll that never ends: timeout, exit 11, within timeout + interval + request timeout")
    func neverEnds() async throws {
        let run = try await ClientRun.create(
            Scenario(
                id: "e2e.forever", title: "forever",
                create: [Self.stream([Self.status("IN_QUEUE")], end: .reset)],
                poll: [Self.poll("IN_PROGRESS")]),
            extra: ["--poll-timeout", "0.8", "--poll-request-timeout", "1"])
        #expect(run.exitCode == 11)
        #expect(run.last?.eventName == "timeout")
        #expect(run.polls.count >= 4)
        try run.expectPollSpacing(atLeast: 0.9 * ClientRun.pollInterval)
        let first = try #require(run.polls.first)
        let last = try #require(run.polls.last)
        #expect(last.tMs - first.tMs <= 800 + 50, "no poll after the timeout")
        #expect(run.seconds < 0.8 + ClientRun.pollInterval + 1 + 2, "ended in time (plus process start-up)")
    }

    @Test("FAILED on the stream: exit 10, ok false")
    func failedStream() async throws {
        let run = try await ClientRun.create(
            Scenario(
                id: "e2e.failed", title: "failed",
                create: [
                    Self.stream([Self.status("IN_PROGRESS"), Self.status("failed", event: "message")], end: .complete)
                ]))
        #expect(run.exitCode == 10)
        #expect(run.last?["ok"]?.boolValue == false)
        #expect(run.last?["status"]?.stringValue == "failed")
        #expect(run.polls.isEmpty)
    }

    @Test("a terminal event name with a non-terminal status does not end the run")
    func eventNameIsNotStatus() async throws {
        let run = try await ClientRun.create(
            Scenario(
                id: "e2e.name", title: "name",
                create: [Self.stream([Self.status("IN_PROGRESS", event: "completed")], end: .close)],
                poll: [Self.poll("CANCELLED")]))
        #expect(run.exitCode == 10)
        #expect(run.polls.count == 1)
        #expect(run.last?["status"]?.stringValue == "CANCELLED")
    }

    @Test("transient poll errors are retried with growing gaps and Retry-After honoured")
    func transientPolls() async throws {
        let run = try await ClientRun.create(
            Scenario(
                id: "e2e.poll503", title: "poll 503",
                create: [Self.stream([Self.status("IN_QUEUE")], end: .reset)],
                poll: [
                    Self.error(503, "busy"), Self.error(503, "busy"),
                    Self.error(429, "slow down", headers: [Header("Retry-After", "1")]),
                    Self.poll("COMPLETED"),
                ]),
            extra: ["--backoff-base", "0.1", "--backoff-max", "0.8"])
        #expect(run.exitCode == 0)
        #expect(run.polls.count == 4)
        let gaps = run.gaps(run.polls)
        #expect(gaps[1] >= 1.5 * gaps[0], "gaps \(gaps)")
        #expect(gaps[2] >= 990, "Retry-After: 1 honoured, gaps \(gaps)")
        #expect(run.events(named: "poll_error").count == 3)
    }

    @Test("an HTTP-date Retry-After on a poll is waited for, not ignored")
    func httpDateRetryAfter() async throws {
        // Three to four seconds ahead of the wall clock when the scenario is built; the backoff alone is 50 ms.
        let date = HTTPDate.imfFixdate(Date().addingTimeInterval(4))
        let run = try await ClientRun.create(
            Scenario(
                id: "e2e.pollDate", title: "poll 503 with an HTTP-date",
                create: [Self.stream([Self.status("IN_QUEUE")], end: .reset)],
                poll: [Self.error(503, "busy", headers: [Header("Retry-After", date)]), Self.poll("COMPLETED")]),
            extra: ["--backoff-base", "0.05", "--backoff-max", "0.4"])
        #expect(run.exitCode == 0)
        #expect(run.polls.count == 2)
        let gaps = run.gaps(run.polls)
        #expect(gaps.count == 1 && gaps[0] >= 1_000, "Retry-After: \(date) honoured, gaps \(gaps)")
    }

    @Test("a reset before any answer is retried; the key never appears in the output")
    func faultThenSuccess() async throws {
        let run = try await ClientRun.create(
            Scenario(
                id: "e2e.fault", title: "fault",
                create: [
                    Step(kind: .fault(.reset)), Step(kind: .fault(.close)),
                    Self.stream([Self.status("COMPLETED")], end: .complete),
                ]),
            extra: ["--backoff-base", "0.05"])
        #expect(run.exitCode == 0)
        #expect(run.creates.count == 3)
        #expect(!run.output.contains(run.key))
        #expect(run.creates.allSatisfy { $0.header("Authorization")?.contains(run.key) != true })
    }

    @Test("a JSON task answered on the SSE endpoint is polled by its id")
    func jsonOnSSEEndpoint() async throws {
        let run = try await ClientRun.create(
            Scenario(
                id: "e2e.json", title: "json",
                create: [
                    Step(kind: .response(Response(status: 200, body: .json(["id": "{gen}", "status": "IN_QUEUE"]))))
                ],
                poll: [Self.poll("COMPLETED")]))
        #expect(run.exitCode == 0)
        #expect(run.creates.count == 1)
        #expect(run.polls.count == 1)
        #expect(run.events(named: "sse_stream_ended").first?["reason"]?.stringValue == "json_answer")
    }

    @Test("persistent 503: five attempts in total, then transient (24)")
    func persistentTransient() async throws {
        let run = try await ClientRun.create(
            Scenario(
                id: "e2e.503forever", title: "503 forever", create: [Self.error(503, "down")]),
            extra: ["--backoff-base", "0.1", "--backoff-max", "0.8"])
        #expect(run.exitCode == 24)
        #expect(run.creates.count == 5)
        #expect(run.last?["category"]?.stringValue == "transient")
        // The waits the client chose grow (0.1, 0.2, 0.4, 0.8 s, longer after a late wake-up) up to the 0.8 s cap.
        // The server's gaps are not compared with each other: a loop stall on a busy test machine stamps one
        // arrival late and shortens the gap after it.
        let waits = run.events(named: "retry").compactMap { $0["wait_s"]?.numberValue }
        #expect(waits.count == 4, "\(run.lines)")
        #expect(waits.allSatisfy { $0 <= 0.8 + 1e-9 }, "waits \(waits)")
        for (previous, next) in zip(waits, waits.dropFirst()) {
            #expect(next >= min(1.5 * previous, 0.8), "waits \(waits)")
        }
    }
}
