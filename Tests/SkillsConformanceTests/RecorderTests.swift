import Foundation
import SkillsCore
import SkillsMockServer
import SkillsScenario
import SkillsTestSupport
import Testing

/// `skillsmock record` for real (SPEC 10): catalogue scenarios served by a live fake, recorded through the
/// recorder (a child process) by the builtin client, replayed from the file, and the journals compared.
@Suite("skillsmock record: record through the proxy, replay the file")
struct RecorderTests {
    /// The recorder's file for `key` once it holds every create and poll in `calls` (it is rewritten after each
    /// call completes), waiting up to 5 s; nil when it never does.
    static func recordedFile(out: String, key: String, calls: [JournalEntry]) async -> (
        path: String, scenario: Scenario?
    ) {
        let file = out + "/recorded/recorded.\(KeyFingerprint.of(key).dropFirst(4)).yaml"
        let wanted = calls.filter { $0.kind.isCreate || $0.kind == .poll }.count
        for _ in 0..<100 {
            if let loaded = try? ScenarioLoader.load(file: file), loaded.create.count + loaded.poll.count == wanted {
                return (file, loaded)
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return (file, nil)
    }

    static let ids = [
        "sse-breaks.reset-after-progress", "sse-breaks.truncate-after-progress", "sse-happy.slow-progress",
        "polling.429-between", "sse-breaks.hang-after-id",
    ]

    /// A running `skillsmock record` and the URL it printed.
    final class Recorder: Sendable {
        let process: SpawnedProcess
        let baseURL: String

        init(arguments: [String]) throws {
            process = try SpawnedProcess(
                executable: RepoPaths.executable("skillsmock").path, arguments: ["record"] + arguments)
            var line: [UInt8] = []
            while let byte = process.stdout.readByte(), byte != 0x0A { line.append(byte) }
            let text = String(decoding: line, as: UTF8.self)
            guard let start = text.range(of: "http://"),
                let end = text.range(of: "\"", range: start.upperBound..<text.endIndex)
            else {
                throw RecorderTestError("the recorder printed no listening line: \(text)")
            }
            baseURL = String(text[start.lowerBound..<end.lowerBound])
        }

        func stop() {
            process.terminate()
            _ = process.waitForExit()
        }
    }

    struct RecorderTestError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Runs `skillsmock record` with `arguments` to its end: exit code and stderr.
    static func runRecorderToEnd(_ arguments: [String]) async -> (code: Int32, stderr: String) {
        await RawHTTPClient.offPool {
            guard
                let process = try? SpawnedProcess(
                    executable: RepoPaths.executable("skillsmock").path, arguments: ["record"] + arguments)
            else { return (-1, "cannot start skillsmock") }
            let errors = process.stderr.readToEnd()
            _ = process.stdout.readToEnd()
            return (process.waitForExit(), String(decoding: errors, as: UTF8.self))
        }
    }

    @Test(
        "a catalogue run recorded through the proxy replays with the same answers, events, ends and counts, delays within 5 % or 5 ms of the file",
        arguments: ids)
    func recordAndReplay(id: String) async throws {
        let catalogue = try ScenarioLoader.load(paths: [RepoPaths.scenarios])
        let scenario = try #require(catalogue.first(where: { $0.id == id }))
        let upstream = try TestServer(scenarios: catalogue, timeScale: 1)
        defer { upstream.stop() }
        let out = NSTemporaryDirectory() + "skillsmock-record-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: out) }
        let base = upstream.baseURL
        let recorder = try await RawHTTPClient.offPool {
            Result { try Recorder(arguments: ["--upstream", base, "--out", out]) }
        }.get()
        defer { recorder.stop() }

        let key = "sk-test-\(id)--rec\(UInt32.random(in: 0...UInt32.max))"
        let first = await RecordReplayTests.runClient(base: recorder.baseURL + "/api/v1", key: key, scenario: scenario)
        let served = RecordReplayTests.normalized(
            await upstream.server.awaitSettled(filter: JournalFilter(key: key), timeout: .seconds(10)))
        let (file, recorded) = await RecorderTests.recordedFile(out: out, key: key, calls: served)
        let scenarioFile = try #require(recorded, "no complete file at \(file)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(!text.contains(key), "the key is never written")
        #expect(scenarioFile.model == scenario.model && scenarioFile.payload == scenario.payload)

        let replay = try TestServer(scenarios: [scenarioFile], timeScale: 1)
        defer { replay.stop() }
        let replayKey = "sk-test-\(scenarioFile.id)"
        let second = await RecordReplayTests.runClient(base: replay.apiBaseURL, key: replayKey, scenario: scenario)
        let replayed = RecordReplayTests.normalized(
            await replay.server.awaitSettled(filter: JournalFilter(key: replayKey), timeout: .seconds(10)))

        #expect(second.exit == first.exit)
        #expect(
            replayed.count == served.count, "request counts: \(served.map(\.kind)) vs \(replayed.map(\.kind))\n\(text)")
        for (a, b) in zip(served, replayed) {
            let hungUp: Set<ConnectionEnd?> = [.clientClosed, .complete]
            let sameEnd =
                a.end == b.end || (a.end == .clientClosed && hungUp.contains(b.end))
                || (b.end == .clientClosed && hungUp.contains(a.end))
            #expect(
                a.kind == b.kind && a.status == b.status && sameEnd,
                "\(id) #\(a.seq): \(a.kind) \(a.status ?? 0) \(a.end?.rawValue ?? "-") vs \(b.kind) \(b.status ?? 0) \(b.end?.rawValue ?? "-")\n\(text)"
            )
            #expect(a.responseBody == b.responseBody)
            let fields = { (e: JournalEntry) in e.events.map { [$0.event ?? "", $0.data ?? "", $0.id ?? ""] } }
            let clientLeft = a.end == .clientClosed || b.end == .clientClosed
            let (ea, eb) = (fields(a), fields(b))
            let common = min(ea.count, eb.count)
            #expect(
                ea == eb || (clientLeft && abs(ea.count - eb.count) <= 1 && ea.prefix(common) == eb.prefix(common)),
                "\(id) #\(a.seq): events differ")
        }
        // Each replayed delay (before each answer, each stream piece) against the file's.
        let measured = try #require(replay.server.recording(key: replayKey)).scenario()
        for (want, got) in zip(scenarioFile.create + scenarioFile.poll, measured.create + measured.poll) {
            var pairs = [(want.delayMs, got.delayMs)]
            if case .sse(let w) = want.kind, case .sse(let g) = got.kind {
                pairs += zip(w.events.map(\.delayMs), g.events.map(\.delayMs)).map { ($0, $1) }
            }
            for (x, y) in pairs {
                let excess = abs(x - y) - max(5, 0.05 * x)
                let late = replay.server.lateness(fromMs: 0, toMs: replay.server.nowMs).max() ?? 0
                #expect(
                    RecordReplayTests.close(x, y) || late >= excess,
                    "\(id): delay \(y) ms replayed for \(x) ms recorded (server late \(late) ms)")
            }
        }
    }

    @Test("24 streams at once through the recorder each get their first event at once (no upstream connection queue)")
    func concurrentStreams() async throws {
        let catalogue = try ScenarioLoader.load(paths: [RepoPaths.scenarios])
        let upstream = try TestServer(scenarios: catalogue, timeScale: 1)
        defer { upstream.stop() }
        let out = NSTemporaryDirectory() + "skillsmock-record-many-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: out) }
        let base = upstream.baseURL
        let recorder = try await RawHTTPClient.offPool {
            Result { try Recorder(arguments: ["--upstream", base, "--out", out]) }
        }.get()
        defer { recorder.stop() }
        let client = RawHTTPClient(port: Int(recorder.baseURL.split(separator: ":").last!)!)
        // sse-happy.slow-progress streams for 3.3 s: a pool of a few upstream connections would hold the rest back.
        let exchanges = await withTaskGroup(of: RawExchange.self) { group in
            for index in 0..<24 {
                group.addTask {
                    await client.send(
                        "POST", "/api/v1/generation/sse/kling-ai/kling-v2.6",
                        key: "sk-test-sse-happy.slow-progress--many\(index)", body: #"{"prompt":"x"}"#)
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(exchanges.count == 24)
        for exchange in exchanges {
            let firstEvent = exchange.reads.first(where: {
                String(decoding: $0.bytes, as: UTF8.self).contains("IN_QUEUE")
            })
            #expect((firstEvent?.tMs ?? .infinity) < 1500, "first event after \(firstEvent?.tMs ?? -1) ms")
            #expect(exchange.text.contains("COMPLETED"))
        }
    }

    @Test(
        "bad input exits 2 with the culprit named: an unreachable upstream, an upstream that is not the API, an unwritable --out"
    )
    func badInput() async throws {
        let out = NSTemporaryDirectory() + "skillsmock-record-bad-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: out) }
        let unreachable = await Self.runRecorderToEnd(["--upstream", "http://127.0.0.1:1", "--out", out])
        #expect(unreachable.code == 2)
        #expect(
            unreachable.stderr.contains("http://127.0.0.1:1") && unreachable.stderr.contains("unreachable"),
            "\(unreachable.stderr)")

        let upstream = try TestServer(scenarios: [], timeScale: 1)
        defer { upstream.stop() }
        let notTheAPI = try TestServer(scenarios: [], timeScale: 1)
        defer { notTheAPI.stop() }
        // The admin API answers 404 at /api/v1/credits under /__admin: a path prefix makes any server "not the API".
        let wrong = await Self.runRecorderToEnd(["--upstream", notTheAPI.baseURL + "/__admin/nothing", "--out", out])
        #expect(wrong.code == 2)
        #expect(wrong.stderr.contains("does not answer like the skills.video API"), "\(wrong.stderr)")

        let blocker = out + "-file"
        FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8))
        defer { try? FileManager.default.removeItem(atPath: blocker) }
        let unwritable = await Self.runRecorderToEnd(["--upstream", upstream.baseURL, "--out", blocker])
        #expect(unwritable.code == 2)
        #expect(unwritable.stderr.contains(blocker), "\(unwritable.stderr)")
    }

    @Test("a run whose file already exists stops the recorder with exit 2 and leaves the file alone")
    func neverOverwrites() async throws {
        let upstream = try TestServer(scenarios: try ScenarioLoader.load(paths: [RepoPaths.scenarios]), timeScale: 1)
        defer { upstream.stop() }
        let out = NSTemporaryDirectory() + "skillsmock-record-exists-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: out) }
        let key = "sk-test-create-errors.401-unauthorized--exists"
        let file = out + "/recorded/recorded.\(KeyFingerprint.of(key).dropFirst(4)).yaml"
        try FileManager.default.createDirectory(atPath: out + "/recorded", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: file, contents: Data("keep me\n".utf8))
        let base = upstream.baseURL
        let recorder = try await RawHTTPClient.offPool {
            Result { try Recorder(arguments: ["--upstream", base, "--out", out]) }
        }.get()
        _ = await RawHTTPClient(port: Int(recorder.baseURL.split(separator: ":").last!)!).send(
            "POST", "/api/v1/generation/sse/kling-ai/kling-v2.6", key: key, body: #"{"prompt":"x"}"#)
        let (code, errors) = await RawHTTPClient.offPool {
            (recorder.process.waitForExit(), String(decoding: recorder.process.stderr.readToEnd(), as: UTF8.self))
        }
        #expect(code == 2)
        #expect(errors.contains(file) && errors.contains("never overwrites"), "\(errors)")
        #expect(!errors.contains(key))
        #expect((try? String(contentsOfFile: file, encoding: .utf8)) == "keep me\n")
    }
}

/// The recorder in front of an https upstream verified with `--upstream-ca` (a throwaway CA made at test time).
@Suite("skillsmock record through an https upstream")
struct RecorderTLSTests {
    @Test(
        "a run through an https upstream with --upstream-ca records and replays; without the CA the upstream is refused"
    )
    func httpsUpstream() async throws {
        let catalogue = try ScenarioLoader.load(paths: [RepoPaths.scenarios])
        let scenario = try #require(catalogue.first(where: { $0.id == "sse-breaks.close-after-id" }))
        let plain = try TestServer(scenarios: catalogue, timeScale: 1)
        defer { plain.stop() }
        let port = plain.port
        let front = try await RawHTTPClient.offPool { Result { try TLSFront(targetPort: port) } }.get()
        defer { front.stop() }
        let out = NSTemporaryDirectory() + "skillsmock-record-tls-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: out) }

        let untrusted = await RecorderTests.runRecorderToEnd(["--upstream", front.baseURL, "--out", out])
        #expect(untrusted.code == 2, "the system roots do not know the throwaway CA")
        #expect(untrusted.stderr.contains(front.baseURL), "\(untrusted.stderr)")

        let (base, ca) = (front.baseURL, front.caFile)
        let recorder = try await RawHTTPClient.offPool {
            Result { try RecorderTests.Recorder(arguments: ["--upstream", base, "--upstream-ca", ca, "--out", out]) }
        }.get()
        defer { recorder.stop() }
        let key = "sk-test-\(scenario.id)--tls\(UInt32.random(in: 0...UInt32.max))"
        let first = await RecordReplayTests.runClient(base: recorder.baseURL + "/api/v1", key: key, scenario: scenario)
        let served = RecordReplayTests.normalized(
            await plain.server.awaitSettled(filter: JournalFilter(key: key), timeout: .seconds(10)))
        let (file, recorded) = await RecorderTests.recordedFile(out: out, key: key, calls: served)
        let scenarioFile = try #require(recorded, "no complete file at \(file)")
        let replay = try TestServer(scenarios: [scenarioFile], timeScale: 1)
        defer { replay.stop() }
        let replayKey = "sk-test-\(scenarioFile.id)"
        let second = await RecordReplayTests.runClient(base: replay.apiBaseURL, key: replayKey, scenario: scenario)
        let replayed = RecordReplayTests.normalized(
            await replay.server.awaitSettled(filter: JournalFilter(key: replayKey), timeout: .seconds(10)))
        #expect(first.exit == 0 && second.exit == 0)
        #expect(served.map(\.kind) == replayed.map(\.kind))
        #expect(served.map(\.status) == replayed.map(\.status))
        #expect(served.map(\.end) == replayed.map(\.end))
        #expect(served.map { $0.events.map(\.data) } == replayed.map { $0.events.map(\.data) })
        #expect(served.map(\.responseBody) == replayed.map(\.responseBody))
    }
}
