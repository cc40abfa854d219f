import Foundation
import SkillsTestSupport
import Synchronization

/// Paths of the repository and of the built `skills-video` binary, found from the test bundle.
enum ClientPaths {
    /// The repository root (four levels above this file).
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A fixture file under `Fixtures/`.
    static func fixture(_ name: String) -> URL {
        repositoryRoot.appendingPathComponent("Fixtures").appendingPathComponent(name)
    }

    /// The `skills-video` executable next to the test bundle (`.build/<config>/`).
    static var skillsVideoBinary: URL { RepoPaths.executable("skills-video") }
}

/// The result of running a child process to its end.
struct ChildResult: Sendable {
    let exitCode: Int32
    let stdout: String
    let stderr: String
    let seconds: Double

    /// Stdout lines parsed as JSON objects (unparseable lines dropped).
    var lines: [String] { stdout.split(separator: "\n").map(String.init) }
}

/// Runs a child process with arguments and environment, waiting for it off the cooperative pool.
enum ChildProcess {
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String]) async throws -> ChildResult
    {
        try await withCheckedThrowingContinuation { continuation in
            // A thread of its own: a child runs for seconds, and a blocked global-queue thread would starve the
            // test process's other work (Swift concurrency runs on the same root queues on Linux).
            let thread = Thread {
                do {
                    let start = Date()
                    let process = try SpawnedProcess(
                        executable: executable.path, arguments: arguments, environment: environment)
                    // stderr is read alongside stdout, so a child filling one pipe never blocks on the other.
                    let errors = StderrBox()
                    let stderrDone = DispatchSemaphore(value: 0)
                    Thread {
                        let bytes = process.stderr.readToEnd()
                        errors.bytes.withLock { $0 = bytes }
                        stderrDone.signal()
                    }.start()
                    let stdoutData = process.stdout.readToEnd()
                    stderrDone.wait()
                    let code = process.waitForExit()
                    continuation.resume(
                        returning: ChildResult(
                            exitCode: code,
                            stdout: String(decoding: stdoutData, as: UTF8.self),
                            stderr: String(decoding: errors.bytes.withLock { $0 }, as: UTF8.self),
                            seconds: Date().timeIntervalSince(start)))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
    }
}

/// stderr bytes handed from the reading thread.
private final class StderrBox: Sendable {
    /// The bytes read, once the reading thread is done.
    let bytes = Mutex<[UInt8]>([])
}
