import Foundation
import SkillsCore
import SkillsMockServer
import SkillsScenario
import Synchronization

/// One conformance run's shared state: the server, its clock, the client and the settings.
struct RunContext: Sendable {
    let server: MockServer
    let clock: MonotonicClock
    let baseURL: String
    let config: ConformanceRunner.Configuration

    /// How long to wait for the run's journal entries to end after the client did.
    static let settleTimeout: Duration = .seconds(3)

    /// A fresh key for one run of a scenario.
    static func key(for scenario: Scenario) -> String {
        "sk-test-\(scenario.id)--"
            + String(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(8))
    }

    /// How long after the client's end a stall still counts: the probe reports a stall when it ends.
    static let stallTailMs = 50.0

    /// The factor a timing re-run multiplies the time scale by (SPEC 6).
    static let rerunBoost = 4.0

    /// Runs the client through `scenario` and judges it; when the server could not keep time (TIMING-0),
    /// runs it once more at 4 × the time scale and reports that run.
    func run(_ scenario: Scenario) async -> ScenarioResult {
        let first = await runOnce(scenario, boost: 1)
        guard first.judgements.contains(where: { $0.result.id == .timing0 && $0.result.verdict == .fail }),
            !scenario.client.apiKeyAbsent
        else { return first }
        var copy = ConformanceRunner.serverCopy(of: scenario, timeScale: config.timeScale, boost: RunContext.rerunBoost)
        copy.id = scenario.id + "~timing-rerun"
        server.load(scenarios: [copy])
        return await runOnce(scenario, boost: RunContext.rerunBoost, serverScenarioID: copy.id)
    }

    /// Runs the client once through `scenario` at `boost` × its scale and judges it; `serverScenarioID` names
    /// the server's rescaled copy a re-run is bound to.
    func runOnce(_ scenario: Scenario, boost: Double, serverScenarioID: String? = nil) async -> ScenarioResult {
        let timings = ClientTimings.forScenario(scenario, timeScale: config.timeScale, boost: boost)
        let key = scenario.client.apiKeyAbsent ? nil : RunContext.key(for: scenario)
        if let key, let serverScenarioID { server.mapKey(key, toScenario: serverScenarioID) }
        let deadline = ConformanceRunner.hardDeadline(for: scenario, timings: timings, margin: config.deadlineMargin)
        let invocation = ClientInvocation(
            baseURL: baseURL, model: scenario.model, payload: scenario.payload,
            timings: timings, key: key, deadline: deadline)
        let watermark = server.lastJournalSeq
        let lines = OutputRecorder(clock: clock)
        let start = clock.nowMs()
        let startWall = Date()
        let end = await config.client.run(invocation) { stream, text in lines.record(stream, text) }
        let finish = clock.nowMs()
        lines.close()
        let journal = await collectJournal(key: key, since: watermark)
        var record = RunRecord(
            scenario: scenario, timings: timings, key: key, journal: journal, output: lines.lines,
            exitCode: end.exitCode, killedAtDeadline: end.killedAtDeadline, clientStartMs: start,
            clientEndMs: finish, exitConvention: config.client.exitConvention, wallClock: startWall,
            backoffGiven: config.client.receivesBackoff,
            serverLateMs: serverLateness(
                LatenessQuery(
                    journal: journal, fromMs: start, toMs: finish,
                    timeScale: timings.timeScale)),
            timingRerun: boost != 1)
        record.serverStalls =
            config.lateness == nil
            ? server.stalls(fromMs: start, toMs: finish + RunContext.stallTailMs, minLateMs: 1) : []
        // SPEC 7 (2): only when the run's last HTTP answer was non-2xx.
        if OutcomeReader.needsClassifier(record.outcome), let answer = journal.last(where: { $0.status != nil }),
            let status = answer.status, !(200..<300).contains(status)
        {
            record.classifiedCategory = await config.client.classify(
                status: status, body: answer.responseBody ?? "", invocation: invocation)
        }
        return ScenarioResult.judge(
            record, durationMs: clock.nowMs() - start, baseline: config.baseline, clientError: end.error)
    }

    /// How late the server was during a run: its scripted timers for the run's entries, and its loop-lag
    /// probe between the client's start and end.
    func serverLateness(_ query: LatenessQuery) -> [Double] {
        if let lateness = config.lateness { return lateness(query) }
        return query.journal.flatMap(\.lateMs) + server.lateness(fromMs: query.fromMs, toMs: query.toMs)
    }

    /// The run's entries once settled: its key's requests, plus keyless ones that name its generation id;
    /// for a keyless run, every keyless request since it began (it runs alone).
    func collectJournal(key: String?, since watermark: Int) async -> [JournalEntry] {
        let keyless = await server.awaitSettled(
            filter: JournalFilter(keylessOnly: true, sinceSeq: watermark), timeout: RunContext.settleTimeout)
        guard let key else { return keyless }
        let own = await server.awaitSettled(filter: JournalFilter(key: key), timeout: RunContext.settleTimeout)
        let ids = Set(own.compactMap(\.generationID))
        let strays = keyless.filter { e in
            ids.contains { e.path.hasSuffix("/generation/\($0)") || e.generationID == $0 }
        }
        return (own + strays).sorted { $0.seq < $1.seq }
    }
}

/// Collects a client's lines with server-clock stamps; lines after `close()` are dropped.
final class OutputRecorder: Sendable {
    private let clock: MonotonicClock
    private let state = Mutex<(lines: [ClientLine], closed: Bool)>(([], false))

    init(clock: MonotonicClock) { self.clock = clock }

    /// Records one line, stamped now, unless the recorder is closed.
    func record(_ stream: ClientLine.Stream, _ text: String) {
        let t = clock.nowMs()
        state.withLock { state in
            if !state.closed { state.lines.append(ClientLine(tMs: t, stream: stream, text: text)) }
        }
    }

    /// Drops every line recorded from now on.
    func close() { state.withLock { $0.closed = true } }

    /// The lines recorded so far.
    var lines: [ClientLine] { state.withLock { $0.lines } }
}
