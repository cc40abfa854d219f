import Foundation
import SkillsCore
import SkillsTestSupport
import Testing

@testable import SkillsConformance

/// The pseudo-scenario `classify.vectors`: `Fixtures/classification.yaml` through the client's own classifier.
@Suite struct ClassifyVectorsTests {
    static let file = RepoPaths.fixtures + "/" + ClassificationVectorLoader.fileName

    static func vectors() throws -> ClassificationVectors { try ClassificationVectorLoader.load(file: file) }

    /// A profile whose `classify` command is a script printing `{"category": "unknown"}` whatever it is asked.
    static func alwaysUnknown() throws -> ProfileClient {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "always-unknown-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("echo '{\"category\": \"unknown\"}'\n".utf8).write(to: directory.appendingPathComponent("classify.sh"))
        let profile = ClientProfile(
            name: "always-unknown", run: ["true"],
            classify: ["sh", "{dir}/classify.sh", "--status", "{status}", "--body", "{body}"])
        return ProfileClient(profile: profile, directory: directory.path)
    }

    /// Runs no scenario, only the vectors (when given).
    static func run(_ client: any ConformanceClient, vectors: ClassificationVectors?, baseline: Baseline? = nil)
        async throws -> ConformanceReport
    {
        try await ConformanceRunner(
            configuration: .init(
                scenarios: [], client: client, jobs: 4, baseline: baseline,
                classificationVectors: vectors)
        ).run()
    }

    @Test func theFixtureLoadsStrictly() throws {
        let loaded = try Self.vectors()
        #expect(loaded.vectors.count >= 30)
        #expect(loaded.source == Self.file)
        #expect(loaded.vectors.allSatisfy { $0.line != nil && ErrorCategory(rawValue: $0.category) != nil })
        #expect(loaded.vectors.contains { $0.status == 402 && $0.body.isEmpty })
    }

    @Test func malformedVectorsAreNamedWithFileAndLine() {
        let yaml = """
            vectors:
              - {status: 402, body: 'x', category: credits}
              - {status: abc, body: 'y', category: auth}
              - {status: 404, category: not_found}
              - {status: 404, body: 'z', category: not_found, colour: red}
            """
        do {
            _ = try ClassificationVectorLoader.parse(yaml: yaml, file: "v.yaml")
            Issue.record("malformed vectors were accepted")
        } catch {
            let text = error.description
            #expect(text.contains("v.yaml:2: vectors[0].category: unknown category 'credits'"), "\(text)")
            #expect(text.contains("v.yaml:3: vectors[1].status"), "\(text)")
            #expect(text.contains("vectors[2]") && text.contains("body"), "\(text)")
            #expect(text.contains("colour"), "\(text)")
        }
        #expect(throws: InputFailure.self) {
            try ClassificationVectorLoader.parse(yaml: "vectors: []\n", file: "v.yaml")
        }
        #expect(throws: InputFailure.self) { try ClassificationVectorLoader.parse(yaml: "cases: []\n", file: "v.yaml") }
    }

    @Test func theBuiltinClassifierPassesEveryVector() async throws {
        let vectors = try Self.vectors()
        let report = try await Self.run(BuiltinClient(), vectors: vectors)
        #expect(report.scenarios.map(\.scenario.id) == [ClassificationVectorRun.scenarioID])
        let result = try #require(report.scenarios.first)
        #expect(result.passed, "\(ConsoleReport.text(report))")
        #expect(result.judgements.map(\.result.id) == [.class1])
        #expect(result.judgements.first?.result.verdict == .pass)
        #expect(result.vectorChecks?.count == vectors.vectors.count)
        #expect(result.vectorChecks?.allSatisfy(\.passed) == true)
    }

    @Test func aClassifierThatAlwaysSaysUnknownFailsNamingTheVectors() async throws {
        let vectors = try Self.vectors()
        let report = try await Self.run(try Self.alwaysUnknown(), vectors: vectors)
        #expect(!report.passed)
        let result = try #require(report.scenarios.first)
        #expect(result.failingRules == [.class1])
        let detail = try #require(result.judgements.first?.result.detail)
        #expect(
            detail.contains(
                "402 \"{\\\"message\\\": \\\"Payment required\\\"}\" → unknown, expected insufficient_credits"),
            "\(detail)")
        #expect(!detail.contains("\"Bad request\\\"}\" → unknown"), "a vector classified right is not named")
        let failed = vectors.vectors.filter { $0.category != "unknown" }.count
        #expect(result.vectorChecks?.filter { !$0.passed }.count == failed)
        #expect(detail.contains("\(failed) misclassified"))

        let json = try JSONValue.parse(JSONReport.text(report))
        let scenario = try #require(json["scenarios"]?.arrayValue?.first)
        #expect(scenario["id"]?.stringValue == "classify.vectors")
        let rows = try #require(scenario["vectors"]?.arrayValue)
        #expect(rows.count == vectors.vectors.count)
        let first = try #require(rows.first)
        #expect(first.objectValue?.map(\.0) == ["line", "status", "body", "expected", "actual", "verdict", "problem"])
        #expect(first["verdict"]?.stringValue == "fail")
        #expect(first["actual"]?.stringValue == "unknown")
        #expect(ConsoleReport.text(report).contains("vector 402"))
        #expect(JUnitReport.text(report).contains("[vector FAIL] 402"))
        #expect(HTMLReport.text(report).contains("data-timeline=\"classify.vectors\""))

        // Its baseline lists classify.vectors CLASS-1; a rerun with it passes.
        let written = try BaselineLoader.parse(yaml: report.observedFailures().yamlText, file: "b.yaml")
        #expect(written.entries.map(\.scenario) == ["classify.vectors"])
        let again = try await Self.run(try Self.alwaysUnknown(), vectors: vectors, baseline: written)
        #expect(again.passed, "\(ConsoleReport.text(again))")
        #expect(again.scenarios.first?.judgements.first?.baseline == .expected)
    }

    @Test func aProfileWithoutClassifierIsNotJudged() async throws {
        let report = try await Self.run(
            ProfileClient(profile: ClientProfile(name: "bare", run: ["true"]), directory: "."),
            vectors: try Self.vectors())
        #expect(report.passed)
        #expect(report.scenarios.first?.judgements.first?.result.verdict == .info)
        #expect(report.scenarios.first?.vectorChecks == [])
    }

    @Test func withoutVectorsThereIsNoPseudoScenario() async throws {
        let report = try await ConformanceRunner(
            configuration: .init(
                scenarios: [TestScenarios.credits], client: BuiltinClient(),
                jobs: 1, timeScale: 0.2)
        ).run()
        #expect(report.scenarios.map(\.scenario.id) == ["t.credits"])
    }

    @Test func theFilterAndTheShardDecideWhetherTheVectorsRun() throws {
        func plan(enabled: Bool = true, filter: String? = nil, shard: String? = nil) throws -> ClassificationVectorPlan
        {
            let selection = ScenarioSelection(
                filter: filter, shard: try shard.map { try ScenarioSelection.Shard.parse($0) })
            return try ClassificationVectorPlan.make(
                fixtures: RepoPaths.fixtures, enabled: enabled, selection: selection)
        }
        #expect(try plan().vectors?.vectors.count == (try Self.vectors()).vectors.count)
        #expect(try plan(enabled: false) == .notSelected)
        #expect(try plan(filter: "sse.*") == .notSelected)
        #expect(try plan(filter: "classify.*").vectors != nil)
        #expect(try plan(filter: "classify.vectors").vectors != nil)
        #expect(try plan(shard: "1/3").vectors != nil)
        #expect(try plan(shard: "2/3") == .notSelected)
        #expect(try plan(filter: "classify.*", shard: "3/3") == .notSelected)
        let missing = RepoPaths.root + "/no-such-fixtures"
        #expect(throws: InputFailure.self) {
            try ClassificationVectorPlan.make(fixtures: missing, enabled: true, selection: ScenarioSelection())
        }
    }

    /// `skillsmock conform` itself: the flag, the filter and the vectors file's errors.
    @Test func theConformCommandRunsOmitsAndRejects() async throws {
        let common = [
            "conform", "--client", "builtin", "--scenarios", RepoPaths.scenarios, "--fixtures", RepoPaths.fixtures,
        ]
        let json = FileManager.default.temporaryDirectory.appendingPathComponent("vectors-\(UUID().uuidString).json")
            .path
        defer { try? FileManager.default.removeItem(atPath: json) }
        let ran = try await Self.skillsmock(common + ["--filter", "classify.vectors", "--report-json", json])
        #expect(ran.code == 0, "\(ran.output)")
        let value = try JSONValue.parse(
            String(decoding: try Data(contentsOf: URL(fileURLWithPath: json)), as: UTF8.self))
        #expect(value["scenarios"]?.arrayValue?.map { $0["id"]?.stringValue } == ["classify.vectors"])

        let off = try await Self.skillsmock(common + ["--filter", "classify.vectors", "--no-classify-vectors"])
        #expect(off.code == 2 && off.output.contains("no scenario selected"), "\(off.output)")
        let otherShard = try await Self.skillsmock(common + ["--filter", "classify.vectors", "--shard", "2/2"])
        #expect(otherShard.code == 2 && otherShard.output.contains("no scenario selected"), "\(otherShard.output)")

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bad-fixtures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bad = directory.appendingPathComponent("classification.yaml")
        try Data("vectors:\n  - {status: 402, body: '', category: broke}\n".utf8).write(to: bad)
        let malformed = try await Self.skillsmock([
            "conform", "--client", "builtin", "--scenarios", RepoPaths.scenarios,
            "--fixtures", directory.path, "--filter", "classify.vectors",
        ])
        #expect(malformed.code == 2, "\(malformed.output)")
        #expect(
            malformed.output.contains("\(bad.path):2: vectors[0].category: unknown category 'broke'"),
            "\(malformed.output)")
    }

    /// Runs the built `skillsmock` with `arguments`: its exit code and all it printed.
    static func skillsmock(_ arguments: [String]) async throws -> (code: Int32?, output: String) {
        let lines = LineCollector()
        let end = try await ChildProcess.run(
            argv: [RepoPaths.executable("skillsmock").path] + arguments,
            environment: ProcessInfo.processInfo.environment, deadline: .seconds(120),
            onLine: { _, line in lines.append(line) })
        return (end.exitCode, lines.lines.joined(separator: "\n"))
    }
}
