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
        }

        public var result: RuleResult
        public var baseline: BaselineMark?

        public init(result: RuleResult, baseline: BaselineMark? = nil) {
            self.result = result
            self.baseline = baseline
        }

        /// Whether this judgement fails the scenario.
        public var failsScenario: Bool {
            switch baseline {
            case .expected?: return false
            case .stale?: return true
            case nil: return result.verdict == .fail
            }
        }
    }

    public var record: RunRecord
    public var outcome: ClientOutcome
    public var judgements: [Judgement]
    /// Wall time of the run, client start to settled journal.
    public var durationMs: Double
    /// Why the client could not be run at all (spawn failure), when that happened.
    public var clientError: String?

    public init(record: RunRecord, judgements: [Judgement], durationMs: Double, clientError: String? = nil) {
        self.record = record
        self.outcome = record.outcome
        self.judgements = judgements
        self.durationMs = durationMs
        self.clientError = clientError
    }

    /// Judges a record by every rule, marking what the baseline (if any) expects.
    public static func judge(_ record: RunRecord, durationMs: Double, baseline: Baseline?, clientError: String? = nil) -> ScenarioResult {
        let id = record.scenario.id
        let judgements = RuleBook.judge(record).map { result -> Judgement in
            guard let baseline, baseline.expects(scenario: id, rule: result.id) else { return Judgement(result: result) }
            return Judgement(result: result, baseline: result.verdict == .fail ? .expected : .stale)
        }
        return ScenarioResult(record: record, judgements: judgements, durationMs: durationMs, clientError: clientError)
    }

    public var scenario: Scenario { record.scenario }

    /// Whether the scenario passed (no unexpected failure, no stale baseline entry).
    public var passed: Bool { !judgements.contains(where: \.failsScenario) }

    /// The rules that fail the scenario (unexpected failures and stale baseline entries).
    public var failingRules: [RuleID] { judgements.filter(\.failsScenario).map(\.result.id) }

    /// The rules that failed, whether the baseline expected them or not.
    public var failedRules: [RuleID] { judgements.filter { $0.result.verdict == .fail }.map(\.result.id) }
}
