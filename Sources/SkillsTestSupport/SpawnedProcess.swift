import Foundation
import SkillsProcess
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A child process for tests (`ProcessSpawn`, not Foundation's `Process`), its stdout and stderr on pipes.
public final class SpawnedProcess: Sendable {
    /// The child's process id.
    public let pid: pid_t
    /// The child's stdout.
    public let stdout: PipeReader
    /// The child's stderr.
    public let stderr: PipeReader
    /// The exit code once the child was reaped.
    private let exitCode = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments`; `environment` nil inherits this process's; `directory` runs it
    /// there (through `/bin/sh -c 'cd DIR && exec ...'`, as `posix_spawn` cannot change directory here).
    public init(
        executable: String, arguments: [String], environment: [String: String]? = nil, directory: String? = nil
    ) throws(SpawnError) {
        var argv = [executable] + arguments
        if let directory {
            argv = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory] + argv
        }
        let spawned = try ProcessSpawn.start(
            argv: argv, environment: environment ?? ProcessInfo.processInfo.environment, searchPath: false)
        pid = spawned.pid
        stdout = PipeReader(fd: spawned.stdoutFD)
        stderr = PipeReader(fd: spawned.stderrFD)
    }

    deinit {
        stdout.close()
        stderr.close()
    }

    /// Sends SIGTERM unless the child was already reaped.
    public func terminate() {
        exitCode.withLock { if $0 == nil { _ = kill(pid, SIGTERM) } }
    }

    /// Whether the child is still running (reaps it when it has exited).
    public var isRunning: Bool {
        exitCode.withLock { exitCode in
            guard exitCode == nil else { return false }
            var raw: Int32 = 0
            guard waitpid(pid, &raw, WNOHANG) == pid else { return true }
            exitCode = ProcessSpawn.exitCode(raw)
            return false
        }
    }

    /// Waits for the child to exit: its exit status, or 128 + the signal that ended it.
    @discardableResult
    public func waitForExit() -> Int32 {
        if let code = exitCode.withLock({ $0 }) { return code }
        var raw: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(pid, &raw, 0) } while result < 0 && errno == EINTR
        return exitCode.withLock { exitCode in
            if exitCode == nil { exitCode = result == pid ? ProcessSpawn.exitCode(raw) : -1 }
            return exitCode ?? -1
        }
    }

}
