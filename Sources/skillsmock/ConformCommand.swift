import ArgumentParser
import Foundation
import SkillsConformance
import SkillsScenario

/// `skillsmock conform`: run a client through the scenarios and judge it by the rules (SPEC 9).
struct ConformCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conform",
        abstract: "Run a client through the scenarios and judge it by the rules.",
        discussion:
            "Exit codes: 0 every scenario passed, 1 conformance failures, 2 bad input (scenario, profile, baseline, arguments)."
    )

    @Option(help: "The client under test: `builtin` (the package's own client).") var client: String?
    @Option(help: "A client profile (YAML) describing an external client.") var clientProfile: String?
    @Option(help: "The directory `{dir}` stands for in the profile (default: the profile's directory).") var clientDir:
        String?
    @Option(help: "Scenario files or directories (repeatable; default: Scenarios).") var scenarios: [String] = []
    @Option(help: "Only scenarios whose id matches this glob (`sse.*`).") var filter: String?
    @Option(help: "Runs in flight at once (default: the number of cores).") var jobs: Int?
    @Option(help: "Factor for every timing and scripted delay (Retry-After scenarios run at 1).") var timeScale:
        Double = 0.05
    @Option(help: "Run shard I of N (1-based), e.g. 2/4.") var shard: String?
    @Option(
        help:
            "Known failures: the run passes when exactly these fail with evidence of the same shape; a stale or changed entry fails it."
    )
    var baseline: String?
    @Option(help: "Write the JSON report (SPEC 8) here.") var reportJson: String?
    @Option(help: "Write a JUnit XML report here.") var reportJunit: String?
    @Option(help: "Write a self-contained HTML report here.") var reportHtml: String?
    @Option(help: "Write every request of the run as an HTTP Archive (HAR 1.2) here.") var reportHar: String?
    @Option(help: "Write the failures found as a baseline file (one line of evidence each), to review and commit.")
    var writeBaseline: String?
    @Option(
        help: "The fixtures directory whose classification.yaml the client's classifier is run on (default: Fixtures).")
    var fixtures: String?
    @Option(
        help: "Run N scenarios generated from the chaos grammar (with --scenarios, both run; without, these alone).")
    var chaos: Int?
    @Option(help: "The chaos seed (default: from the clock); printed and in every report.") var seed: UInt64?
    @Option(help: "Where shrunk failing chaos scenarios are written.") var chaosOut: String = "reports/chaos"
    @Option(help: "Seconds each shrink of a failing chaos run may take.") var shrinkBudget: Double = 60
    @Flag(
        help:
            "Do not run the classification vectors through the client's classifier (the pseudo-scenario classify.vectors)."
    )
    var noClassifyVectors = false

    func validate() throws {
        if let jobs, jobs < 1 { throw reject("--jobs must be at least 1 (got \(jobs))") }
        guard timeScale > 0, timeScale.isFinite else {
            throw reject("--time-scale must be a positive number (got \(timeScale))")
        }
        if let name = client {
            guard clientProfile == nil else {
                throw reject("use either --client builtin or --client-profile FILE, not both")
            }
            guard name == "builtin" else {
                throw reject("--client '\(name)': unknown client (expected builtin, or use --client-profile FILE)")
            }
        }
        if clientDir != nil, clientProfile == nil { throw reject("--client-dir needs --client-profile") }
        if let chaos, chaos < 1 { throw reject("--chaos must be at least 1 (got \(chaos))") }
        if seed != nil, chaos == nil { throw reject("--seed needs --chaos N") }
        guard shrinkBudget >= 0, shrinkBudget.isFinite else {
            throw reject("--shrink-budget must be a number of seconds (got \(shrinkBudget))")
        }
    }

    /// Reports a bad option the way every bad input is reported (`skillsmock conform: MESSAGE`, no usage
    /// text) and returns the exit to throw: 2.
    private func reject(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("skillsmock conform: \(message)\n".utf8))
        return ExitCode(2)
    }

    func run() async throws {
        let setup: Setup
        do { setup = try prepare() } catch {
            FileHandle.standardError.write(Data("skillsmock conform: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
        for note in setup.notes { FileHandle.standardError.write(Data("skillsmock conform: \(note)\n".utf8)) }
        if let suite = setup.chaos {
            FileHandle.standardError.write(
                Data("skillsmock conform: chaos seed \(suite.seed), \(suite.plans.count) generated scenario(s)\n".utf8))
        }
        let interactive = isatty(2) != 0
        let runner = ConformanceRunner(
            configuration: .init(
                scenarios: setup.scenarios, client: setup.client,
                jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
                timeScale: timeScale, baseline: setup.baseline,
                progress: { done, total, result in
                    let line = "[\(done)/\(total)] \(result.passed ? "pass" : "FAIL") \(result.scenario.id)"
                    FileHandle.standardError.write(Data((interactive ? "\r\u{1B}[K" + line : line + "\n").utf8))
                }, classificationVectors: setup.vectors))
        var report: ConformanceReport
        do { report = try await runner.run() } catch {
            FileHandle.standardError.write(Data("skillsmock conform: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
        if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        if let suite = setup.chaos {
            var summary = ChaosSummary(seed: suite.seed, count: suite.plans.count)
            if !report.passed {
                FileHandle.standardError.write(
                    Data("skillsmock conform: shrinking the failing chaos runs (at most \(shrinkBudget)s each)\n".utf8))
            }
            do {
                summary.shrinks = try await suite.shrinkFailures(
                    in: report, client: setup.client, timeScale: timeScale,
                    shrinker: ChaosShrinker(budget: .milliseconds(Int(shrinkBudget * 1000))), outDirectory: chaosOut)
            } catch {
                FileHandle.standardError.write(Data("skillsmock conform: \(error.description)\n".utf8))
                throw ExitCode(2)
            }
            report.chaos = summary
        }
        print(ConsoleReport.text(report), terminator: "")
        do {
            try write(reportJson, JSONReport.text(report))
            try write(reportJunit, JUnitReport.text(report))
            try write(reportHtml, HTMLReport.text(report))
            try write(reportHar, HARReport.text(report))
            try write(writeBaseline, report.observedFailures().yamlText)
        } catch {
            FileHandle.standardError.write(Data("skillsmock conform: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
        if !report.passed { throw ExitCode(1) }
    }

    struct Setup {
        var scenarios: [Scenario]
        var client: any ConformanceClient
        var baseline: Baseline?
        /// The vectors for `classify.vectors`, when it runs.
        var vectors: ClassificationVectors?
        /// Things the user should know before the run (a check left out).
        var notes: [String] = []
        /// The generated scenarios, with `--chaos`.
        var chaos: ChaosSuite?
    }

    /// A bad-input problem with a message naming the culprit.
    struct BadInput: Error {
        var message: String
    }

    /// Loads what the options name (scenarios, profile, baseline, vectors); the options themselves passed
    /// `validate()`.
    func prepare() throws(BadInput) -> Setup {
        let client: any ConformanceClient
        if let file = clientProfile {
            let profile: ClientProfile
            do { profile = try ClientProfileLoader.load(file: file) } catch {
                throw BadInput(message: "bad client profile:\n\(error)")
            }
            let directory = clientDir ?? (file as NSString).deletingLastPathComponent
            var isDirectory: ObjCBool = false
            guard
                FileManager.default.fileExists(atPath: directory.isEmpty ? "." : directory, isDirectory: &isDirectory),
                isDirectory.boolValue
            else {
                throw BadInput(message: "--client-dir '\(directory)': no such directory")
            }
            client = ProfileClient(profile: profile, directory: directory.isEmpty ? "." : directory)
        } else {
            client = BuiltinClient()
        }
        let suite = chaos.map { ChaosSuite(seed: seed ?? ChaosSuite.freshSeed(), count: $0) }
        let chaosOnly = suite != nil && scenarios.isEmpty
        var catalogue: [Scenario] = []
        if !chaosOnly {
            do { catalogue = try ScenarioLoader.load(paths: scenarios.isEmpty ? ["Scenarios"] : scenarios) } catch {
                throw BadInput(message: "bad scenarios:\n\(error)")
            }
        }
        if let suite {
            let ids = Set(catalogue.map(\.id))
            if let clash = suite.plans.first(where: { ids.contains($0.id) }) {
                throw BadInput(
                    message:
                        "scenario id '\(clash.id)' is both in --scenarios and generated by --chaos (give another --seed)"
                )
            }
            catalogue += suite.scenarios
        }
        var selection = ScenarioSelection(filter: filter)
        if let shard {
            do { selection.shard = try ScenarioSelection.Shard.parse(shard) } catch {
                throw BadInput(message: error.description)
            }
        }
        let selected = selection.apply(catalogue)
        var notes: [String] = []
        let vectors = chaosOnly ? nil : try classificationVectors(selection: selection, notes: &notes)
        guard !selected.isEmpty || vectors != nil else {
            throw BadInput(
                message: ([
                    "no scenario selected (\(catalogue.count) loaded; --filter \(filter ?? "-"), --shard \(shard ?? "-"))"
                ] + notes)
                .joined(separator: "\n"))
        }
        var loadedBaseline: Baseline?
        if let file = baseline {
            do { loadedBaseline = try BaselineLoader.load(file: file) } catch {
                throw BadInput(message: "bad baseline:\n\(error)")
            }
            let ids = Set(catalogue.map(\.id) + [ClassificationVectorRun.scenarioID])
            let unknown = loadedBaseline?.entries.filter { !ids.contains($0.scenario) } ?? []
            if !unknown.isEmpty {
                throw BadInput(
                    message: unknown.map {
                        "\(file)\($0.line.map { ":\($0)" } ?? ""): failures: unknown scenario '\($0.scenario)'"
                    }.joined(separator: "\n"))
            }
        }
        return Setup(
            scenarios: selected, client: client, baseline: loadedBaseline, vectors: vectors, notes: notes, chaos: suite)
    }

    /// The classification vectors for `classify.vectors`, when it runs (a note when the default file is missing).
    func classificationVectors(selection: ScenarioSelection, notes: inout [String]) throws(BadInput)
        -> ClassificationVectors?
    {
        let plan: ClassificationVectorPlan
        do { plan = try .make(fixtures: fixtures, enabled: !noClassifyVectors, selection: selection) } catch {
            throw BadInput(message: "bad classification vectors (--no-classify-vectors skips them):\n\(error)")
        }
        if case .missingDefault(let file) = plan {
            notes.append(
                "no \(file) here: \(ClassificationVectorRun.scenarioID) not run (give --fixtures DIR, or --no-classify-vectors)"
            )
        }
        return plan.vectors
    }

    func write(_ path: String?, _ text: String) throws(BadInput) {
        guard let path else { return }
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw BadInput(message: "cannot write report '\(path)': \(error.localizedDescription)")
        }
    }
}
