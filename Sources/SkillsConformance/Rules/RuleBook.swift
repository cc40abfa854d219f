import SkillsCore
import SkillsScenario

/// The rule catalogue as code: judges a run by every rule (pure) and says which rules a scenario can exercise.
enum RuleBook {
    /// Every rule's verdict on one run, SPEC 6 rules first (table order), then the `EXPECT-*` checks.
    static func judge(_ record: RunRecord) -> [RuleResult] {
        let context = RuleContext(record: record)
        return RuleID.allCases.map { judge($0, context) }
    }

    /// One rule's verdict on one run.
    static func judge(_ id: RuleID, record: RunRecord) -> RuleResult {
        judge(id, RuleContext(record: record))
    }

    static func judge(_ id: RuleID, _ context: RuleContext) -> RuleResult {
        // A client killed at the hard deadline never stopped by itself: no lateness of the server explains that.
        let neverStopped = id == .poll2 && context.record.killedAtDeadline
        if TimingRule.timedRules.contains(id), context.serverBehind != nil, !neverStopped {
            return .info(id, "not judged: the fake could not keep time for this run (TIMING-0)")
        }
        switch id {
        case .term1: return TerminalRules.term1(context)
        case .term2: return TerminalRules.term2(context)
        case .sse1: return StreamRules.sse1(context)
        case .fall1: return StreamRules.fall1(context)
        case .fall2: return StreamRules.fall2(context)
        case .poll1: return PollingRules.poll1(context)
        case .poll2: return PollingRules.poll2(context)
        case .retry1: return RetryRules.retry1(context)
        case .retry2: return RetryRules.retry2(context)
        case .retry3: return RetryRules.retry3(context)
        case .class1: return ClassificationRule.class1(context)
        case .auth1: return KeyRules.auth1(context)
        case .auth2: return KeyRules.auth2(context)
        case .sec1: return KeyRules.sec1(context)
        case .exit1: return ExitRule.exit1(context)
        case .expectOutcome: return ExpectationRules.outcome(context)
        case .expectExit: return ExpectationRules.exit(context)
        case .expectCreates: return ExpectationRules.creates(context)
        case .expectPolls: return ExpectationRules.polls(context)
        case .timing0: return TimingRule.timing0(context)
        }
    }

    /// The rules a scenario can exercise: those a client could break on it (the others always judge `info`).
    static func exercisableRules(for scenario: Scenario) -> Set<RuleID> {
        Set(RuleID.allCases.filter { canExercise($0, scenario: scenario) })
    }

    /// Whether a client could break `id` on `scenario`.
    static func canExercise(_ id: RuleID, scenario: Scenario) -> Bool {
        let keyed = !scenario.client.apiKeyAbsent
        let steps = ScenarioFacts.allSteps(scenario)
        let pollingNeeded = keyed && scenario.create.contains(where: ScenarioFacts.requiresPolling)
        let statuses = steps.compactMap(ScenarioFacts.httpStatus)
        switch id {
        case .term1, .exit1: return true
        case .term2: return keyed && steps.contains(where: ScenarioFacts.servesTerminal)
        case .sse1, .auth1, .sec1: return keyed
        case .fall1: return pollingNeeded
        case .fall2: return keyed && scenario.create.contains(where: ScenarioFacts.servesID)
        case .poll1: return pollingNeeded && !scenario.poll.isEmpty
        case .poll2:
            let pollsNeverEnd =
                pollingNeeded && !scenario.poll.isEmpty
                && !scenario.poll.contains(where: ScenarioFacts.servesTerminal)
                && !scenario.poll.contains {
                    ScenarioFacts.httpStatus($0).map {
                        !(200..<300).contains($0) && !ScenarioFacts.isTransientStatus($0)
                    } ?? false
                }
            return pollsNeverEnd || (keyed && steps.contains(where: ScenarioFacts.canHang))
        case .retry1: return keyed && statuses.contains(where: ScenarioFacts.finalErrorStatuses.contains)
        case .retry2: return keyed && steps.contains(where: ScenarioFacts.isTransient)
        case .retry3: return keyed && steps.contains(where: ScenarioFacts.sendsRetryAfter)
        case .class1:
            if let expected = scenario.expect.outcome { return ErrorCategory(rawValue: expected) != nil }
            return keyed && statuses.contains { !(200..<300).contains($0) }
        case .auth2: return !keyed
        case .expectOutcome: return scenario.expect.outcome != nil
        case .expectExit: return scenario.expect.exit != nil
        case .expectCreates: return scenario.expect.creates != nil
        case .expectPolls: return scenario.expect.polls != nil
        case .timing0: return false
        }
    }
}

/// What every rule reads: the record, its derived facts and the client's outcome, each derived once per run.
struct RuleContext {
    let record: RunRecord
    let facts: RunFacts
    let outcome: ClientOutcome
    /// The run's retry chains (RETRY-2, RETRY-3 and TIMING-0 read them).
    let chains: [RetryRules.Chain]
    /// How late the server was, when it fell behind the smallest judged gap (TIMING-0 and the timed rules read it).
    private(set) var serverBehind: TimingRule.Lateness?

    init(record: RunRecord) {
        self.record = record
        facts = RunFacts(record: record)
        outcome = record.outcome
        chains = RetryRules.chains(facts)
        serverBehind = nil
        serverBehind = TimingRule.serverFellBehind(self)
    }

    var scenario: Scenario { record.scenario }
    var timings: ClientTimings { record.timings }

    /// Server-clock milliseconds when the runner read the client's outcome line, when it came from one.
    var outcomeLineMs: Double? {
        guard let line = outcome.line, record.output.indices.contains(line) else { return nil }
        return record.output[line].tMs
    }
}
