import Foundation
import SkillsCore
import SkillsMockServer
import SkillsScenario
import SkillsTestSupport
import Testing

/// One run of the `skills-video` binary against a fresh fake server: output, exit code and journal slice.
struct ClientRun {
    /// The poll interval the runs use (seconds).
    static let pollInterval = 0.1

    let key: String
    let exitCode: Int32
    let output: String
    let seconds: Double
    let journal: [JournalEntry]

    /// Output lines parsed as JSON.
    var lines: [JSONValue] { output.split(separator: "\n").compactMap { try? JSONValue.parse(String($0)) } }
    /// The last JSON line.
    var last: JSONValue? { lines.last }
    /// Lines whose `event` is `name`.
    func events(named name: String) -> [JSONValue] { lines.filter { $0["event"]?.stringValue == name } }
    /// Create requests of the run.
    var creates: [JournalEntry] { journal.filter { $0.kind.isCreate } }
    /// Poll requests of the run.
    var polls: [JournalEntry] { journal.filter { $0.kind == .poll } }

    /// Milliseconds from each entry's end (its answer, or how its connection ended) to the next one's arrival,
    /// as the conformance rules measure retry gaps.
    func gaps(_ entries: [JournalEntry]) -> [Double] {
        zip(entries, entries.dropFirst()).map { $1.tMs - ($0.endedMs ?? $0.answeredMs ?? $0.tMs) }
    }

    /// Milliseconds between successive entries' arrivals.
    func arrivalGaps(_ entries: [JournalEntry]) -> [Double] {
        zip(entries, entries.dropFirst()).map { $1.tMs - $0.tMs }
    }

    /// Checks POLL-1: poll arrivals never closer than `seconds`.
    func expectPollSpacing(atLeast seconds: Double) throws {
        for gap in arrivalGaps(polls) { #expect(gap >= seconds * 1000, "poll gaps \(arrivalGaps(polls))") }
    }

    /// Serves `scenario` (time scale 1: scripted delays are already small) and runs `create` against it.
    static func create(_ scenario: Scenario, extra: [String] = []) async throws -> ClientRun {
        let server = try TestServer(scenarios: [scenario])
        defer { server.stop() }
        let key = "sk-test-\(scenario.id)"
        var arguments = [
            "create", "--base-url", server.apiBaseURL, "--sse-endpoint", "/generation/sse/\(scenario.model)",
            "--payload", scenario.payload.jsonText, "--poll-interval", "\(pollInterval)",
            "--poll-timeout", "10", "--sse-idle-timeout", "5", "--sse-request-timeout", "5",
            "--poll-request-timeout", "5", "--backoff-base", "0.05", "--backoff-max", "0.8",
        ]
        arguments += extra
        let result = try await ChildProcess.run(
            ClientPaths.skillsVideoBinary, arguments,
            environment: ["SKILLS_VIDEO_API_KEY": key])
        let journal = await server.server.awaitSettled(filter: JournalFilter(key: key), timeout: .seconds(5))
        return ClientRun(
            key: key, exitCode: result.exitCode, output: result.stdout, seconds: result.seconds,
            journal: journal)
    }
}
