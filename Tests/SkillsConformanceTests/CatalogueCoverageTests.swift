import SkillsScenario
import SkillsTestSupport
import Testing

@testable import SkillsConformance

/// The catalogue gives every rule something to bite on.
@Suite struct CatalogueCoverageTests {
    static let catalogue: [Scenario] = (try? ScenarioLoader.load(paths: [RepoPaths.scenarios])) ?? []

    @Test func catalogueLoads() throws {
        _ = try ScenarioLoader.load(paths: [RepoPaths.scenarios])
        #expect(Self.catalogue.count >= 20)
    }

    @Test(arguments: RuleID.specRules)
    func everyRuleCanFailOnAtLeastTwoCatalogueScenarios(_ rule: RuleID) {
        let exercising = Self.catalogue.filter { RuleBook.canExercise(rule, scenario: $0) }.map(\.id)
        #expect(exercising.count >= 2, "\(rule.rawValue) can only fail on: \(exercising)")
    }

    @Test func expectationRulesApplyExactlyWhereTheScenarioSetsThem() {
        for scenario in Self.catalogue {
            #expect(RuleBook.canExercise(.expectOutcome, scenario: scenario) == (scenario.expect.outcome != nil))
            #expect(RuleBook.canExercise(.expectPolls, scenario: scenario) == (scenario.expect.polls != nil))
        }
    }

    @Test func retryAfterScenariosRunUnscaled() {
        for scenario in Self.catalogue where ScenarioFacts.scriptsRetryAfter(scenario) {
            let timings = ClientTimings.forScenario(scenario, timeScale: 0.05)
            #expect(timings.timeScale == 1, "\(scenario.id)")
            let served = ConformanceRunner.serverCopy(of: scenario, timeScale: 0.05)
            let steps = served.create + served.poll
            let original = scenario.create + scenario.poll
            for (a, b) in zip(steps, original) { #expect(a.delayMs * 0.05 == b.delayMs) }
        }
        let plain = Self.catalogue.first { !ScenarioFacts.scriptsRetryAfter($0) }
        if let plain {
            #expect(
                ClientTimings.forScenario(plain, timeScale: 0.05).pollIntervalMs
                    == (plain.client.pollIntervalMs ?? 1000) * 0.05)
        }
    }
}
