import Foundation
import SkillsCore
import SkillsProcess
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// How a child process ended.
public struct ProcessEnd: Sendable, Equatable {
    /// Exit status, or 128 + signal number; nil when killed at the deadline.
    public var exitCode: Int32?
    /// Whether the runner killed it at the deadline.
    public var killedAtDeadline: Bool
}

/// A client process in its own process group, stdout and stderr read line by line, killable as a group.
public final class ChildProcess: Sendable {
    /// The process id (also the process group id).
    public let pid: pid_t
    /// Whether the runner killed the group at the deadline, and whether the process had exited by then.
    private let state = Mutex<(killed: Bool, exited: Bool)>((false, false))
    private let outputDone = DispatchGroup()

    private init(pid: pid_t) { self.pid = pid }

    /// Runs `argv` (looked up on PATH, no shell) with exactly `environment`; each output line goes to `onLine`.
    /// Waits for the process; at `deadline` the whole process group is killed.
    public static func run(
        argv: [String], environment: [String: String], deadline: Duration,
        onLine: @escaping @Sendable (ClientLine.Stream, String) -> Void
    ) async throws(SpawnError) -> ProcessEnd {
        let child = try spawn(argv: argv, environment: environment, onLine: onLine)
        return await child.wait(deadline: deadline)
    }

    static func spawn(
        argv: [String], environment: [String: String],
        onLine: @escaping @Sendable (ClientLine.Stream, String) -> Void
    ) throws(SpawnError) -> ChildProcess {
        let spawned = try ProcessSpawn.start(argv: argv, environment: environment, newProcessGroup: true)
        let child = ChildProcess(pid: spawned.pid)
        child.startReader(fd: spawned.stdoutFD, stream: .stdout, onLine: onLine)
        child.startReader(fd: spawned.stderrFD, stream: .stderr, onLine: onLine)
        return child
    }

    private func startReader(
        fd: Int32, stream: ClientLine.Stream, onLine: @escaping @Sendable (ClientLine.Stream, String) -> Void
    ) {
        outputDone.enter()
        let done = outputDone
        let thread = Thread {
            var splitter = LineSplitter()
            var buffer = [UInt8](repeating: 0, count: 16 * 1024)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                for line in splitter.feed(buffer[0..<n]) { onLine(stream, line) }
            }
            if let rest = splitter.finish() { onLine(stream, rest) }
            close(fd)
            done.leave()
        }
        thread.start()
    }

    /// Waits for the process to exit, killing its group at the deadline; then collects the rest of its output.
    func wait(deadline: Duration) async -> ProcessEnd {
        let pid = self.pid
        // A private serial queue runs on an overcommit thread: the kill is on time even when the global queues
        // (where Swift concurrency also runs on Linux) are all busy.
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "skillsmock.child-deadline"))
        timer.schedule(deadline: .now() + .milliseconds(Int(deadline.milliseconds)))
        timer.setEventHandler { [weak self] in self?.killGroup(atDeadline: true) }
        timer.resume()
        let status: Int32 = await withCheckedContinuation { continuation in
            let thread = Thread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0, errno == EINTR {}
                self.state.withLock { $0.exited = true }
                continuation.resume(returning: status)
            }
            thread.start()
        }
        timer.cancel()
        // Stragglers (a child the client started) would keep the pipes open: end the whole group.
        killGroup(atDeadline: false)
        _ = outputDone.wait(timeout: .now() + 2)
        let wasKilled = state.withLock { $0.killed }
        if wasKilled { return ProcessEnd(exitCode: nil, killedAtDeadline: true) }
        return ProcessEnd(exitCode: ProcessSpawn.exitCode(status), killedAtDeadline: false)
    }

    /// Sends SIGKILL to the process group.
    func killGroup(atDeadline: Bool) {
        let send: Bool = state.withLock { state in
            if atDeadline {
                if state.exited { return false }
                state.killed = true
            }
            return true
        }
        if send { kill(-pid, SIGKILL) }
    }

}

/// Splits bytes into lines on LF (a CR before it dropped), decoding UTF-8 leniently.
struct LineSplitter {
    private var pending: [UInt8] = []

    mutating func feed<C: Collection>(_ bytes: C) -> [String] where C.Element == UInt8 {
        var lines: [String] = []
        for byte in bytes {
            if byte == 0x0A {
                if pending.last == 0x0D { pending.removeLast() }
                lines.append(String(decoding: pending, as: UTF8.self))
                pending.removeAll(keepingCapacity: true)
            } else {
                pending.append(byte)
            }
        }
        return lines
    }

    mutating func finish() -> String? {
        defer { pending = [] }
        return pending.isEmpty ? nil : String(decoding: pending, as: UTF8.self)
    }
}
