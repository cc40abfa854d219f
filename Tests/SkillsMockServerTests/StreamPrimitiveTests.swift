import Foundation
import SkillsCore
import SkillsMockServer
import SkillsScenario
import SkillsTestSupport
import Testing

/// Every SSE primitive, checked byte for byte, by timing and by how the connection ended, through real sockets.
@Suite struct StreamPrimitiveTests {
    @Test func completeStreamSendsExactBytesAndTerminatingChunk() async throws {
        let scenario = TestScenarios.sse(
            "s.complete",
            [
                SSEItem(event: "status", data: .json(["id": "{gen}", "status": "IN_QUEUE"]), id: "1"),
                SSEItem(data: .text("line one\nline two")),
                SSEItem(retry: 1500),
                SSEItem(comment: "keepalive"),
                SSEItem(raw: Array("data: raw {gen}\r\n\r\n".utf8)),
            ])
        let server = try TestServer(scenarios: [scenario])
        let exchange = await TestScenarios.createSSE(server, key: "sk-test-s.complete")
        let response = try #require(exchange.response)
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/event-stream")
        #expect(response.header("Cache-Control") == "no-cache")
        #expect(response.chunked && response.complete)
        #expect(exchange.ending == .eof)
        let entries = await server.server.awaitSettled(
            filter: JournalFilter(key: "sk-test-s.complete"), timeout: .seconds(5))
        let gen = try #require(entries.first?.generationID)
        #expect(gen.hasPrefix("gen_"))
        #expect(
            response.bodyText == """
                event: status\nid: 1\ndata: {"id":"\(gen)","status":"IN_QUEUE"}\n\n\
                data: line one\ndata: line two\n\n\
                retry: 1500\n\n\
                : keepalive\n\n\
                data: raw \(gen)\r\n\r\n
                """)
        #expect(entries.first?.end == .complete)
        #expect(entries.first?.status == 200)
        // As a client dispatches them: `retry:` and the comment end no event, the raw item does, and id 1 persists.
        #expect(
            entries.first?.events.map(\.data) == [
                #"{"id":"\#(gen)","status":"IN_QUEUE"}"#, "line one\nline two", "raw \(gen)",
            ])
        #expect(entries.first?.events.first?.event == "status")
        #expect(entries.first?.events.map(\.id) == ["1", "1", "1"])
    }

    @Test func rawEventsAreJournaledOnceTheirBlankLineWentOut() async throws {
        let events = [
            SSEItem(raw: Array("event: status\rdata: {\"id\":\"{gen}\"}\r\rdata: a".utf8)),
            SSEItem(delayMs: 50, raw: Array("b\r\n\r\n: note\n\ndata: c\nid: 9\n\n".utf8), dribble: true),
            SSEItem(data: .text("d")),
            SSEItem(raw: Array("data: half\n".utf8)),
        ]
        let server = try TestServer(scenarios: [TestScenarios.sse("s.raw", events)])
        let exchange = await TestScenarios.createSSE(server, key: "sk-test-s.raw")
        let response = try #require(exchange.response)
        #expect(response.complete)
        let settled = await server.server.awaitSettled(filter: JournalFilter(scenario: "s.raw"), timeout: .seconds(5))
        let entry = try #require(settled.first)
        let gen = try #require(entry.generationID)
        #expect(
            response.bodyText
                == "event: status\rdata: {\"id\":\"\(gen)\"}\r\rdata: ab\r\n\r\n: note\n\ndata: c\nid: 9\n\ndata: d\n\ndata: half\n"
        )
        let served: [[String?]] = entry.events.map { [$0.event, $0.data, $0.id] }
        let expected: [[String?]] = [
            ["status", #"{"id":"\#(gen)"}"#, nil], [nil, "ab", nil], [nil, "c", "9"], [nil, "d", "9"],
        ]
        #expect(served == expected, "the half event at the end was not served")
        let times = entry.events.map(\.tMs)
        #expect(times == times.sorted())
        if times.count == 4 {
            // Dribbled 10 ms a byte: "ab" counts once its blank line's CR (byte 3) went out, "c" at byte 27.
            #expect(times[1] - times[0] >= 45, "the dribbled item came 50 ms after the first")
            #expect(times[2] - times[1] >= 100, "each event of a dribbled item counts from its own blank line")
        }
    }

    @Test func aDribbledEventCountsOnceItsBlankLineWentOutThoughTheClientLeavesThen() async throws {
        // The dribbled item goes on for 200 padding bytes (2 s at 10 ms a byte) after its two events; the
        // client hangs up as soon as it has the second event's blank line.
        let raw = "data: a\r\n\r\ndata: b\r\n\r\n: " + String(repeating: "p", count: 200) + "\n\n"
        let server = try TestServer(scenarios: [
            TestScenarios.sse("s.leave-dribble", [SSEItem(raw: Array(raw.utf8), dribble: true)])
        ])
        let port = server.server.port
        let sawSecond = await RawHTTPClient.offPool { () -> Bool in
            guard let connection = try? RawConnection(port: port) else { return false }
            defer { connection.close() }
            let request = RawHTTPClient.request(
                "POST", TestScenarios.ssePath,
                headers: [("Authorization", "Bearer sk-test-s.leave-dribble"), ("Accept", "text/event-stream")],
                body: #"{"prompt":"x"}"#)
            guard connection.send(request) == nil else { return false }
            var received: [UInt8] = []
            while case .bytes(let bytes) = connection.read(timeout: 10) {
                received += bytes
                if RawResponse(received)?.bodyText.hasSuffix("data: b\r\n\r") == true { return true }
            }
            return false
        }
        #expect(sawSecond)
        // How the entry ends is not checked: a child process another test spawns meanwhile may inherit the
        // client's socket and keep the connection open until the padding is out.
        let settled = await server.server.awaitSettled(
            filter: JournalFilter(scenario: "s.leave-dribble"), timeout: .seconds(5))
        let entry = try #require(settled.first)
        #expect(entry.events.map(\.data) == ["a", "b"])
        if entry.events.count == 2 {
            // Blank lines end at bytes 9 and 20: about 110 ms apart at 10 ms a byte (counted at the item's last
            // byte, both would share one time).
            #expect(entry.events[1].tMs - entry.events[0].tMs >= 50, "each event counts from its own blank line")
        }
    }

    @Test func statusHeadersAndStepDelayOfAStream() async throws {
        let scenario = TestScenarios.sse(
            "s.head", [SSEItem(data: .text("x"))], status: 201,
            headers: [Header("X-Run", "{gen}"), Header("Cache-Control", "no-store")], delayMs: 400)
        let server = try TestServer(scenarios: [scenario], timeScale: 0.5)
        let exchange = await TestScenarios.createSSE(server, key: "sk-test-s.head")
        let response = try #require(exchange.response)
        #expect(response.status == 201)
        #expect(response.header("X-Run")?.hasPrefix("gen_") == true)
        #expect(response.header("Cache-Control") == "no-store")
        #expect(response.header("Content-Type") == "text/event-stream")
        let first = try #require(exchange.reads.first)
        #expect(first.tMs >= 180, "a 400 ms step delay at scale 0.5 must hold the head back about 200 ms")
        #expect(first.tMs < 3000)
    }

    @Test func eventDelaysAreScaled() async throws {
        let events = [
            SSEItem(data: .text("a")),
            SSEItem(delayMs: 600, data: .text("b")),
            SSEItem(delayMs: 600, data: .text("c")),
        ]
        let server = try TestServer(scenarios: [TestScenarios.sse("s.timing", events)], timeScale: 0.5)
        let exchange = await TestScenarios.createSSE(server, key: "sk-test-s.timing")
        #expect(exchange.response?.bodyText == "data: a\n\ndata: b\n\ndata: c\n\n")
        let arrivals = ["data: a", "data: b", "data: c"].compactMap { marker in
            exchange.reads.first(where: { String(decoding: $0.bytes, as: UTF8.self).contains(marker) })?.tMs
        }
        try #require(arrivals.count == 3)
        #expect(arrivals[1] - arrivals[0] >= 270, "600 ms at scale 0.5 is 300 ms")
        #expect(arrivals[2] - arrivals[1] >= 270)
        #expect(arrivals[2] - arrivals[0] < 3000)
        let served = server.server.journal(filter: JournalFilter(key: "sk-test-s.timing")).first?.events ?? []
        #expect(served.count == 3)
        if served.count == 3 {
            #expect(served[2].tMs - served[0].tMs >= 540, "the journal keeps real times")
        }
    }

    @Test func closeEndsWithFinAndNoTerminatingChunk() async throws {
        let server = try TestServer(scenarios: [
            TestScenarios.sse("s.close", [SSEItem(data: .text("a")), SSEItem(data: .text("b"))], end: .close)
        ])
        let exchange = await TestScenarios.createSSE(server, key: "sk-test-s.close")
        #expect(exchange.ending == .eof)
        let response = try #require(exchange.response)
        #expect(response.bodyText == "data: a\n\ndata: b\n\n")
        #expect(!response.complete)
        let entry = await server.server.awaitSettled(filter: JournalFilter(scenario: "s.close"), timeout: .seconds(5))
            .first
        #expect(entry?.end == .close)
        #expect(entry?.events.count == 2)
    }

    @Test func resetEndsWithRstAfterTheBytesArrived() async throws {
        let events = [SSEItem(data: .json(["id": "{gen}", "status": "IN_PROGRESS"])), SSEItem(comment: "bye")]
        let server = try TestServer(scenarios: [TestScenarios.sse("s.reset", events, end: .reset)])
        let exchange = await TestScenarios.createSSE(server, key: "sk-test-s.reset")
        #expect(exchange.ending == .reset)
        let response = try #require(exchange.response)
        #expect(response.bodyText.contains("IN_PROGRESS"))
        #expect(response.bodyText.hasSuffix(": bye\n\n"))
        #expect(!response.complete)
        let entry = await server.server.awaitSettled(filter: JournalFilter(scenario: "s.reset"), timeout: .seconds(5))
            .first
        #expect(entry?.end == .reset)
    }

    @Test func hangKeepsTheConnectionOpenUntilTheClientGoes() async throws {
        let server = try TestServer(scenarios: [TestScenarios.sse("s.hang", [SSEItem(data: .text("a"))], end: .hang)])
        let exchange = await TestScenarios.createSSE(server, key: "sk-test-s.hang", timeout: 0.6)
        #expect(exchange.ending == .timeout)
        #expect(exchange.response?.bodyText == "data: a\n\n")
        // The exchange closed its socket on return: the server notices and records the hang.
        let entry = await server.server.awaitSettled(filter: JournalFilter(scenario: "s.hang"), timeout: .seconds(5))
            .first
        #expect(entry?.end == .hang)
        #expect(entry?.events.count == 1)
        if let ended = entry?.endedMs, let answered = entry?.answeredMs {
            #expect(ended - answered >= 500)
        }
    }

    @Test func dribbleArrivesInManyReads() async throws {
        let server = try TestServer(scenarios: [
            TestScenarios.sse("s.dribble", [SSEItem(data: .text("abcdefghij"), dribble: true)])
        ])
        let exchange = await TestScenarios.createSSE(server, key: "sk-test-s.dribble")
        let response = try #require(exchange.response)
        #expect(response.bodyText == "data: abcdefghij\n\n")
        #expect(
            exchange.reads.count >= 10, "18 bytes one at a time, 10 ms apart, came in \(exchange.reads.count) reads")
        let entry = await server.server.awaitSettled(filter: JournalFilter(scenario: "s.dribble"), timeout: .seconds(5))
            .first
        #expect(entry?.events.count == 1)
    }

    @Test func truncateSendsTheLastEventWithoutItsBlankLine() async throws {
        let events = [SSEItem(data: .text("first")), SSEItem(event: "status", data: .json(["status": "COMPLETED"]))]
        let server = try TestServer(scenarios: [TestScenarios.sse("s.truncate", events, end: .truncate)])
        let exchange = await TestScenarios.createSSE(server, key: "sk-test-s.truncate")
        #expect(exchange.ending == .eof)
        let response = try #require(exchange.response)
        #expect(response.bodyText == "data: first\n\nevent: status\ndata: {\"status\":\"COMPLETED\"}\n")
        #expect(!response.complete)
        let entry = await server.server.awaitSettled(
            filter: JournalFilter(scenario: "s.truncate"), timeout: .seconds(5)
        ).first
        #expect(entry?.end == .truncate)
        #expect(entry?.events.map(\.data) == ["first"], "the half event was not served")
    }

    @Test(arguments: [
        (Fault.reset, RawEnding.reset, ConnectionEnd.faultReset),
        (Fault.close, RawEnding.eof, ConnectionEnd.faultClose),
        (Fault.garbage, RawEnding.eof, ConnectionEnd.faultGarbage),
    ])
    func faultsBeforeAnyResponse(fault: Fault, seen: RawEnding, recorded: ConnectionEnd) async throws {
        let id = "f.\(fault.rawValue)"
        let server = try TestServer(scenarios: [TestScenarios.fault(id, fault)])
        let exchange = await TestScenarios.createSSE(server, key: "sk-test-\(id)")
        #expect(exchange.ending == seen)
        #expect(exchange.response == nil)
        if fault == .garbage {
            #expect(!exchange.bytes.isEmpty)
            #expect(!exchange.text.hasPrefix("HTTP/"))
        } else {
            #expect(exchange.bytes.isEmpty)
        }
        let entry = await server.server.awaitSettled(filter: JournalFilter(scenario: id), timeout: .seconds(5)).first
        #expect(entry?.end == recorded)
        #expect(entry?.status == nil)
    }

    @Test func silentNeverAnswersAndEndsWhenTheClientGoes() async throws {
        let server = try TestServer(scenarios: [TestScenarios.fault("f.silent", .silent)])
        let exchange = await TestScenarios.createSSE(server, key: "sk-test-f.silent", timeout: 0.5)
        #expect(exchange.ending == .timeout)
        #expect(exchange.bytes.isEmpty)
        let entry = await server.server.awaitSettled(filter: JournalFilter(scenario: "f.silent"), timeout: .seconds(5))
            .first
        #expect(entry?.end == .faultSilent)
        #expect(entry?.status == nil)
    }

    @Test func clientLeavingMidStreamIsRecorded() async throws {
        let events = [SSEItem(data: .text("a")), SSEItem(delayMs: 5000, data: .text("b"))]
        let server = try TestServer(scenarios: [TestScenarios.sse("s.leave", events)])
        let exchange = await TestScenarios.createSSE(server, key: "sk-test-s.leave", timeout: 0.4)
        #expect(exchange.ending == .timeout)
        let entry = await server.server.awaitSettled(filter: JournalFilter(scenario: "s.leave"), timeout: .seconds(5))
            .first
        #expect(entry?.end == .clientClosed)
        #expect(entry?.events.count == 1)
    }

    @Test func plainResponsesCarryStatusHeadersAndBody() async throws {
        let scenario = Scenario(
            id: "r.plain", title: "plain",
            create: [
                TestScenarios.json(503, ["message": "busy {gen}"], headers: [Header("Retry-After", "1")]),
                Step(kind: .response(Response(status: 429, body: .text("slow down")))),
            ])
        let server = try TestServer(scenarios: [scenario])
        let first = await TestScenarios.createSSE(server, key: "sk-test-r.plain")
        let response = try #require(first.response)
        #expect(response.status == 503)
        #expect(response.header("Retry-After") == "1")
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.bodyText.hasPrefix(#"{"message":"busy gen_"#))
        let second = try #require(await TestScenarios.createSSE(server, key: "sk-test-r.plain").response)
        #expect(second.status == 429)
        #expect(second.bodyText == "slow down")
        #expect(second.header("Content-Type")?.hasPrefix("text/plain") == true)
        let entries = server.server.journal(filter: JournalFilter(scenario: "r.plain"))
        #expect(entries.map(\.status) == [503, 429])
        #expect(entries.last?.responseBody == "slow down")
    }
}
