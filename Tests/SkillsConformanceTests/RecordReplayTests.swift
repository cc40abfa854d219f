import Foundation
import SkillsCore
import SkillsMockServer
import SkillsScenario
import SkillsTestSupport
import SkillsVideoClient
import Testing

/// Record and replay for real (SPEC 10): catalogue scenarios served by a live fake to the builtin client,
/// exported with `GET /__admin/runs/scenario`, loaded, served again, and the two journals compared.
@Suite("Record and replay through the run export")
struct RecordReplayTests {
    static let ids = [
        "sse-breaks.reset-after-progress", "sse-breaks.truncate-after-progress", "sse-happy.slow-progress",
        "polling.429-between", "sse-breaks.hang-after-id", "sse-parsing.crlf-line-ends",
        "create-errors.reset-then-success",
        "polling.slow-answers",
    ]

    /// Runs the builtin client (the `skills-video` executable, a child process: an in-process client would share
    /// the test process's two-thread cooperative pool with every other suite and could be starved into idle
    /// timeouts it would never hit alone) against `base` with `key` for `scenario`.
    static func runClient(base: String, key: String, scenario: Scenario) async -> (exit: Int32, lines: [String]) {
        let idle = (scenario.client.sseIdleTimeoutMs ?? 10_000) / 1000
        let arguments = [
            "create", "--base-url", base, "--sse-endpoint", "/generation/sse/\(scenario.model)",
            "--payload", scenario.payload.jsonText, "--poll-interval", "0.2", "--poll-timeout", "20",
            "--sse-idle-timeout", "\(idle)", "--backoff-base", "0.2", "--backoff-max", "1",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment[SkillsVideoCLI.apiKeyVariable] = key
        let executable = RepoPaths.executable("skills-video").path
        return await RawHTTPClient.offPool { [environment] in
            guard
                let process = try? SpawnedProcess(
                    executable: executable, arguments: arguments, environment: environment)
            else {
                return (-1, ["cannot start \(executable)"])
            }
            let stderrDone = DispatchSemaphore(value: 0)
            Thread {
                _ = process.stderr.readToEnd()
                stderrDone.signal()
            }.start()
            let out = process.stdout.readToEnd()
            stderrDone.wait()
            let code = process.waitForExit()
            return (code, String(decoding: out, as: UTF8.self).split(separator: "\n").map(String.init))
        }
    }

    /// One run's entries with its generation id written as `{gen}` in bodies and events.
    static func normalized(_ entries: [JournalEntry]) -> [JournalEntry] {
        let gen = entries.first(where: { $0.generationID != nil })?.generationID
        func g(_ text: String?) -> String? {
            guard let text, let gen else { return text }
            return text.replacingOccurrences(of: gen, with: "{gen}")
        }
        return entries.map { entry in
            var e = entry
            e.responseBody = g(e.responseBody)
            e.events = e.events.map { ServedEvent(tMs: $0.tMs, event: $0.event, data: g($0.data), id: g($0.id)) }
            return e
        }
    }

    /// Whether a replayed delay is within 5 % or 5 ms of the recorded one.
    static func close(_ recorded: Double, _ replayed: Double) -> Bool {
        abs(recorded - replayed) <= max(5, 0.05 * recorded)
    }

    /// The delays of an entry, each with the server time it ended: before the head, then before each served event.
    static func delays(_ entry: JournalEntry) -> [(ms: Double, at: Double)] {
        guard let answered = entry.answeredMs else { return [] }
        var previous = answered
        var out = [(ms: answered - entry.tMs, at: answered)]
        for event in entry.events {
            out.append((ms: event.tMs - previous, at: event.tMs))
            previous = event.tMs
        }
        return out
    }

    /// How late the server was during a gap ending at `at`: its scripted timers of the entry and its loops' lag probe.
    static func lateness(_ server: TestServer, _ entry: JournalEntry, gap: Double, at: Double) -> Double {
        max(entry.lateMs.max() ?? 0, server.server.lateness(fromMs: at - gap - 1, toMs: at + 1).max() ?? 0)
    }

    /// The recording's steps with delays zeroed: what was served, byte for byte.
    static func servedSteps(_ recording: ScenarioRecording) -> [Step] {
        let scenario = recording.scenario()
        return (scenario.create + scenario.poll).map { step in
            var s = step
            s.delayMs = 0
            if case .sse(var script) = s.kind {
                script.events = script.events.map {
                    var i = $0
                    i.delayMs = 0
                    return i
                }
                s.kind = .sse(script)
            }
            return s
        }
    }

    @Test(
        "catalogue runs exported, loaded and replayed serve the same answers, events, ends and counts, delays within 5 % or 5 ms",
        arguments: ids)
    func exportAndReplay(id: String) async throws {
        let catalogue = try ScenarioLoader.load(paths: [RepoPaths.scenarios])
        let scenario = try #require(catalogue.first(where: { $0.id == id }))
        let original = try TestServer(scenarios: catalogue, timeScale: 1)
        defer { original.stop() }
        let key = "sk-test-\(id)--rec\(UInt32.random(in: 0...UInt32.max))"
        let first = await Self.runClient(base: original.apiBaseURL, key: key, scenario: scenario)
        let recorded = Self.normalized(
            await original.server.awaitSettled(filter: JournalFilter(key: key), timeout: .seconds(10)))
        #expect(!recorded.isEmpty)

        let byKey = await original.client.send("GET", "/__admin/runs/scenario?key=\(key)")
        let response = try #require(byKey.response)
        #expect(response.status == 200, "\(response.bodyText)")
        #expect(response.header("Content-Type")?.hasPrefix("application/yaml") == true)
        let yaml = response.bodyText
        #expect(!yaml.contains(key), "the key is never written")
        #expect(yaml.contains(KeyFingerprint.of(key)))
        let byFingerprint = await original.client.send(
            "GET", "/__admin/runs/scenario?fingerprint=\(KeyFingerprint.of(key))")
        #expect(byFingerprint.response?.bodyText == yaml)

        let exported = try ScenarioLoader.parse(yaml: yaml, file: "\(id).export.yaml")
        #expect(exported.tags == ["recorded"])
        #expect(exported.model == scenario.model && exported.payload == scenario.payload)
        #expect(exported.expect.creates == CountCheck(.eq, recorded.filter { $0.kind.isCreate }.count))
        #expect(exported.expect.polls == CountCheck(.eq, recorded.filter { $0.kind == .poll }.count))

        let replay = try TestServer(scenarios: [exported], timeScale: 1)
        defer { replay.stop() }
        let replayKey = "sk-test-\(exported.id)"
        let second = await Self.runClient(base: replay.apiBaseURL, key: replayKey, scenario: scenario)
        let replayed = Self.normalized(
            await replay.server.awaitSettled(filter: JournalFilter(key: replayKey), timeout: .seconds(10)))

        #expect(second.exit == first.exit, "exit \(first.exit) recorded, \(second.exit) replayed")
        #expect(
            replayed.count == recorded.count,
            "request counts: \(recorded.map(\.kind)) vs \(replayed.map(\.kind))\n\(yaml)")
        for (a, b) in zip(recorded, replayed) {
            // A client hanging up right after a terminal event races the server's own end: both are the client's.
            let hungUp: Set<ConnectionEnd?> = [.clientClosed, .complete]
            let sameEnd =
                a.end == b.end || (a.end == .clientClosed && hungUp.contains(b.end))
                || (b.end == .clientClosed && hungUp.contains(a.end))
            #expect(
                a.kind == b.kind && a.status == b.status && sameEnd,
                "\(id) #\(a.seq): \(a.kind) \(a.status ?? 0) \(a.end?.rawValue ?? "-") vs \(b.kind) \(b.status ?? 0) \(b.end?.rawValue ?? "-")"
            )
            #expect(a.responseBody == b.responseBody, "\(id) #\(a.seq): answers differ")
            // Events are journaled when their bytes drained; a client that hangs up at once can beat the drain
            // callback of the last chunk, so after a hang-up the last event may be missing on one side.
            let fields = { (e: JournalEntry) in e.events.map { [$0.event ?? "", $0.data ?? "", $0.id ?? ""] } }
            let (ea, eb) = (fields(a), fields(b))
            let clientLeft = a.end == .clientClosed || b.end == .clientClosed
            let common = min(ea.count, eb.count)
            #expect(
                ea == eb || (clientLeft && abs(ea.count - eb.count) <= 1 && ea.prefix(common) == eb.prefix(common)),
                "\(id) #\(a.seq): events differ")
            let (da, db) = (Self.delays(a), Self.delays(b))
            #expect(da.count == db.count || clientLeft)
            for (x, y) in zip(da, db) {
                // A loaded machine can run a loop late; the server journals by how much (`lateMs`, the lag probe).
                // A gap off by more than the tolerance passes only when the longer side's server was that late.
                let excess = abs(x.ms - y.ms) - max(5, 0.05 * x.ms)
                let late =
                    y.ms > x.ms
                    ? Self.lateness(replay, b, gap: y.ms, at: y.at) : Self.lateness(original, a, gap: x.ms, at: x.at)
                #expect(
                    Self.close(x.ms, y.ms) || late >= excess,
                    "\(id) #\(a.seq): delays \(da.map { ($0.ms * 10).rounded() / 10 }) recorded, \(db.map { ($0.ms * 10).rounded() / 10 }) replayed; server late \(late) ms"
                )
            }
        }
        // Byte for byte: the replay's own export serves exactly what the original's did.
        let again = try #require(replay.server.recording(key: replayKey))
        let before = try #require(original.server.recording(key: key))
        #expect(Self.servedSteps(again) == Self.servedSteps(before), "\(id): served bytes differ")
    }

    @Test("the export answers 400 without a key and 404 for a key with no run")
    func exportErrors() async throws {
        let server = try TestServer(scenarios: [], timeScale: 1)
        defer { server.stop() }
        let none = await server.client.send("GET", "/__admin/runs/scenario")
        #expect(none.response?.status == 400)
        let unknown = await server.client.send("GET", "/__admin/runs/scenario?key=sk-nobody")
        #expect(unknown.response?.status == 404)
        #expect(unknown.response?.bodyText.contains(KeyFingerprint.of("sk-nobody")) == true)
        #expect(unknown.response?.bodyText.contains("sk-nobody") == false)
        let badFingerprint = await server.client.send("GET", "/__admin/runs/scenario?fingerprint=nope")
        #expect(badFingerprint.response?.status == 400)
    }

    @Test("a default-world run is exported and replays the same stream")
    func defaultWorldRun() async throws {
        let original = try TestServer(scenarios: [], timeScale: 1, world: DefaultWorldSettings(generationMs: 300))
        defer { original.stop() }
        let key = "sk-world-\(UInt32.random(in: 0...UInt32.max))"
        let scenario = Scenario(id: "x", title: "x", create: [])
        let first = await Self.runClient(base: original.apiBaseURL, key: key, scenario: scenario)
        #expect(first.exit == 0)
        _ = await original.server.awaitSettled(filter: JournalFilter(key: key), timeout: .seconds(5))
        let recording = try #require(original.server.recording(key: key))
        let exported = try ScenarioLoader.parse(yaml: recording.yaml(), file: "world.yaml")
        #expect(exported.id.hasPrefix("recorded.default-world."))
        #expect(exported.expect.outcome == "COMPLETED")
        let replay = try TestServer(scenarios: [exported], timeScale: 1)
        defer { replay.stop() }
        let second = await Self.runClient(base: replay.apiBaseURL, key: "sk-test-\(exported.id)", scenario: scenario)
        #expect(second.exit == 0)
        let again = try #require(replay.server.recording(key: "sk-test-\(exported.id)"))
        #expect(Self.servedSteps(again) == Self.servedSteps(recording))
    }
}
