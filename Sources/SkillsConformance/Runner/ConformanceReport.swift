import Foundation

/// The whole conformance run: one client through the selected scenarios (the model every reporter reads).
public struct ConformanceReport: Sendable {
    /// The client's name (`builtin` or the profile's name).
    public var client: String
    public var started: Date
    public var durationMs: Double
    /// Results in catalogue order.
    public var scenarios: [ScenarioResult]
    /// The baseline applied, when `--baseline` was given.
    public var baseline: Baseline?
    /// The chaos run's seed, size and shrunk failures, when generated scenarios ran (`--chaos`).
    public var chaos: ChaosSummary?

    public init(
        client: String, started: Date, durationMs: Double, scenarios: [ScenarioResult], baseline: Baseline? = nil
    ) {
        self.client = client
        self.started = started
        self.durationMs = durationMs
        self.scenarios = scenarios
        self.baseline = baseline
    }

    public var passedCount: Int { scenarios.filter(\.passed).count }
    public var failedCount: Int { scenarios.count - passedCount }

    /// Whether every scenario passed (the runner exits 0 only then).
    public var passed: Bool { failedCount == 0 }

    /// Baseline entries whose rule did not fail on a scenario that ran.
    public var staleBaselineEntries: [Baseline.Entry] {
        guard let baseline else { return [] }
        return scenarios.flatMap { result in
            result.judgements.filter { $0.baseline == .stale }.compactMap {
                baseline.entry(scenario: result.scenario.id, rule: $0.result.id)
            }
        }
    }

    /// Baseline entries whose rule still fails on a scenario that ran, with evidence of another shape.
    var changedBaselineEntries: [BaselineChange] {
        guard let baseline else { return [] }
        return scenarios.flatMap { result in
            result.judgements.filter { $0.baseline == .changed }.compactMap { j in
                baseline.entry(scenario: result.scenario.id, rule: j.result.id).map {
                    BaselineChange(entry: $0, evidence: j.evidence)
                }
            }
        }
    }

    /// The failures found, as baseline entries with one line of evidence each (to record a new baseline).
    public func observedFailures() -> Baseline {
        let entries = scenarios.flatMap { result in
            result.judgements.filter { $0.result.verdict == .fail }.map { j in
                Baseline.Entry(
                    scenario: result.scenario.id, rule: j.result.id, evidence: Baseline.evidence(of: j.result.detail))
            }
        }
        return Baseline(client: client, entries: entries)
    }
}
