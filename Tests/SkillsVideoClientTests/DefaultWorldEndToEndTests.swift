import SkillsCore
import SkillsMockServer
import SkillsTestSupport
import Testing

@testable import SkillsVideoClient

/// Every `skills-video` command that calls the platform, run as the built binary, against the default world.
@Suite("skills-video against the default world")
struct DefaultWorldEndToEndTests {
    /// A default-world server whose generations take `generationMs` and whose keys start with `credits`.
    static func server(credits: Int = 100) throws -> TestServer {
        try TestServer(world: DefaultWorldSettings(generationMs: 300, initialCredits: credits, generationCost: 10))
    }

    static func create(
        _ server: TestServer, key: String, model: String = "kling-ai/kling-v2.6",
        payload: String = "{\"prompt\":\"neon city rain\"}"
    ) async throws -> (Int32, OutputCollector) {
        try await OutputCollector.runBinary(
            [
                "create", "--base-url", server.apiBaseURL, "--sse-endpoint", "/generation/sse/\(model)",
                "--payload", payload, "--poll-interval", "0.05", "--poll-timeout", "10", "--sse-idle-timeout", "10",
                "--backoff-base", "0.05",
            ],
            environment: ["SKILLS_VIDEO_API_KEY": key])
    }

    @Test("create streams to COMPLETED, credits drop by the cost, wait finds the same id COMPLETED")
    func createCreditsWait() async throws {
        let server = try Self.server()
        defer { server.stop() }
        let key = "dev-key-create"
        let (code, output) = try await Self.create(server, key: key)
        #expect(code == 0)
        let terminal = try #require(output.events.last)
        #expect(terminal["event"]?.stringValue == "terminal")
        #expect(terminal["status"]?.stringValue == "COMPLETED")
        #expect(terminal["response"]?["output"] != nil)
        let id = try #require(terminal["generation_id"]?.stringValue)
        #expect(output.events.filter { $0["event"]?.stringValue == "sse_event" }.count == 3, "\(output.lines)")

        let (creditsCode, credits) = try await OutputCollector.runBinary(
            ["credits", "--base-url", server.apiBaseURL],
            environment: ["SKILLS_VIDEO_API_KEY": key])
        #expect(creditsCode == 0)
        #expect(credits.events.first?["balance"]?.intValue == 90)

        let (waitCode, wait) = try await OutputCollector.runBinary(
            ["wait", "--generation-id", id, "--base-url", server.apiBaseURL, "--interval", "0.05", "--timeout", "5"],
            environment: ["SKILLS_VIDEO_API_KEY": key])
        #expect(waitCode == 0)
        #expect(wait.events.first?["event"]?.stringValue == "poll")
        #expect(wait.events.last?["status"]?.stringValue == "COMPLETED")
        #expect(!(output.lines + credits.lines + wait.lines).joined().contains(key))
    }

    @Test("wait polls an id that is still running until it completes, spaced by the interval")
    func waitWhileRunning() async throws {
        let server = try TestServer(
            world: DefaultWorldSettings(generationMs: 8000, initialCredits: 100, generationCost: 10))
        defer { server.stop() }
        let key = "dev-key-wait"
        // A polling create (JSON answer) issues the id without waiting for the stream.
        let (code, output) = try await OutputCollector.runBinary(
            [
                "create", "--base-url", server.apiBaseURL, "--sse-endpoint", "/generation/kling-ai/kling-v2.6",
                "--payload", "{\"prompt\":\"x\"}", "--poll-interval", "0.1", "--poll-timeout", "30",
            ],
            environment: ["SKILLS_VIDEO_API_KEY": key])
        #expect(code == 0)
        #expect(output.events.contains { $0["reason"]?.stringValue == "json_answer" })
        let polls = server.server.journal(filter: JournalFilter(key: key)).filter { $0.kind == RequestKind.poll }
        #expect(polls.count >= 2)
        for (previous, next) in zip(polls, polls.dropFirst()) { #expect(next.tMs - previous.tMs >= 90) }
    }

    @Test("out of credits: the next create is 402, insufficient_credits, exit 20")
    func outOfCredits() async throws {
        let server = try Self.server(credits: 10)
        defer { server.stop() }
        let (first, _) = try await Self.create(server, key: "dev-key-poor")
        #expect(first == 0)
        let (second, output) = try await Self.create(server, key: "dev-key-poor")
        #expect(second == 20)
        #expect(output.events.last?["category"]?.stringValue == "insufficient_credits")
        #expect(output.events.last?["http_status"]?.intValue == 402)
    }

    @Test("wait on an unknown id is not_found (23) after one poll")
    func waitUnknown() async throws {
        let server = try Self.server()
        defer { server.stop() }
        let (code, output) = try await OutputCollector.runBinary(
            ["wait", "--generation-id", "gen_missing", "--base-url", server.apiBaseURL, "--interval", "0.05"],
            environment: ["SKILLS_VIDEO_API_KEY": "dev-key-missing"])
        #expect(code == 23)
        #expect(output.events.filter { $0["event"]?.stringValue == "poll_error" }.count == 1)
    }
}
