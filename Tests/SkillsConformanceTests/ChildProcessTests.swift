import Foundation
import SkillsTestSupport
import Synchronization
import Testing

@testable import SkillsConformance

@Suite struct ChildProcessTests {
    /// Lines a child printed, collected from its reading threads.
    final class Lines: Sendable {
        private let items = Mutex<[(ClientLine.Stream, String)]>([])
        func add(_ s: ClientLine.Stream, _ t: String) { items.withLock { $0.append((s, t)) } }
        var all: [(ClientLine.Stream, String)] { items.withLock { $0 } }
    }

    /// A moment seen on one thread and awaited on another.
    final class Sighting: Sendable {
        private let seen = DispatchSemaphore(value: 0)
        private let after = Mutex<Duration>(.zero)
        func see(after duration: Duration) {
            after.withLock { $0 = duration }
            seen.signal()
        }
        /// Blocks until `see` was called.
        func await() -> Duration {
            seen.wait()
            return after.withLock { $0 }
        }
    }

    @Test func capturesStdoutAndStderrLinesAndExitCode() async throws {
        let lines = Lines()
        let script =
            "import sys; print('one'); print('two', file=sys.stderr); sys.stdout.write('no newline'); sys.exit(7)"
        let end = try await ChildProcess.run(
            argv: ["python3", "-c", script], environment: ProcessInfo.processInfo.environment,
            deadline: .seconds(30), onLine: lines.add)
        #expect(end == ProcessEnd(exitCode: 7, killedAtDeadline: false))
        #expect(lines.all.filter { $0.0 == .stdout }.map(\.1) == ["one", "no newline"])
        #expect(lines.all.filter { $0.0 == .stderr }.map(\.1) == ["two"])
    }

    @Test func environmentIsExactlyWhatIsGiven() async throws {
        let lines = Lines()
        let env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "ONLY_THIS": "x y"]
        _ = try await ChildProcess.run(argv: ["env"], environment: env, deadline: .seconds(30), onLine: lines.add)
        #expect(lines.all.map(\.1).sorted() == ["ONLY_THIS=x y", "PATH=\(env["PATH"] ?? "")"])
    }

    @Test func hungClientAndItsChildrenAreKilledAtTheDeadline() async throws {
        let lines = Lines()
        // The client starts a grandchild that holds stdout open, then hangs.
        let script =
            "import subprocess, time; subprocess.Popen(['sleep', '60']); print('started', flush=True); time.sleep(60)"
        let clock = ContinuousClock()
        let child = try ChildProcess.spawn(
            argv: ["python3", "-c", script], environment: ProcessInfo.processInfo.environment,
            onLine: lines.add)
        // The hang starts once the client said so (a loaded machine can take seconds to start Python).
        let spawned = clock.now
        await RawHTTPClient.offPool {
            while lines.all.isEmpty, clock.now - spawned < .seconds(30) { usleep(10_000) }
        }
        let start = clock.now
        // When the process is gone, seen from a thread of its own: a busy cooperative pool cannot delay the sighting.
        let pid = child.pid
        let gone = Sighting()
        Thread {
            while kill(pid, 0) == 0, clock.now - start < .seconds(60) { usleep(10_000) }
            gone.see(after: clock.now - start)
        }.start()
        let end = await child.wait(deadline: .seconds(3))
        let took = await RawHTTPClient.offPool { gone.await() }
        #expect(end == ProcessEnd(exitCode: nil, killedAtDeadline: true))
        #expect(lines.all.map(\.1) == ["started"])
        #expect(took >= .seconds(3) && took < .seconds(8), "gone after \(took), the deadline was 3 s")
    }

    @Test func missingProgramIsASpawnErrorNamingTheCommand() async {
        await #expect {
            _ = try await ChildProcess.run(
                argv: ["/nonexistent/client-binary", "--x"], environment: [:], deadline: .seconds(5)
            ) { _, _ in }
        } throws: { "\($0)".contains("/nonexistent/client-binary --x") }
    }

    @Test func lineSplitterHandlesCRLFAndInvalidUTF8() {
        var splitter = LineSplitter()
        var lines = splitter.feed(Array("a\r\nb".utf8))
        lines += splitter.feed([0xFF, 0x0A, 0x63])
        #expect(lines == ["a", "b\u{FFFD}"])
        #expect(splitter.finish() == "c")
    }
}
