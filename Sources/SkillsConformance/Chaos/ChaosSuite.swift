import Foundation
import SkillsScenario

/// A chaos run (SPEC 11): the scenarios generated from a seed, and the shrinking of those that fail.
public struct ChaosSuite: Sendable {
    /// The seed the scenarios are drawn from.
    public var seed: UInt64
    /// The generated plans, in order.
    public var plans: [ChaosPlan]

    /// The first `count` plans of `seed`.
    public init(seed: UInt64, count: Int, generator: ChaosGenerator? = nil) {
        self.seed = seed
        let generator = generator ?? ChaosGenerator(seed: seed)
        plans = (0..<max(0, count)).map { generator.plan(at: $0) }
    }

    /// The generated scenarios, in order.
    public var scenarios: [Scenario] { plans.map(\.scenario) }

    /// A seed for a run that was given none: milliseconds of the wall clock, printed so the run can be repeated.
    public static func freshSeed(now: Date = Date()) -> UInt64 {
        UInt64(max(0, now.timeIntervalSince1970 * 1000)) % 1_000_000_000_000
    }

    /// Shrinks the failing chaos runs of `report`: the first failing run of each failing rule (up to `limit`),
    /// each cut down by `shrinker` running candidates with `client` at `timeScale`. Each shrunk scenario is written to
    /// `outDirectory` (created when missing) as `<id>.yaml`, when given.
    public func shrinkFailures(
        in report: ConformanceReport, client: any ConformanceClient, timeScale: Double,
        shrinker: ChaosShrinker, limit: Int = 5,
        outDirectory: String?
    ) async throws(ChaosOutputError) -> [ChaosShrinkResult] {
        let byID = Dictionary(plans.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var seenRules: Set<RuleID> = []
        var chosen: [(ChaosPlan, RuleID)] = []
        for result in report.scenarios where !result.passed {
            guard let plan = byID[result.scenario.id],
                let rule = result.failingRules.first(where: { !seenRules.contains($0) })
            else { continue }
            seenRules.insert(rule)
            chosen.append((plan, rule))
            if chosen.count >= limit { break }
        }
        var results: [ChaosShrinkResult] = []
        for (plan, rule) in chosen {
            var result = await shrinker.shrink(plan, rule: rule) { candidate in
                await Self.failingRules(of: candidate, client: client, timeScale: timeScale)
            }
            if let outDirectory { result.file = try Self.write(result.scenario, to: outDirectory) }
            results.append(result)
        }
        return results
    }

    /// The rules one run of `scenario` fails (an empty set when the run could not start).
    static func failingRules(of scenario: Scenario, client: any ConformanceClient, timeScale: Double) async
        -> Set<RuleID>
    {
        let runner = ConformanceRunner(
            configuration: .init(scenarios: [scenario], client: client, jobs: 1, timeScale: timeScale))
        guard let report = try? await runner.run() else { return [] }
        return Set(report.scenarios.first?.failingRules ?? [])
    }

    /// Writes `scenario` as `<directory>/<id>.yaml` and returns the path.
    public static func write(_ scenario: Scenario, to directory: String) throws(ChaosOutputError) -> String {
        let path = (directory as NSString).appendingPathComponent(scenario.id + ".yaml")
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try ScenarioWriter.yaml(scenario, precision: .exact).write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw ChaosOutputError(path: path, reason: error.localizedDescription)
        }
        return path
    }
}

/// A chaos scenario file could not be written.
public struct ChaosOutputError: Error, Sendable, CustomStringConvertible {
    /// The file that could not be written.
    public var path: String
    /// Why.
    public var reason: String

    public var description: String { "cannot write chaos scenario '\(path)': \(reason)" }
}

/// What a report says about its chaos run.
public struct ChaosSummary: Sendable {
    /// The seed of the generated scenarios.
    public var seed: UInt64
    /// How many were generated.
    public var count: Int
    /// The shrunk failures.
    public var shrinks: [ChaosShrinkResult]

    /// A summary of a chaos run of `count` scenarios from `seed`.
    public init(seed: UInt64, count: Int, shrinks: [ChaosShrinkResult] = []) {
        self.seed = seed
        self.count = count
        self.shrinks = shrinks
    }
}
