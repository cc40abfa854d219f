import SkillsScenario

/// One scenario's run and its verdicts: what every report reads.
public struct ScenarioResult: Sendable {
    /// A rule's verdict with its baseline standing.
    public struct Judgement: Sendable, Equatable {
        /// How the baseline sees this verdict.
        public enum BaselineMark: String, Sendable, Equatable {
            /// A failure the baseline lists: it does not fail the scenario.
            case expected
            /// A baseline entry whose rule did not fail: it fails the scenario.
            case stale
            /// A baseline entry whose rule still fails, but with evidence of another shape: it fails the scenario.
            case changed
        }

        public var result: RuleResult
        public var baseline: BaselineMark?
        /// The evidence the baseline entry holds, when the baseline lists this (scenario, rule).
        public var baselineEvidence: String?

        init(result: RuleResult, baseline: BaselineMark? = nil, baselineEvidence: String? = nil) {
            self.result = result
            self.baseline = baseline
            self.baselineEvidence = baselineEvidence
        }

        /// The evidence a baseline would record for this verdict now.
        public var evidence: String { Baseline.evidence(of: result.detail) }

        /// Whether this judgement fails the scenario.
        public var failsScenario: Bool {
            switch baseline {
            case .expected?: return false
            case .stale?, .changed?: return true
            case nil: return result.verdict == .fail
            }
        }
    }

    var record: RunRecord
    public var outcome: ClientOutcome
    public var judgements: [Judgement]
    /// Wall time of the run, client start to settled journal.
    public var durationMs: Double
    /// Why the client could not be run at all (spawn failure), when that happened.
    var clientError: String?
    /// For the pseudo-scenario `classify.vectors`: one check per vector (nil for every real scenario).
    var vectorChecks: [ClassificationCheck]?

    init(record: RunRecord, judgements: [Judgement], durationMs: Double, clientError: String? = nil) {
        self.record = record
        self.outcome = record.outcome
        self.judgements = judgements
        self.durationMs = durationMs
        self.clientError = clientError
    }

    /// Judges a record by every rule, marking what the baseline (if any) expects.
    static func judge(_ record: RunRecord, durationMs: Double, baseline: Baseline?, clientError: String? = nil)
        -> ScenarioResult
    {
        let judgements = mark(RuleBook.judge(record), scenario: record.scenario.id, baseline: baseline)
        return ScenarioResult(record: record, judgements: judgements, durationMs: durationMs, clientError: clientError)
    }

    /// Marks what the baseline (if any) says of each verdict on `scenario`: a listed failure with evidence of the
    /// same shape is expected, of another shape changed; a listed rule that did not fail is stale.
    static func mark(_ results: [RuleResult], scenario: String, baseline: Baseline?) -> [Judgement] {
        results.map { result -> Judgement in
            guard let baseline,
                let (entry, sameShape) = baseline.standing(scenario: scenario, rule: result.id, detail: result.detail)
            else { return Judgement(result: result) }
            let mark: Judgement.BaselineMark = result.verdict != .fail ? .stale : sameShape ? .expected : .changed
            return Judgement(result: result, baseline: mark, baselineEvidence: entry.evidence)
        }
    }

    public var scenario: Scenario { record.scenario }

    /// Whether the scenario passed (no unexpected failure, no stale or changed baseline entry).
    public var passed: Bool { !judgements.contains(where: \.failsScenario) }

    /// The rules that fail the scenario (unexpected failures, stale and changed baseline entries).
    public var failingRules: [RuleID] { judgements.filter(\.failsScenario).map(\.result.id) }

    /// The rules that failed, whether the baseline expected them or not.
    public var failedRules: [RuleID] { judgements.filter { $0.result.verdict == .fail }.map(\.result.id) }
}
