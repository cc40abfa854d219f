import Foundation
import SkillsCore
import Testing

@testable import SkillsConformance

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct ReportTests {
    static let injected = "<script>document.title='PWNED'</script>"

    static func report(baseline: Baseline? = nil) -> ConformanceReport {
        let good = ScenarioResult.judge(RuleTests.good, durationMs: 140, baseline: baseline)
        var badRecord = J.record(
            [J.plainCreate(1, at: 0, status: 503, body: "{\"message\":\"a & b <c>\"}")],
            output: [injected, "{\"event\":\"error\",\"category\":\"unknown\"}", "bell\u{7}"], exit: 25)
        badRecord.scenario = J.scenarioNamed("retry.broken")
        let bad = ScenarioResult.judge(badRecord, durationMs: 20, baseline: baseline)
        return ConformanceReport(
            client: "demo & co", started: Date(timeIntervalSince1970: 0), durationMs: 200,
            scenarios: [good, bad], baseline: baseline)
    }

    @Test func jsonReportHasTheStableShape() throws {
        let value = try JSONValue.parse(JSONReport.text(Self.report()))
        #expect(value.objectValue?.prefix(5).map(\.0) == ["client", "started", "duration_ms", "summary", "scenarios"])
        #expect(value["started"]?.stringValue == "1970-01-01T00:00:00.000Z")
        #expect(value["summary"]?["scenarios"]?.intValue == 2)
        #expect(value["summary"]?["passed"]?.intValue == 1)
        #expect(value["summary"]?["failed"]?.intValue == 1)
        let first = try #require(value["scenarios"]?.arrayValue?.first)
        #expect(
            first.objectValue?.prefix(6).map(\.0) == ["id", "verdict", "duration_ms", "outcome", "rules", "requests"])
        #expect(first["outcome"]?.objectValue?.map(\.0) == ["kind", "status", "category", "ok", "exit"])
        #expect(first["outcome"]?["kind"]?.stringValue == "terminal")
        #expect(first["outcome"]?["status"]?.stringValue == "COMPLETED")
        #expect(first["outcome"]?["category"] == .null)
        let rules = try #require(first["rules"]?.arrayValue)
        #expect(rules.count == RuleID.allCases.count)
        #expect(rules.allSatisfy { ["pass", "fail", "warn", "info"].contains($0["verdict"]?.stringValue ?? "") })
        let request = try #require(first["requests"]?.arrayValue?.first)
        #expect(request.objectValue?.map(\.0) == ["t_ms", "method", "path", "status", "end"])
        #expect(request["end"]?.stringValue == "reset")
        #expect(first["server_late_ms"]?.objectValue?.map(\.0) == ["p50", "p99", "max", "samples"])
        #expect(first["timing_rerun"] == .bool(false))
        let second = try #require(value["scenarios"]?.arrayValue?.last)
        #expect(second["verdict"]?.stringValue == "fail")
        #expect(second["outcome"]?["exit"]?.intValue == 25)
    }

    @Test func junitIsWellFormedAndEscaped() throws {
        let xml = JUnitReport.text(Self.report())
        #expect(!xml.contains(Self.injected))
        #expect(xml.contains("&lt;script&gt;"))
        #expect(!xml.contains("\u{7}"))
        #expect(xml.components(separatedBy: "<testcase ").count == 3)
        #expect(xml.components(separatedBy: "<failure ").count == 2)
        let document = try XMLDocument(xmlString: xml)
        #expect(try document.nodes(forXPath: "//testcase").count == 2)
        #expect(try document.nodes(forXPath: "//failure").first?.stringValue?.contains("RETRY-2") == true)
    }

    @Test func htmlEscapesClientLinesAndOpensFailedScenarios() {
        let html = HTMLReport.text(Self.report())
        #expect(!html.contains(Self.injected))
        #expect(html.contains("&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("src=\"http"))
        #expect(html.contains("data-scenario=\"retry.broken\" open>"))
        #expect(html.contains("data-scenario=\"demo\">"))
        #expect(html.contains("data-timeline=\"retry.broken\""))
        #expect(html.contains("demo &amp; co"))
    }

    /// The report's inline SVG timelines, each parsed as the XML it must be.
    static func svgs(_ html: String) throws -> [XMLDocument] {
        var out: [XMLDocument] = []
        var rest = html[...]
        while let start = rest.range(of: "<svg "),
            let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex)
        {
            out.append(try XMLDocument(xmlString: String(rest[start.lowerBound..<end.upperBound])))
            rest = rest[end.upperBound...]
        }
        return out
    }

    @Test func eachScenarioIsDrawnAsAnSVGSwimlaneWithEscapedTexts() throws {
        let report = Self.report()
        let html = HTMLReport.text(report)
        let svgs = try Self.svgs(html)
        #expect(svgs.count == 2)
        for (svg, result) in zip(svgs, report.scenarios) {
            // A lane per request (its bar), one for the client; a dot per served event; a mark per failed rule.
            #expect(
                try svg.nodes(forXPath: "//*[local-name()='rect'][contains(@class,'req')]").count
                    == result.record.journal.count)
            #expect(
                try svg.nodes(forXPath: "//*[local-name()='text'][@class='lane-label']").count == result.record.journal
                    .count + 1)
            let events = result.record.journal.map(\.events.count).reduce(0, +)
            #expect(try svg.nodes(forXPath: "//*[local-name()='circle'][@class='event']").count == events)
            let failed = result.judgements.filter(\.failsScenario).count
            #expect(try svg.nodes(forXPath: "//*[local-name()='path'][@class='rule-fail']").count == failed)
        }
        // The first run's create ended with a reset: a cross in its lane.
        #expect(try svgs[0].nodes(forXPath: "//*[local-name()='path'][@class='end reset']").count == 1)
        // The injected client line is a tooltip's text, not markup.
        let titles = try svgs[1].nodes(forXPath: "//*[local-name()='title']").compactMap(\.stringValue)
        #expect(titles.contains { $0.hasSuffix(Self.injected) })
        #expect(titles.contains { $0.hasPrefix("RETRY-2: ") })
        #expect(!html.contains("<script"))
    }

    @Test func consoleTableListsFailedRules() {
        let text = ConsoleReport.text(Self.report())
        #expect(text.contains("scenario"))
        #expect(text.contains("retry.broken"))
        #expect(text.contains("FAIL"))
        #expect(text.contains("RETRY-2"))
        #expect(text.contains("1 passed, 1 failed"))
    }

    @Test func baselineTurnsExactlyItsFailuresIntoPasses() {
        let observed = Self.report().observedFailures()
        #expect(!observed.entries.isEmpty)
        #expect(observed.entries.allSatisfy { $0.scenario == "retry.broken" })
        let exact = Self.report(baseline: observed)
        #expect(exact.passed)
        #expect(exact.staleBaselineEntries.isEmpty)
        // A baseline entry for a rule that passes is stale and fails the run.
        let stale = Baseline(
            client: nil, entries: observed.entries + [Baseline.Entry(scenario: "demo", rule: .sec1, evidence: "old")])
        let withStale = Self.report(baseline: stale)
        #expect(!withStale.passed)
        #expect(withStale.staleBaselineEntries.map(\.rule) == [.sec1])
        // A failure missing from the baseline still fails.
        let partial = Baseline(client: nil, entries: Array(observed.entries.dropFirst()))
        #expect(!Self.report(baseline: partial).passed)
    }
}
