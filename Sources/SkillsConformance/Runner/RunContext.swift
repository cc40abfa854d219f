import Foundation
import SkillsCore
import SkillsMockServer
import SkillsScenario

/// One conformance run's shared state: the server, its clock, the client and the settings.
struct RunContext: Sendable {
    let server: MockServer
    let clock: ServerClock
    let baseURL: String
    let config: ConformanceRunner.Configuration

    /// How long to wait for the run's journal entries to end after the client did.
    static let settleTimeout: Duration = .seconds(3)

    /// A fresh key for one run of a scenario.
    static func key(for scenario: Scenario) -> String {
        "sk-test-\(scenario.id)--" + String(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(8))
    }

    /// Runs the client once through `scenario` and judges it.
    func run(_ scenario: Scenario) async -> ScenarioResult {
        let timings = ClientTimings.forScenario(scenario, timeScale: config.timeScale)
        let key = scenario.client.apiKeyAbsent ? nil : RunContext.key(for: scenario)
        let deadline = ConformanceRunner.hardDeadline(for: scenario, timings: timings, margin: config.deadlineMargin)
        let invocation = ClientInvocation(baseURL: baseURL, model: scenario.model, payload: scenario.payload,
                                          timings: timings, key: key, deadline: deadline)
        let watermark = server.journal().last?.seq ?? 0
        let lines = OutputRecorder(clock: clock)
        let start = clock.nowMs()
        let startWall = Date()
        let end = await config.client.run(invocation) { stream, text in lines.record(stream, text) }
        let finish = clock.nowMs()
        lines.close()
        let journal = await collectJournal(key: key, since: watermark)
        var record = RunRecord(scenario: scenario, timings: timings, key: key, journal: journal, output: lines.lines,
                               exitCode: end.exitCode, killedAtDeadline: end.killedAtDeadline, clientStartMs: start,
                               clientEndMs: finish, exitConvention: config.client.exitConvention, wallClock: startWall)
        // SPEC 7 (2): only when the run's last HTTP answer was non-2xx.
        if OutcomeReader.needsClassifier(record.outcome), let answer = journal.last(where: { $0.status != nil }),
           let status = answer.status, !(200..<300).contains(status) {
            record.classifiedCategory = await config.client.classify(status: status, body: answer.responseBody ?? "", invocation: invocation)
        }
        return ScenarioResult.judge(record, durationMs: clock.nowMs() - start, baseline: config.baseline, clientError: end.error)
    }

    /// The run's entries once settled: its key's requests, plus keyless ones that name its generation id;
    /// for a keyless run, every keyless request since it began (it runs alone).
    func collectJournal(key: String?, since watermark: Int) async -> [JournalEntry] {
        let keyless = await server.awaitSettled(filter: JournalFilter(keylessOnly: true, sinceSeq: watermark), timeout: RunContext.settleTimeout)
        guard let key else { return keyless }
        let own = await server.awaitSettled(filter: JournalFilter(key: key), timeout: RunContext.settleTimeout)
        let ids = Set(own.compactMap(\.generationID))
        let strays = keyless.filter { e in ids.contains { e.path.hasSuffix("/generation/\($0)") || e.generationID == $0 } }
        return (own + strays).sorted { $0.seq < $1.seq }
    }
}

/// Collects a client's lines with server-clock stamps; lines after `close()` are dropped.
final class OutputRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private let clock: ServerClock
    private var storage: [ClientLine] = []
    private var closed = false

    init(clock: ServerClock) { self.clock = clock }

    func record(_ stream: ClientLine.Stream, _ text: String) {
        let t = clock.nowMs()
        lock.withLock { if !closed { storage.append(ClientLine(tMs: t, stream: stream, text: text)) } }
    }

    func close() { lock.withLock { closed = true } }

    var lines: [ClientLine] { lock.withLock { storage } }
}
