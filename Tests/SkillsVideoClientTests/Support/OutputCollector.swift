import Foundation
import SkillsCore
import Synchronization

@testable import SkillsVideoClient

/// Collects the JSON lines `SkillsVideoCLI.run` writes, thread-safely.
final class OutputCollector: Sendable {
    private let stored = Mutex<[String]>([])

    /// The writer to hand to `SkillsVideoCLI.run`.
    var writer: @Sendable (String) -> Void { { [self] line in stored.withLock { $0.append(line) } } }

    /// Every line written so far.
    var lines: [String] { stored.withLock { $0 } }

    /// The lines parsed as JSON.
    var events: [JSONValue] { lines.compactMap { try? JSONValue.parse($0) } }

    /// Runs the CLI in-process and returns its exit code and output.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async -> (Int32, OutputCollector) {
        let collector = OutputCollector()
        let code = await SkillsVideoCLI.run(arguments: arguments, environment: environment, output: collector.writer)
        return (code, collector)
    }

    /// Runs the built `skills-video` binary as a child process (its own threads: the test process's load
    /// cannot stall its streams) and returns its exit code and output lines.
    static func runBinary(_ arguments: [String], environment: [String: String] = [:]) async throws -> (
        Int32, OutputCollector
    ) {
        let result = try await ChildProcess.run(ClientPaths.skillsVideoBinary, arguments, environment: environment)
        let collector = OutputCollector()
        for line in result.lines { collector.writer(line) }
        return (result.exitCode, collector)
    }
}

extension JSONValue {
    /// The `event` member of a client output line.
    var eventName: String? { self["event"]?.stringValue }
}
