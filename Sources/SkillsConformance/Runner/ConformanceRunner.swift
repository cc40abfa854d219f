import Foundation
import SkillsCore
import SkillsMockServer
import SkillsScenario
import Synchronization

/// Why a conformance run could not start.
public struct ConformanceRunError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Runs one client through scenarios against one embedded server and judges every run.
public struct ConformanceRunner: Sendable {
    /// What to run and how.
    public struct Configuration: Sendable {
        public var scenarios: [Scenario]
        public var client: any ConformanceClient
        /// Runs in flight at once (keyless runs always run alone).
        public var jobs: Int
        /// Factor for every client timing and scripted delay (scenarios sending `Retry-After` run at 1).
        public var timeScale: Double
        public var baseline: Baseline?
        /// Margin added to every run's hard deadline.
        public var deadlineMargin: Duration
        /// Called after each run: (finished, total, result).
        public var progress: (@Sendable (Int, Int, ScenarioResult) -> Void)?
        /// Reads how late the server was during one run; nil reads the embedded server's own figures.
        /// (A seam for tests of the TIMING-0 re-run.)
        var lateness: (@Sendable (LatenessQuery) -> [Double])?
        /// Vectors to run through the client's classifier as the pseudo-scenario `classify.vectors` (after the scenarios).
        public var classificationVectors: ClassificationVectors?

        public init(
            scenarios: [Scenario], client: any ConformanceClient,
            jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
            timeScale: Double = 0.05, baseline: Baseline? = nil, deadlineMargin: Duration = .seconds(3),
            progress: (@Sendable (Int, Int, ScenarioResult) -> Void)? = nil,
            classificationVectors: ClassificationVectors? = nil
        ) {
            self.scenarios = scenarios
            self.client = client
            self.jobs = jobs
            self.timeScale = timeScale
            self.baseline = baseline
            self.deadlineMargin = deadlineMargin
            self.progress = progress
            self.classificationVectors = classificationVectors
        }
    }

    public let configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Runs every scenario (keyed ones in parallel, then keyless ones alone), then the classification vectors when
    /// given, and returns the report.
    public func run() async throws(ConformanceRunError) -> ConformanceReport {
        let config = configuration
        guard config.timeScale > 0, config.timeScale.isFinite else {
            throw ConformanceRunError(description: "--time-scale must be a positive number (got \(config.timeScale))")
        }
        guard config.jobs >= 1 else {
            throw ConformanceRunError(description: "--jobs must be at least 1 (got \(config.jobs))")
        }
        let started = Date()
        let wall = ContinuousClock.now
        let served = config.scenarios.map { ConformanceRunner.serverCopy(of: $0, timeScale: config.timeScale) }
        let server: MockServer
        do {
            server = try MockServer(configuration: ServerConfiguration(timeScale: config.timeScale, scenarios: served))
        } catch {
            throw ConformanceRunError(description: "cannot create the server: \(error)")
        }
        let clock = server.clock
        do { try server.start() } catch {
            throw ConformanceRunError(description: "cannot start the server: \(error)")
        }
        defer { server.stop() }
        let context = RunContext(server: server, clock: clock, baseURL: server.baseURL + "/api/v1", config: config)

        let keyed = config.scenarios.enumerated().filter { !$0.element.client.apiKeyAbsent }
        let keyless = config.scenarios.enumerated().filter { $0.element.client.apiKeyAbsent }
        let total = config.scenarios.count + (config.classificationVectors == nil ? 0 : 1)
        let counter = ProgressCounter()
        var results = [ScenarioResult?](repeating: nil, count: config.scenarios.count)

        await withTaskGroup(of: (Int, ScenarioResult).self) { group in
            var pending = keyed.makeIterator()
            for _ in 0..<min(config.jobs, keyed.count) {
                if let (index, scenario) = pending.next() {
                    group.addTask { (index, await context.run(scenario)) }
                }
            }
            while let (index, result) = await group.next() {
                results[index] = result
                config.progress?(counter.increment(), total, result)
                if let (nextIndex, scenario) = pending.next() {
                    group.addTask { (nextIndex, await context.run(scenario)) }
                }
            }
        }
        for (index, scenario) in keyless {
            let result = await context.run(scenario)
            results[index] = result
            config.progress?(counter.increment(), total, result)
        }
        if let vectors = config.classificationVectors {
            let result = await ClassificationVectorRun(vectors: vectors, client: config.client, jobs: config.jobs)
                .result(baseURL: context.baseURL, timeScale: config.timeScale, baseline: config.baseline)
            results.append(result)
            config.progress?(counter.increment(), total, result)
        }
        return ConformanceReport(
            client: config.client.name, started: started, durationMs: (ContinuousClock.now - wall).milliseconds,
            scenarios: results.compactMap { $0 }, baseline: config.baseline)
    }

    /// The scenario as the server should hold it: a scenario that runs at scale 1 has its delays divided by the
    /// server's scale, so the server's single factor gives them back unscaled.
    /// `boost` multiplies the effective scale (a timing re-run runs at 4 ×).
    static func serverCopy(of scenario: Scenario, timeScale: Double, boost: Double = 1) -> Scenario {
        let effective = ClientTimings.effectiveScale(for: scenario, requested: timeScale) * boost
        guard effective != timeScale else { return scenario }
        let factor = effective / timeScale
        var copy = scenario
        copy.create = scenario.create.map { rescale($0, by: factor) }
        copy.poll = scenario.poll.map { rescale($0, by: factor) }
        return copy
    }

    static func rescale(_ step: Step, by factor: Double) -> Step {
        var step = step
        step.delayMs *= factor
        if case .sse(var script) = step.kind {
            script.events = script.events.map { item in
                var item = item
                item.delayMs *= factor
                return item
            }
            step.kind = .sse(script)
        }
        return step
    }

    /// The hard deadline of a run: every scaled timeout the client may legitimately spend, the scripted delays,
    /// the client's retry schedule (every backoff of its attempts, capped), plus `margin`. An HTTP-date
    /// `Retry-After` counts as the wait it asks for at `now`.
    static func hardDeadline(
        for scenario: Scenario, timings t: ClientTimings, margin: Duration, now: Date = Date()
    ) -> Duration {
        let schedule = t.retrySchedule
        // In ms to the microsecond: the trip through seconds must not add a millisecond when the budget is rounded up.
        let backoff = (schedule.totalBackoff(throughFailure: schedule.maxAttempts) * 1_000_000).rounded() / 1000
        let retryAfter = ScenarioFacts.allSteps(scenario).compactMap { ScenarioFacts.retryAfterMs($0, now: now) }
            .reduce(0, +)
        let scripted =
            ScenarioFacts.allSteps(scenario).map { step -> Double in
                var total = step.delayMs
                if case .sse(let script) = step.kind { total += script.events.map(\.delayMs).reduce(0, +) }
                return total
            }.reduce(0, +) * t.timeScale
        let budget =
            t.sseIdleTimeoutMs + 2 * t.requestTimeoutMs + t.pollTimeoutMs + t.pollIntervalMs + backoff
            + 2 * retryAfter + 2 * scripted
        return .milliseconds(Int(budget.rounded(.up))) + margin
    }
}

/// One run's window, for reading how late the server was during it.
struct LatenessQuery: Sendable {
    /// The run's journal entries.
    var journal: [JournalEntry]
    /// Server-clock milliseconds of the client's start and end.
    var fromMs: Double
    var toMs: Double
    /// The time scale the run ran at.
    var timeScale: Double
}

/// Counts finished runs across tasks.
final class ProgressCounter: Sendable {
    private let count = Mutex(0)

    /// Counts one more finished run and returns the new count.
    func increment() -> Int {
        count.withLock { count in
            count += 1
            return count
        }
    }
}
