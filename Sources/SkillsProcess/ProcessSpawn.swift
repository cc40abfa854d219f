import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A child process started with `posix_spawn`: stdin from `/dev/null`, stdout and stderr on pipes whose read
/// ends the caller now owns, SIGPIPE back to its default and no signal blocked.
///
/// Foundation's `Process` is not used anywhere: in Swift 6.3.1 `Process.run()` over-reads `/proc/self/fd`
/// directory records (swift-corelibs-foundation PR #5472) and crashes now and then in a process holding many
/// descriptors (a server under test, a conformance run).
public struct ProcessSpawn: Sendable {
    /// The child's process id.
    public let pid: pid_t
    /// Read end of the child's stdout.
    public let stdoutFD: Int32
    /// Read end of the child's stderr.
    public let stderrFD: Int32

    /// Starts `argv` (`argv[0]` looked up on PATH when `searchPath`) with exactly `environment`; with
    /// `newProcessGroup` the child leads a group of its own (so the whole group can be killed).
    public static func start(
        argv: [String], environment: [String: String], searchPath: Bool = true, newProcessGroup: Bool = false
    ) throws(SpawnError) -> ProcessSpawn {
        let command = argv.joined(separator: " ")
        guard let program = argv.first, !program.isEmpty else {
            throw SpawnError(command: command, reason: "empty command line")
        }
        // Pipes are made close-on-exec under one lock with the spawn, so no other child of ours inherits them.
        return try spawnLock.withLock { _ throws(SpawnError) -> ProcessSpawn in
            try spawnUnderLock(
                argv: argv, program: program, command: command, environment: environment, searchPath: searchPath,
                newProcessGroup: newProcessGroup)
        }
    }

    /// Makes the pipes and spawns the child; runs under `spawnLock`.
    private static func spawnUnderLock(
        argv: [String], program: String, command: String, environment: [String: String], searchPath: Bool,
        newProcessGroup: Bool
    ) throws(SpawnError) -> ProcessSpawn {
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard pipe(&outPipe) == 0 else {
            throw SpawnError(command: command, reason: "pipe: \(String(cString: strerror(errno)))")
        }
        guard pipe(&errPipe) == 0 else {
            close(outPipe[0])
            close(outPipe[1])
            throw SpawnError(command: command, reason: "pipe: \(String(cString: strerror(errno)))")
        }
        for fd in outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        closeInheritedDescriptors(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
        if newProcessGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for arg in cArgs { free(arg) }
            for entry in cEnv { free(entry) }
        }
        var pid: pid_t = 0
        let rc =
            searchPath
            ? posix_spawnp(&pid, program, &actions, &attributes, cArgs, cEnv)
            : posix_spawn(&pid, program, &actions, &attributes, cArgs, cEnv)
        close(outPipe[1])
        close(errPipe[1])
        guard rc == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            throw SpawnError(command: command, reason: String(cString: strerror(rc)))
        }
        return ProcessSpawn(pid: pid, stdoutFD: outPipe[0], stderrFD: errPipe[0])
    }

    /// Makes the child close every descriptor above 2 that is not close-on-exec: sockets of a server in this
    /// process (and a test's client sockets) must not live on in a child, or their connections never end.
    ///
    /// glibc 2.34+ has `posix_spawn_file_actions_addclosefrom_np`, which Swift's Glibc module does not
    /// export; it is looked up at run time. Without it, each descriptor open now gets a close action.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            let closeFrom = unsafeBitCast(symbol, to: CloseFrom.self)
            if closeFrom(&actions, 3) == 0 { return }
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for name in names {
            if let fd = Int32(name), fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        }
    }

    /// Serialises pipe creation and spawning across the process.
    private static let spawnLock = Mutex(())

    /// The exit code of a `waitpid` status: the exit status, or 128 + the signal.
    public static func exitCode(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
