import CLibevent
import Foundation
import SkillsCore
import SkillsScenario
import Synchronization

/// The fake skills.video platform: libevent loops serving the API, scripted scenarios, the default world,
/// the journal and the admin API.
public final class MockServer: Sendable {
    private let core: ServerCore
    /// The OpenSSL context every loop's connections share; nil serves plain HTTP.
    private let tls: TLSContext?
    private let state = Mutex(RunState())

    private struct RunState {
        var loops: [ServerLoop] = []
        var port = 0
        var running = false
    }

    /// Prepares a server; nothing is bound until `start()`. With `configuration.tls`, its PEM files are loaded
    /// here: a file that cannot be read or used throws a `TLSSetupError` naming it.
    public init(configuration: ServerConfiguration) throws {
        guard configuration.loops >= 1 else {
            throw MockServerError.invalidConfiguration("loops must be at least 1 (got \(configuration.loops))")
        }
        guard configuration.timeScale > 0, configuration.timeScale.isFinite else {
            throw MockServerError.invalidConfiguration(
                "time scale must be a positive number (got \(configuration.timeScale))")
        }
        guard configuration.requestTimeoutMs > 0, configuration.requestTimeoutMs.isFinite else {
            throw MockServerError.invalidConfiguration(
                "request timeout must be a positive number of ms (got \(configuration.requestTimeoutMs))")
        }
        guard configuration.lagProbeIntervalMs >= 0, configuration.lagProbeIntervalMs.isFinite else {
            throw MockServerError.invalidConfiguration(
                "the lag probe interval must be 0 (off) or a positive number of ms (got \(configuration.lagProbeIntervalMs))"
            )
        }
        guard configuration.maxHeaderBytes > 0, configuration.maxBodyBytes >= 0 else {
            throw MockServerError.invalidConfiguration(
                "the header limit must be positive and the body limit not negative (got \(configuration.maxHeaderBytes), \(configuration.maxBodyBytes))"
            )
        }
        if let files = configuration.tls {
            tls = try TLSContext(files)
        } else {
            tls = nil
        }
        core = ServerCore(configuration: configuration)
    }

    deinit { stop() }

    /// The configuration the server runs with.
    public var configuration: ServerConfiguration { core.configuration }

    /// Binds the port (one `SO_REUSEPORT` socket per loop) and starts every loop on its own thread.
    public func start() throws {
        guard state.withLock({ !$0.running }) else { return }
        _ = MockServer.processPrepared
        let configuration = core.configuration
        let first = try ListenSocket.open(host: configuration.host, port: configuration.port)
        guard first.loopback || configuration.adminToken != nil else {
            Foundation.close(first.fd)
            throw MockServerError.unprotectedAdmin(
                "host '\(configuration.host)' is not a loopback address: set an admin token, or the admin API would be open to the network"
            )
        }
        var sockets = [first.fd]
        var loops: [ServerLoop] = []
        do {
            for _ in 1..<configuration.loops {
                sockets.append(try ListenSocket.open(host: configuration.host, port: first.port).fd)
            }
            for fd in sockets {
                loops.append(try ServerLoop(core: core, listenFD: fd, tls: tls))
            }
        } catch {
            for fd in sockets.dropFirst(loops.count) { Foundation.close(fd) }
            for loop in loops {
                loop.start(name: "skillsmock-abandoned")
                loop.stop()
            }
            throw error
        }
        for (index, loop) in loops.enumerated() { loop.start(name: "skillsmock-loop-\(index)") }
        state.withLock { s in
            s.loops = loops
            s.port = first.port
            s.running = true
        }
    }

    /// The bound port (valid after `start()`).
    public var port: Int { state.withLock { $0.port } }

    /// `http://HOST:PORT`, or `https://HOST:PORT` when the server speaks TLS.
    public var baseURL: String {
        let host = core.configuration.host.contains(":") ? "[\(core.configuration.host)]" : core.configuration.host
        return "\(core.configuration.scheme)://\(host):\(port)"
    }

    /// Stops every loop, closing open connections, and waits for their threads.
    public func stop() {
        let loops = state.withLock { s -> [ServerLoop] in
            let loops = s.loops
            s.loops = []
            s.running = false
            return loops
        }
        for loop in loops { loop.stop() }
    }

    /// Adds or replaces scenarios (by id).
    public func load(scenarios: [Scenario]) {
        core.registry.load(scenarios)
    }

    /// Binds an API key to a scenario; false when no such scenario is loaded.
    @discardableResult
    public func mapKey(_ key: String, toScenario id: String) -> Bool {
        core.registry.mapKey(key, to: id)
    }

    /// Forgets runs, cursors, journal and credits; scenarios and key mappings stay.
    public func reset() {
        core.reset()
    }

    /// Journal entries (arrival order), optionally only those of one raw key / scenario / keyless requests.
    public func journal(filter: JournalFilter = .all) -> [JournalEntry] {
        core.journal.entries(filter)
    }

    /// What the server served to the run of one key (a raw key or its `key:` fingerprint) as a recording that
    /// replays it (SPEC 10); nil when no create or poll of that key was journaled. Settle the run first
    /// (`awaitSettled`): a stream still open is recorded as hanging after what it served so far.
    public func recording(key: String) -> ScenarioRecording? {
        let filter = JournalFilter(key: key)
        guard let fingerprint = filter.keyFingerprint else { return nil }
        return RunExport.recording(
            of: core.journal.exportRecords(filter), fingerprint: fingerprint, timeScale: core.configuration.timeScale)
    }

    /// Real milliseconds a scripted `reset` leaves between the last bytes written out and the RST, whatever
    /// the time scale (a scaled delay before a reset is raised to it), so a client surely read every event
    /// before the reset (SPEC 6, FALL-1).
    public static let resetGraceMs: Double = 25

    /// Milliseconds on the server's clock now: real, monotonic, since the server was made; the time base of
    /// journal entries (`tMs`, `endedMs`, served events) and of `lateness(fromMs:toMs:)`.
    public var nowMs: Double { core.clock.nowMs() }

    /// The server's clock (see `nowMs`): a copy stamps in the journal's frame.
    public var clock: MonotonicClock { core.clock }

    /// How late, in real ms (never negative), the loops' lag probe ticks fired within `fromMs...toMs` (server
    /// clock, see `nowMs`), oldest first: how busy the server was then, even with no scripted timer running.
    /// Ticks come every `ServerConfiguration.lagProbeIntervalMs` on each loop; the last 32768 are kept.
    public func lateness(fromMs: Double, toMs: Double) -> [Double] {
        core.lateness.withLock { $0.lateness(fromMs: fromMs, toMs: toMs) }
    }

    /// The loop-lag probe's samples within `fromMs...toMs` that were at least `minLateMs` late, with when each
    /// was taken: the moments the loops stalled.
    public func stalls(fromMs: Double, toMs: Double, minLateMs: Double) -> [LatenessSample] {
        core.lateness.withLock { $0.stalls(fromMs: fromMs, toMs: toMs, minLateMs: minLateMs) }
            .map { LatenessSample(atMs: $0.atMs, lateMs: $0.lateMs) }
    }

    /// The sequence number of the last request journaled (0 before any): a watermark that copies no entry.
    public var lastJournalSeq: Int { core.journal.lastSeq }

    /// Waits until every entry of the filter has an `end` (or the timeout passes).
    public func awaitSettled(filter: JournalFilter = .all, timeout: Duration) async -> [JournalEntry] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let entries = journal(filter: filter)
            if entries.allSatisfy({ $0.end != nil }) || ContinuousClock.now >= deadline { return entries }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Threads for libevent, SIGPIPE ignored (libevent writes with `writev`) and the open-file limit raised,
    /// once per process: a static `let` is initialised exactly once, even when servers start on several
    /// threads at a time (`evthread_use_pthreads` itself must not run twice concurrently).
    static let processPrepared: Bool = {
        evthread_use_pthreads()
        signal(SIGPIPE, SIG_IGN)
        OpenFileLimit.raiseToHardLimit()
        return true
    }()
}
