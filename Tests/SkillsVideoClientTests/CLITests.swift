import SkillsCore
import Testing

@testable import SkillsVideoClient

@Suite("skills-video CLI")
struct CLITests {
    static let key = "sk-test-secret-key-0123456789"

    @Test(
        "missing key: seed error line, exit 1, for every command that calls the platform",
        arguments: [
            ["create", "--sse-endpoint", "/generation/sse/kling-ai/kling-v2.6", "--base-url", "http://127.0.0.1:1"],
            ["wait", "--generation-id", "g1", "--base-url", "http://127.0.0.1:1"],
            ["credits", "--base-url", "http://127.0.0.1:1"],
        ])
    func missingKey(arguments: [String]) async throws {
        for environment in [[:], ["SKILLS_VIDEO_API_KEY": "   "]] {
            let (code, output) = await OutputCollector.run(arguments, environment: environment)
            #expect(code == 1)
            let line = try #require(output.events.first)
            #expect(line.eventName == "error")
            #expect(line["error"]?.stringValue == "missing_api_key")
            #expect(line["message"]?.stringValue?.contains("SKILLS_VIDEO_API_KEY") == true)
            #expect(output.lines.count == 1, "no request was started")
        }
    }

    @Test(
        "bad arguments: invalid_arguments line and exit 1",
        arguments: [
            ["create"], ["create", "--sse-endpoint", "/x", "--poll-interval", "abc"], ["nonsense"],
            ["wait"], ["classify", "--status", "x"], ["create", "--sse-endpoint", "/x", "--bogus"],
        ])
    func badArguments(arguments: [String]) async throws {
        let (code, output) = await OutputCollector.run(arguments, environment: ["SKILLS_VIDEO_API_KEY": Self.key])
        #expect(code == 1)
        let line = try #require(output.events.first)
        #expect(line["error"]?.stringValue == "invalid_arguments")
        #expect(line["message"]?.stringValue?.isEmpty == false)
    }

    @Test(
        "bad values are argument errors naming the option",
        arguments: [
            (["create", "--sse-endpoint", "/x", "--poll-interval", "0"], "--poll-interval"),
            (["create", "--sse-endpoint", "/x", "--poll-timeout", "-1"], "--poll-timeout"),
            (["create", "--sse-endpoint", "/x", "--sse-idle-timeout", "nan"], "--sse-idle-timeout"),
            (["create", "--sse-endpoint", "/x", "--max-attempts", "0"], "--max-attempts"),
            (["create", "--sse-endpoint", "/x", "--payload", "[1]"], "JSON object"),
            (["create", "--sse-endpoint", "/x", "--payload", "{}", "--payload-file", "/tmp/p.json"], "--payload-file"),
            (["create", "--sse-endpoint", "/x", "--payload-file", "/nonexistent/p.json"], "/nonexistent/p.json"),
            (["wait", "--generation-id", "g", "--interval", "0"], "--interval"),
            (["wait", "--generation-id", "g", "--timeout", "0"], "--timeout"),
        ] as [([String], String)])
    func badValues(arguments: [String], culprit: String) async throws {
        let (code, output) = await OutputCollector.run(arguments, environment: ["SKILLS_VIDEO_API_KEY": Self.key])
        #expect(code == 1)
        let line = try #require(output.events.first)
        #expect(line.eventName == "error")
        #expect(line["message"]?.stringValue?.contains(culprit) == true)
    }

    @Test("help is plain text and exit 0")
    func help() async {
        let (code, output) = await OutputCollector.run(["create", "--help"])
        #expect(code == 0)
        #expect(output.lines.joined().contains("--sse-idle-timeout"))
    }

    @Test("ensure-key: seed JSON, exit 0 with a key and 1 without")
    func ensureKey() async throws {
        let (present, presentOutput) = await OutputCollector.run(
            ["ensure-key"], environment: ["SKILLS_VIDEO_API_KEY": Self.key])
        #expect(present == 0)
        #expect(presentOutput.events.first?["ok"]?.boolValue == true)
        #expect(!presentOutput.lines.joined().contains(Self.key))
        let (missing, missingOutput) = await OutputCollector.run(["ensure-key"])
        #expect(missing == 1)
        let line = try #require(missingOutput.events.first)
        #expect(line["ok"]?.boolValue == false)
        #expect(line["env_var"]?.stringValue == "SKILLS_VIDEO_API_KEY")
        #expect(line["how_to_get_key"]?.arrayValue?.count == 3)
    }

    @Test("create against a refused port: retried with doubling waits, then transient (24), key never printed")
    func refusedCreate() async throws {
        let (code, output) = await OutputCollector.run(
            [
                "create", "--sse-endpoint", "/generation/sse/kling-ai/kling-v2.6", "--base-url",
                "http://127.0.0.1:1/api/v1",
                "--payload", "{\"prompt\":\"x\"}", "--backoff-base", "0.02", "--backoff-max", "10", "--max-attempts",
                "4",
            ],
            environment: ["SKILLS_VIDEO_API_KEY": Self.key])
        #expect(code == 24)
        let events = output.events
        let retries = events.filter { $0.eventName == "retry" }
        #expect(retries.count == 3)
        let waits = retries.compactMap { $0["wait_s"]?.numberValue }
        #expect(waits.count == 3)
        for (previous, next) in zip(waits, waits.dropFirst()) {
            #expect(next >= min(previous * 1.5, 10), "waits \(waits) (the cap is 10 s)")
        }
        let last = try #require(events.last)
        #expect(last.eventName == "error")
        #expect(last["category"]?.stringValue == "transient")
        #expect(last["attempts"]?.intValue == 4)
        #expect(!output.lines.joined().contains(Self.key))
    }

    @Test("wait against a refused port: poll errors retried, then transient (24)")
    func refusedWait() async throws {
        let (code, output) = await OutputCollector.run(
            [
                "wait", "--generation-id", "gen-1", "--base-url", "http://127.0.0.1:1", "--interval", "0.01",
                "--timeout", "600", "--backoff-base", "0.01", "--max-attempts", "3",
            ],
            environment: ["SKILLS_VIDEO_API_KEY": Self.key])
        #expect(code == 24)
        #expect(output.events.filter { $0.eventName == "poll_error" }.count == 3)
        #expect(output.events.last?["category"]?.stringValue == "transient")
    }

    @Test("cancelling a run (the conformance deadline) ends it promptly with a cancelled error")
    func cancellation() async throws {
        let collector = OutputCollector()
        let task = Task {
            await SkillsVideoCLI.run(
                arguments: [
                    "wait", "--generation-id", "gen-1", "--base-url", "http://127.0.0.1:1", "--interval", "120",
                    "--timeout", "600", "--backoff-base", "120", "--max-attempts", "9",
                ],
                environment: ["SKILLS_VIDEO_API_KEY": Self.key], output: collector.writer)
        }
        // Cancel once the first poll failed and the run sleeps before its retry (120 s without cancellation).
        for _ in 0..<3_000 where !collector.lines.contains(where: { $0.contains("\"retry\"") }) {
            try await Task.sleep(for: .milliseconds(20))
        }
        try #require(collector.lines.contains { $0.contains("\"retry\"") }, "the first poll failed and a retry waits")
        let clock = ContinuousClock()
        let cancelled = clock.now
        task.cancel()
        let code = await task.value
        #expect(code == ErrorCategory.unknown.exitCode)
        #expect(clock.now - cancelled < .seconds(60), "ended long before the 120 s retry wait")
        #expect(collector.events.last?["error"]?.stringValue == "cancelled")
    }

    @Test("credits against a refused port: transient error, no crash")
    func refusedCredits() async {
        let (code, output) = await OutputCollector.run(
            ["credits", "--base-url", "http://127.0.0.1:1"],
            environment: ["SKILLS_VIDEO_API_KEY": Self.key])
        #expect(code == 24)
        #expect(output.events.last?["category"]?.stringValue == "transient")
    }
}

@Suite("EventSink and URLs")
struct EventSinkTests {
    @Test("the key is scrubbed raw and JSON-escaped")
    func scrub() {
        let collector = OutputCollector()
        let key = "sk/\"odd\"-key"
        let sink = EventSink(secret: key, write: collector.writer)
        sink.emit(.commandError(code: "error", message: "bad key \(key) sent"))
        sink.text("plain \(key)")
        #expect(collector.lines.allSatisfy { !$0.contains(key) && !$0.contains("sk/\\\"odd\\\"-key") })
        #expect(collector.lines.allSatisfy { $0.contains(EventSink.redaction) })
    }

    @Test("one JSON object per line with the event first")
    func lineShape() throws {
        let collector = OutputCollector()
        EventSink(secret: nil, write: collector.writer).emit(.cancelled(generationID: nil))
        #expect(
            collector.lines == [
                "{\"event\":\"error\",\"error\":\"cancelled\",\"category\":\"unknown\","
                    + "\"message\":\"The run was cancelled before a terminal status.\",\"generation_id\":null}"
            ])
    }

    @Test("endpoint joining and id encoding")
    func urls() {
        #expect(
            PlatformURL.join(base: "http://h/api/v1/", endpoint: "/generation/sse/a/b")
                == "http://h/api/v1/generation/sse/a/b")
        #expect(PlatformURL.join(base: "http://h/api/v1", endpoint: "generation/x") == "http://h/api/v1/generation/x")
        #expect(PlatformURL.join(base: "http://h", endpoint: "https://other/x") == "https://other/x")
        #expect(
            PlatformURL.generation(base: "http://h/api/v1", id: "gen 1/é")
                == "http://h/api/v1/generation/gen%201%2F%C3%A9")
    }
}
