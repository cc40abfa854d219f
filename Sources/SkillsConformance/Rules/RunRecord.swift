import Foundation
import SkillsCore
import SkillsScenario

/// Everything one run left behind: the input to every rule, which are pure functions of it.
struct RunRecord: Sendable {
    var scenario: Scenario
    /// The scaled settings the client was given.
    var timings: ClientTimings
    /// The run's API key; nil for an `api_key: absent` run.
    var key: String?
    /// The run's journal entries in arrival order (for a keyless run: every keyless entry of its window).
    var journal: [JournalEntry]
    /// What the client printed, in order.
    var output: [ClientLine]
    /// The client's exit code; nil when it was killed or never started.
    var exitCode: Int32?
    /// Whether the runner killed the client at the hard deadline.
    var killedAtDeadline: Bool
    /// Server-clock milliseconds when the client was started and when it ended (nil when unknown).
    var clientStartMs: Double?
    var clientEndMs: Double?
    /// Which exit codes the client promises.
    var exitConvention: ExitConvention
    /// What the profile's `classify` command said about the run's last HTTP answer (when non-2xx and asked).
    var classifiedCategory: String?
    /// The wall-clock time at server-clock millisecond `clientStartMs` (0 when that is unknown): each answer's
    /// wall-clock time follows from it, and a scripted HTTP-date `Retry-After` is measured from its answer's.
    var wallClock: Date
    /// Whether the client was told its backoff (base and cap): RETRY-2 then judges each gap against that schedule.
    var backoffGiven: Bool
    /// How late the server was during the run, in ms: its scripted timers and its loop-lag probe (SPEC 6).
    var serverLateMs: [Double]
    /// Whether this run is the 4 × time-scale re-run of a run the server could not keep time for.
    var timingRerun: Bool
    /// The moments the server's loops stalled during the run (lag-probe samples at least 1 ms late): a stall
    /// just before the server stamped something it noticed (an arrival, a hang-up) shortens the gap from it.
    var serverStalls: [LatenessSample] = []

    init(
        scenario: Scenario, timings: ClientTimings, key: String?, journal: [JournalEntry], output: [ClientLine],
        exitCode: Int32?, killedAtDeadline: Bool = false, clientStartMs: Double? = nil, clientEndMs: Double? = nil,
        exitConvention: ExitConvention = .seed, classifiedCategory: String? = nil, wallClock: Date = Date(),
        backoffGiven: Bool = false, serverLateMs: [Double] = [], timingRerun: Bool = false
    ) {
        self.scenario = scenario
        self.timings = timings
        self.key = key
        self.journal = journal.sorted { $0.seq < $1.seq }
        self.output = output
        self.exitCode = exitCode
        self.killedAtDeadline = killedAtDeadline
        self.clientStartMs = clientStartMs
        self.clientEndMs = clientEndMs
        self.exitConvention = exitConvention
        self.classifiedCategory = classifiedCategory
        self.wallClock = wallClock
        self.backoffGiven = backoffGiven
        self.serverLateMs = serverLateMs
        self.timingRerun = timingRerun
    }

    /// The client's outcome, read from its output (SPEC 7).
    var outcome: ClientOutcome {
        OutcomeReader.read(lines: output.map(\.text), classified: classifiedCategory, exitCode: exitCode)
    }
}
