import Foundation
import SkillsCore
import Testing

@testable import SkillsScenario

@Suite("Scenario catalogue (Scenarios/)")
struct CatalogueTests {
    static let groups = [
        "sse-happy", "terminal-traps", "sse-breaks", "sse-parsing", "create-errors", "polling", "credits-auth",
    ]

    /// The whole catalogue, loaded strictly once.
    static let loaded = Result { () throws(ScenarioLoadFailure) in try ScenarioLoader.load(paths: [Corpus.catalogue]) }

    /// The catalogue, or the load failure (recorded as an issue naming every problem).
    static func catalogue() throws -> [Scenario] {
        switch loaded {
        case .success(let scenarios): return scenarios
        case .failure(let failure):
            Issue.record("the catalogue does not load:\n\(failure.description)")
            throw failure
        }
    }

    @Test("loads with zero errors, at least 50 scenarios, unique ids")
    func loads() throws {
        let scenarios = try Self.catalogue()
        #expect(scenarios.count >= 50)
        #expect(Set(scenarios.map(\.id)).count == scenarios.count)
    }

    @Test("every group directory holds scenarios, and every scenario sits in a known group named by its id")
    func groups() throws {
        let scenarios = try Self.catalogue()
        for group in Self.groups {
            #expect(scenarios.contains { $0.source.contains("/Scenarios/\(group)/") }, "group \(group) is empty")
        }
        for scenario in scenarios {
            let group = URL(fileURLWithPath: scenario.source).deletingLastPathComponent().lastPathComponent
            #expect(Self.groups.contains(group), "\(scenario.source) is outside the known groups")
            #expect(scenario.id.hasPrefix(group + "."), "\(scenario.id) does not start with its group \(group)")
        }
    }

    @Test("every scenario has a title, tags, an expected outcome and the matching exit code")
    func expectations() throws {
        for scenario in try Self.catalogue() {
            #expect(!scenario.title.isEmpty, "\(scenario.id)")
            #expect(!scenario.tags.isEmpty, "\(scenario.id) has no tags")
            let outcome = try #require(scenario.expect.outcome, "\(scenario.id) has no expect.outcome")
            if let exit = scenario.expect.exit {
                #expect(Expectation.exitCode(forOutcome: outcome) == exit, "\(scenario.id)")
            }
        }
    }

    @Test("the catalogue is free of lint warnings")
    func lintClean() throws {
        let warnings = try Self.catalogue().flatMap(ScenarioLint.warnings(for:))
        #expect(warnings.isEmpty, "\(warnings.map(\.description))")
    }

    @Test("scripted delays stay modest: each at most 4s, each stream under 10s (SPEC time-scale budget)")
    func timingBudget() throws {
        for scenario in try Self.catalogue() {
            for step in scenario.create + scenario.poll {
                #expect(step.delayMs <= 4000, "\(scenario.id): a step delay of \(step.delayMs)ms")
                if case .sse(let script) = step.kind {
                    let total = script.events.reduce(step.delayMs) { $0 + $1.delayMs }
                    #expect(total <= 10_000, "\(scenario.id): a stream lasting \(total)ms")
                }
            }
        }
    }

    @Test("Retry-After waits are rare (they run at real time)")
    func retryAfterBudget() throws {
        let waits = try Self.catalogue().filter { scenario in
            (scenario.create + scenario.poll).contains { step in
                if case .response(let response) = step.kind {
                    return response.headers.contains { $0.name.lowercased() == "retry-after" }
                }
                return false
            }
        }
        // Each runs at real time; together they must stay a few seconds of the catalogue's run.
        let now = Date()
        let seconds = waits.flatMap { $0.create + $0.poll }.compactMap { step -> Double? in
            guard case .response(let response) = step.kind, let value = response.headers.value(named: "Retry-After")
            else { return nil }
            return RetryAfter.parse(TimeTemplate.substitute(value, now: now), now: now)?.delay(now: now)
        }
        #expect(waits.count <= 6, "\(waits.map(\.id))")
        #expect(seconds.reduce(0, +) <= 10, "Retry-After waits in all: \(seconds)")
        #expect(waits.allSatisfy { $0.tags.contains("retry-after") })
    }

    @Test("the benchmark scenarios shipped under ci/ load with the same loader")
    func benchmarkScenarios() throws {
        let directory = Corpus.repositoryRoot.appendingPathComponent("ci/benchmarks/scenarios").path
        try #require(FileManager.default.fileExists(atPath: directory))
        let scenarios = try ScenarioLoader.load(paths: [directory])
        #expect(!scenarios.isEmpty)
    }

    @Test(
        "the issue #5 coverage list is present",
        arguments: [
            "sse-happy.single-terminal", "sse-happy.progress-then-completed", "sse-happy.succeeded",
            "sse-happy.prediction-status",
            "sse-happy.nested-status-keys", "sse-happy.image-nano-banana", "sse-happy.image-gpt-image",
            "sse-happy.v1-path",
            "terminal-traps.done-event-keeps-reading", "terminal-traps.completed-event-then-close",
            "terminal-traps.failed-event-not-failed",
            "terminal-traps.failed-terminal", "terminal-traps.canceled-terminal", "terminal-traps.cancelled-spelling",
            "terminal-traps.truncated-terminal",
            "sse-breaks.close-after-id", "sse-breaks.reset-after-progress", "sse-breaks.hang-after-id",
            "sse-breaks.truncate-after-progress",
            "sse-breaks.garbage-after-id", "sse-breaks.json-task-on-sse-endpoint", "sse-breaks.no-id-then-close",
            "sse-parsing.crlf-line-ends", "sse-parsing.cr-line-ends", "sse-parsing.mixed-line-ends",
            "sse-parsing.byte-order-mark",
            "sse-parsing.comments-and-heartbeats", "sse-parsing.multi-line-data", "sse-parsing.id-and-retry-fields",
            "sse-parsing.unknown-fields", "sse-parsing.one-byte-dribble", "sse-parsing.one-mib-event",
            "sse-parsing.five-hundred-events",
            "create-errors.400-bad-request", "create-errors.401-unauthorized", "create-errors.402-message",
            "create-errors.402-error-message",
            "create-errors.402-plain-text", "create-errors.400-credit-keyword", "create-errors.404-unknown-model",
            "create-errors.422-validation",
            "create-errors.429-then-success", "create-errors.429-retry-after", "create-errors.500-then-success",
            "create-errors.502-then-success",
            "create-errors.503-then-success", "create-errors.504-then-success", "create-errors.5xx-until-give-up",
            "create-errors.reset-then-success", "create-errors.close-then-success", "create-errors.silent-then-success",
            "polling.queue-progress-done", "polling.5xx-between", "polling.429-between", "polling.401-midway",
            "polling.404-midway",
            "polling.never-terminal", "polling.slow-answer-past-timeout", "polling.malformed-json",
            "credits-auth.missing-key", "credits-auth.wrong-key", "credits-auth.credits-run-out",
        ])
    func covered(_ id: String) throws {
        #expect(try Self.catalogue().contains { $0.id == id })
    }
}
