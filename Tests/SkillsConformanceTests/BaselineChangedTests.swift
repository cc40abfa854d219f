import Foundation
import SkillsCore
import Testing

@testable import SkillsConformance

/// Baselines compare evidence: the same shape is expected, another shape is `changed` and fails the run.
@Suite struct BaselineChangedTests {
    /// `observed` with the evidence of its entry for `rule` rewritten by `edit`.
    static func edited(_ observed: Baseline, rule: RuleID, _ edit: (String) -> String) -> Baseline {
        Baseline(
            client: observed.client,
            entries: observed.entries.map { entry in
                var entry = entry
                if entry.rule == rule { entry.evidence = edit(entry.evidence) }
                return entry
            })
    }

    @Test func otherNumbersAndIDsAreStillExpected() throws {
        let observed = ReportTests.report().observedFailures()
        let entry = try #require(observed.entries.first)
        let renumbered = Self.edited(observed, rule: entry.rule) {
            $0.replacingOccurrences(of: "503", with: "502").replacingOccurrences(of: "1", with: "7")
        }
        let report = ReportTests.report(baseline: renumbered)
        #expect(report.passed, "\(ConsoleReport.text(report))")
        #expect(report.changedBaselineEntries.isEmpty)
    }

    @Test func changedWordingFailsAndEveryReportShowsBothTexts() throws {
        let observed = ReportTests.report().observedFailures()
        let rule = try #require(observed.entries.first?.rule)
        let changed = Self.edited(observed, rule: rule) {
            $0.replacingOccurrences(of: "actual: ", with: "actual: nothing like ")
        }
        let recorded = try #require(changed.entry(scenario: "retry.broken", rule: rule)?.evidence)
        let report = ReportTests.report(baseline: changed)
        #expect(!report.passed)
        let result = try #require(report.scenarios.first { $0.scenario.id == "retry.broken" })
        let judgement = try #require(result.judgements.first { $0.result.id == rule })
        #expect(judgement.baseline == .changed)
        #expect(judgement.failsScenario)
        #expect(judgement.baselineEvidence == recorded)
        #expect(result.failingRules == [rule])
        let now = judgement.evidence
        #expect(
            report.changedBaselineEntries == [
                BaselineChange(entry: try #require(changed.entry(scenario: "retry.broken", rule: rule)), evidence: now)
            ])

        let console = ConsoleReport.text(report)
        #expect(console.contains("changed baseline entry: retry.broken \(rule.rawValue)"))
        #expect(console.contains("baseline: \(recorded)"))
        #expect(console.contains("now:      \(now)"))

        let json = try JSONValue.parse(JSONReport.text(report))
        let rules = try #require(json["scenarios"]?.arrayValue?.last?["rules"]?.arrayValue)
        let ruleJSON = try #require(rules.first { $0["id"]?.stringValue == rule.rawValue })
        #expect(ruleJSON["baseline"]?.stringValue == "changed")
        #expect(ruleJSON["baseline_evidence"]?.stringValue == recorded)
        #expect(ruleJSON["evidence"]?.stringValue == now)
        let listed = try #require(json["baseline"]?["changed"]?.arrayValue?.first)
        #expect(listed["scenario"]?.stringValue == "retry.broken")
        #expect(listed["baseline_evidence"]?.stringValue == recorded)
        #expect(listed["evidence"]?.stringValue == now)
        #expect(json["baseline"]?["stale"]?.arrayValue?.isEmpty == true)

        let junit = JUnitReport.text(report)
        #expect(junit.contains("changed baseline entry"))
        #expect(junit.contains(JUnitReport.escape("baseline: \(recorded)")))
        #expect(junit.contains(JUnitReport.escape("now: \(now)")))

        let html = HTMLReport.text(report)
        #expect(html.contains("(changed baseline entry)"))
        #expect(html.contains(HTMLReport.escape(recorded)))
        #expect(html.contains("changed: retry.broken \(rule.rawValue)"))
    }

    @Test func aRealRunFailsOnChangedEvidenceAndPassesOnItsOwnRecording() async throws {
        let client = try BrokenClientTests.profileClient("breaks-retry1")
        let first = try await BrokenClientTests.run(client, [TestScenarios.credits])
        let observed = first.observedFailures()
        #expect(observed.entries.contains { $0.rule == .retry1 }, "\(ConsoleReport.text(first))")

        // A rerun with the recorded baseline: every failure expected (its ids and times differ, its shape does not).
        let written = try BaselineLoader.parse(yaml: observed.yamlText, file: "recorded.yaml")
        let again = try await BrokenClientTests.run(client, [TestScenarios.credits], baseline: written)
        #expect(again.passed, "\(ConsoleReport.text(again))")

        // The same failures, but RETRY-1's evidence of another shape: changed, and the run fails.
        let reworded = Self.edited(written, rule: .retry1) { _ in
            "expected: no repeat of the call; actual: the call repeated 3 times"
        }
        let changed = try await BrokenClientTests.run(client, [TestScenarios.credits], baseline: reworded)
        #expect(!changed.passed)
        #expect(changed.changedBaselineEntries.map(\.entry.rule) == [.retry1])
        #expect(changed.scenarios.first?.failingRules == [.retry1])
    }
}
