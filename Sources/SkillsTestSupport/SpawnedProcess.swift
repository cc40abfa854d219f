import Foundation
import SkillsProcess

#if canImport(Glibc)
    import Glibc
#endif

/// A child process for tests (`ProcessSpawn`, not Foundation's `Process`), its stdout and stderr on pipes.
public final class SpawnedProcess: @unchecked Sendable {
    /// The child's process id.
    public let pid: pid_t
    /// The child's stdout.
    public let stdout: PipeReader
    /// The child's stderr.
    public let stderr: PipeReader
    private let status = NSLock()
    private var exitCode: Int32?

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
        status.withLock { if exitCode == nil { _ = kill(pid, SIGTERM) } }
    }

    /// Whether the child is still running (reaps it when it has exited).
    public var isRunning: Bool {
        status.withLock {
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
        if let code = status.withLock({ exitCode }) { return code }
        var raw: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(pid, &raw, 0) } while result < 0 && errno == EINTR
        return status.withLock {
            if exitCode == nil { exitCode = result == pid ? ProcessSpawn.exitCode(raw) : -1 }
            return exitCode ?? -1
        }
    }

}
