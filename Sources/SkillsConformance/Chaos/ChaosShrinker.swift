import Foundation
import SkillsScenario

/// Cuts a failing chaos plan down to a smallest one that still fails the same rule (SPEC 11), within a time bound.
///
/// Greedy: the first of the plan's `shrinkCandidates` that still fails the rule replaces it, and the search starts
/// again from there, until no candidate fails it, or the budget of time or attempts is spent.
public struct ChaosShrinker: Sendable {
    /// The longest a shrink may take (checked before each attempt).
    public var budget: Duration
    /// The most candidate runs a shrink may make.
    public var maxAttempts: Int

    /// A shrinker bounded by `budget` and `maxAttempts`.
    public init(budget: Duration = .seconds(60), maxAttempts: Int = 200) {
        self.budget = budget
        self.maxAttempts = maxAttempts
    }

    /// Shrinks `plan`, which fails `rule`; `failingRules` runs a candidate scenario and returns the rules it fails.
    func shrink(
        _ plan: ChaosPlan, rule: RuleID,
        failingRules: (Scenario) async -> Set<RuleID>
    ) async -> ChaosShrinkResult {
        let clock = ContinuousClock()
        let start = clock.now
        var current = plan
        var attempts = 0
        var accepted = 0
        var bounded = false
        search: while true {
            for candidate in current.shrinkCandidates {
                guard attempts < maxAttempts, clock.now - start < budget else {
                    bounded = true
                    break search
                }
                attempts += 1
                if await failingRules(candidate.scenario).contains(rule) {
                    current = candidate
                    accepted += 1
                    continue search
                }
            }
            break
        }
        return ChaosShrinkResult(
            original: plan, shrunk: current, rule: rule, attempts: attempts, accepted: accepted,
            elapsedMs: (clock.now - start).milliseconds, bounded: bounded)
    }
}

/// What one shrink found.
public struct ChaosShrinkResult: Sendable, Equatable {
    /// The failing plan as generated.
    public var original: ChaosPlan
    /// The smallest plan found that still fails `rule`.
    public var shrunk: ChaosPlan
    /// The rule the shrink kept failing.
    public var rule: RuleID
    /// Candidate runs made.
    public var attempts: Int
    /// Candidates accepted (each one smaller than the last).
    public var accepted: Int
    /// How long the shrink took.
    public var elapsedMs: Double
    /// Whether the time or attempt budget stopped it before it ran out of candidates.
    public var bounded: Bool
    /// Where the shrunk scenario was written, once written.
    public var file: String?

    /// The shrunk scenario, its title naming the seed and the rule.
    public var scenario: Scenario {
        var scenario = shrunk.scenario
        scenario.title = "Chaos seed \(shrunk.seed) #\(shrunk.index), shrunk, fails \(rule.rawValue): \(shrunk.summary)"
        scenario.tags.append("shrunk")
        return scenario
    }

    /// One line for the console.
    public var summary: String {
        "\(original.id) fails \(rule.rawValue): shrunk from size \(original.size) to \(shrunk.size) in \(accepted) step(s), "
            + "\(attempts) run(s), \(String(format: "%.1f", elapsedMs / 1000))s\(bounded ? " (stopped by the bound)" : "")"
            + (file.map { " → \($0)" } ?? "")
    }
}
