import Foundation
import SkillsCore
import SkillsMockServer
import SkillsScenario
import SkillsTestSupport
import Testing

/// `serve --tls-cert FILE --tls-key FILE`: HTTPS on libevent's OpenSSL bufferevents, checked with curl against a
/// CA made at test time. Every scripted end and fault must reach curl over HTTPS as it does over plain HTTP, and
/// close detection, connection tracking, the journal and the admin API must work under TLS.
@Suite struct TLSServeTests {
    /// The events the scripted streams serve (no `{gen}`: the plain and the TLS server send the same bytes).
    static let events = [
        SSEItem(event: "status", data: .json(["status": "IN_QUEUE"]), id: "1"),
        SSEItem(data: .text("IN_PROGRESS")),
        SSEItem(event: "status", data: .json(["status": "COMPLETED"]), id: "2"),
    ]

    /// One scripted way for an answer to end.
    enum Ending: String, CaseIterable, Sendable {
        case complete, delayed, close, truncate, reset, faultReset, faultClose, faultGarbage

        /// The scenario scripting it (id `tls.<case>`).
        var scenario: Scenario {
            let id = "tls.\(rawValue)"
            switch self {
            case .complete: return TestScenarios.sse(id, TLSServeTests.events)
            case .delayed:
                let events = TLSServeTests.events.map {
                    SSEItem(delayMs: 300, event: $0.event, data: $0.data, id: $0.id)
                }
                return TestScenarios.sse(id, events, delayMs: 300)
            case .close: return TestScenarios.sse(id, TLSServeTests.events, end: .close)
            case .truncate: return TestScenarios.sse(id, TLSServeTests.events, end: .truncate)
            case .reset: return TestScenarios.sse(id, TLSServeTests.events, end: .reset)
            case .faultReset: return TestScenarios.fault(id, .reset)
            case .faultClose: return TestScenarios.fault(id, .close)
            case .faultGarbage: return TestScenarios.fault(id, .garbage)
            }
        }

        /// How the journal records the connection's end.
        var end: ConnectionEnd {
            switch self {
            case .complete, .delayed: return .complete
            case .close: return .close
            case .truncate: return .truncate
            case .reset: return .reset
            case .faultReset: return .faultReset
            case .faultClose: return .faultClose
            case .faultGarbage: return .faultGarbage
            }
        }

        /// curl's exit code: 0 ok, 18 a chunked body cut short by a clean close, 56 a receive failure (the
        /// RST), 52 an empty reply, 1 the garbage (no HTTP/1.x status line).
        var curlCode: Int32 {
            switch self {
            case .complete, .delayed: return 0
            case .close, .truncate: return 18
            case .reset, .faultReset: return 56
            case .faultClose: return 52
            case .faultGarbage: return 1
            }
        }
    }

    /// A TLS server with the test certificate (and whatever else `TestServer` takes).
    static func tlsServer(_ files: TLSTestFiles, scenarios: [Scenario] = [], timeScale: Double = 1) throws -> TestServer
    {
        try TestServer(
            scenarios: scenarios, timeScale: timeScale,
            tls: ServerTLS(certificateFile: files.certificateFile, keyFile: files.keyFile))
    }

    @Test func theDefaultWorldAndTheAdminAPIAnswerOverHTTPS() async throws {
        let files = try await TLSTestFiles.make()
        let server = try TLSServeTests.tlsServer(files)
        #expect(server.baseURL == "https://127.0.0.1:\(server.port)")
        let credits = await CurlRun.run(
            server.apiBaseURL + "/credits", ["-H", "Authorization: Bearer sk-anything"], caFile: files.caFile)
        #expect(credits.code == 0, "\(credits.stderr)")
        #expect(credits.text == #"{"credits":100}"#)
        let health = await CurlRun.run(server.baseURL + "/__admin/health", caFile: files.caFile)
        #expect(
            health.code == 0 && health.text.contains(#""status":"ok""#),
            "\(health.code) \(health.text) \(health.stderr)")
        let journal = await CurlRun.run(server.baseURL + "/__admin/journal?key=sk-anything", caFile: files.caFile)
        guard case .array(let entries)? = try JSONValue.parse(journal.body)["entries"] else {
            Issue.record("no journal entries: \(journal.text)")
            return
        }
        #expect(entries.count == 1, "\(journal.text)")
        let har = await CurlRun.run(server.baseURL + "/__admin/journal.har?key=sk-anything", caFile: files.caFile)
        #expect(
            har.text.contains("https://127.0.0.1:\(server.port)/api/v1/credits"),
            "HAR URLs keep the scheme: \(har.text)")
        let settled = await server.server.awaitSettled(filter: JournalFilter(key: "sk-anything"), timeout: .seconds(5))
        #expect(settled.map(\.status) == [200])
        #expect(settled.map(\.end) == [.complete])
    }

    @Test(arguments: Ending.allCases)
    func everyEndAndFaultReachesCurlAsOverPlainHTTP(_ ending: Ending) async throws {
        let files = try await TLSTestFiles.make()
        let scenario = ending.scenario
        let plain = try TestServer(scenarios: [scenario], timeScale: 0.1)
        let tls = try TLSServeTests.tlsServer(files, scenarios: [scenario], timeScale: 0.1)
        let overHTTP = await CurlRun.createSSE(plain.baseURL, id: scenario.id)
        let overHTTPS = await CurlRun.createSSE(tls.baseURL, id: scenario.id, caFile: files.caFile)
        #expect(overHTTP.code == ending.curlCode, "over http: \(overHTTP.stderr)")
        #expect(overHTTPS.code == ending.curlCode, "over https: \(overHTTPS.stderr)")
        #expect(overHTTPS.body == overHTTP.body, "https: \(overHTTPS.text)\nhttp: \(overHTTP.text)")
        if ending.curlCode == 56 {
            #expect(overHTTPS.stderr.contains("reset by peer"), "a TCP RST under the session: \(overHTTPS.stderr)")
        }
        let filter = JournalFilter(scenario: scenario.id)
        let plainEntries = await plain.server.awaitSettled(filter: filter, timeout: .seconds(5))
        let tlsEntries = await tls.server.awaitSettled(filter: filter, timeout: .seconds(5))
        #expect(tlsEntries.map(\.end) == [ending.end])
        #expect(tlsEntries.map(\.status) == plainEntries.map(\.status))
        #expect(tlsEntries.flatMap(\.events).map(\.data) == plainEntries.flatMap(\.events).map(\.data))
    }

    @Test func aCompleteStreamServesTheScriptedBytesOverHTTPS() async throws {
        let files = try await TLSTestFiles.make()
        let server = try TLSServeTests.tlsServer(files, scenarios: [Ending.complete.scenario])
        let run = await CurlRun.createSSE(server.baseURL, id: "tls.complete", caFile: files.caFile)
        #expect(run.code == 0, "\(run.stderr)")
        #expect(
            run.text == """
                event: status\nid: 1\ndata: {"status":"IN_QUEUE"}\n\n\
                data: IN_PROGRESS\n\n\
                event: status\nid: 2\ndata: {"status":"COMPLETED"}\n\n
                """)
    }

    @Test func aScriptedResetArrivesAfterTheEventsBeforeItAsACurlExit56() async throws {
        let files = try await TLSTestFiles.make()
        let server = try TLSServeTests.tlsServer(files, scenarios: [Ending.reset.scenario])
        let run = await CurlRun.createSSE(server.baseURL, id: "tls.reset", caFile: files.caFile)
        #expect(run.code == 56, "\(run.stderr)")
        #expect(run.stderr.contains("reset by peer"), "\(run.stderr)")
        #expect(
            run.text.hasSuffix(#"data: {"status":"COMPLETED"}"# + "\n\n"), "every event before the reset: \(run.text)")
        let entries = await server.server.awaitSettled(
            filter: JournalFilter(scenario: "tls.reset"), timeout: .seconds(5))
        #expect(entries.map(\.end) == [.reset])
        #expect(entries.first?.events.count == 3)
    }

    /// An answer a client gives up on; the server must see it leave, under TLS.
    enum Abandoned: String, CaseIterable, Sendable {
        case hangingStream, silentFault, delayedAnswer

        /// The scenario (id `tls.<case>`).
        var scenario: Scenario {
            let id = "tls.\(rawValue)"
            switch self {
            case .hangingStream: return TestScenarios.sse(id, TLSServeTests.events, end: .hang)
            case .silentFault: return TestScenarios.fault(id, .silent)
            case .delayedAnswer: return TestScenarios.sse(id, TLSServeTests.events, delayMs: 600_000)
            }
        }

        /// How the journal records the end once the client left.
        var end: ConnectionEnd {
            switch self {
            case .hangingStream: return .hang
            case .silentFault: return .faultSilent
            case .delayedAnswer: return .clientClosed
            }
        }
    }

    @Test(arguments: Abandoned.allCases)
    func aClientLeavingIsSeenUnderTLS(_ abandoned: Abandoned) async throws {
        let files = try await TLSTestFiles.make()
        let scenario = abandoned.scenario
        let server = try TLSServeTests.tlsServer(files, scenarios: [scenario])
        let run = await CurlRun.createSSE(server.baseURL, id: scenario.id, caFile: files.caFile, maxTime: 1)
        #expect(run.code == 28, "curl gave up on an answer that never ends: \(run.stderr)")
        if abandoned == .hangingStream {
            #expect(run.text.hasSuffix(#"data: {"status":"COMPLETED"}"# + "\n\n"), "\(run.text)")
        }
        let entries = await server.server.awaitSettled(
            filter: JournalFilter(scenario: scenario.id), timeout: .seconds(5))
        #expect(entries.map(\.end) == [abandoned.end])
    }

    @Test func theRequestDeadlineAnswers408InsideTheSession() async throws {
        let files = try await TLSTestFiles.make()
        let server = try MockServer(
            configuration: ServerConfiguration(
                requestTimeoutMs: 300, tls: ServerTLS(certificateFile: files.certificateFile, keyFile: files.keyFile)))
        try server.start()
        defer { server.stop() }
        // A TLS client that completes the handshake and never sends a request (`-quiet` ignores stdin's EOF).
        let port = server.port
        let (code, output) = await RawHTTPClient.offPool { () -> (Int32, String) in
            guard
                let process = try? SpawnedProcess(
                    executable: "/usr/bin/env",
                    arguments: [
                        "openssl", "s_client", "-connect", "127.0.0.1:\(port)", "-CAfile", files.caFile, "-quiet",
                    ])
            else { return (-1, "cannot start openssl") }
            let output = process.stdout.readToEnd()
            _ = process.stderr.readToEnd()
            return (process.waitForExit(), String(decoding: output, as: UTF8.self))
        }
        #expect(output.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"), "\(output)")
        #expect(code == 0, "the session ended with a close_notify, then EOF")
    }

    @Test func plainHTTPOnTheTLSPortIsRefusedAndTheServerGoesOn() async throws {
        let files = try await TLSTestFiles.make()
        let server = try TLSServeTests.tlsServer(files)
        let plain = await server.client.send("GET", "/api/v1/credits", key: "sk-plain", idleTimeout: 5, totalTimeout: 5)
        #expect(plain.response == nil, "no HTTP answer to plain text: \(plain.text)")
        #expect(plain.ending != .timeout, "the server ends the connection")
        let credits = await CurlRun.run(
            server.apiBaseURL + "/credits", ["-H", "Authorization: Bearer sk-tls"], caFile: files.caFile)
        #expect(credits.code == 0 && credits.text == #"{"credits":100}"#, "\(credits.code) \(credits.stderr)")
        #expect(server.server.journal().count == 1, "only the HTTPS request was journaled")
        // Every connection is forgotten once closed: in the end only the health call's own is open.
        var open: Int?
        let deadline = ContinuousClock.now + .seconds(10)
        while open != 1, ContinuousClock.now < deadline {
            let health = await CurlRun.run(server.baseURL + "/__admin/health", caFile: files.caFile)
            open = (try? JSONValue.parse(health.body))?["connections"]?.intValue
            if open != 1 { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(open == 1)
    }
}
