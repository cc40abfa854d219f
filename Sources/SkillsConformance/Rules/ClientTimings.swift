import Foundation
import SkillsScenario
import SkillsVideoClient

/// The timings the runner gives a client for one run, in milliseconds, already scaled.
public struct ClientTimings: Sendable, Equatable {
    public var pollIntervalMs: Double
    public var pollTimeoutMs: Double
    public var sseIdleTimeoutMs: Double
    public var backoffBaseMs: Double
    public var backoffMaxMs: Double
    /// Per-request timeout (polls and plain creates).
    public var requestTimeoutMs: Double
    /// The factor applied to every timing and scripted delay of this run.
    public var timeScale: Double

    public init(
        pollIntervalMs: Double, pollTimeoutMs: Double, sseIdleTimeoutMs: Double, backoffBaseMs: Double,
        backoffMaxMs: Double, requestTimeoutMs: Double, timeScale: Double
    ) {
        self.pollIntervalMs = pollIntervalMs
        self.pollTimeoutMs = pollTimeoutMs
        self.sseIdleTimeoutMs = sseIdleTimeoutMs
        self.backoffBaseMs = backoffBaseMs
        self.backoffMaxMs = backoffMaxMs
        self.requestTimeoutMs = requestTimeoutMs
        self.timeScale = timeScale
    }

    /// The retry schedule a client gets for this run: the run's backoff base and cap, the standard attempts.
    public var retrySchedule: RetrySchedule {
        RetrySchedule(
            baseSeconds: backoffBaseMs / 1000, capSeconds: backoffMaxMs / 1000,
            maxAttempts: RetrySchedule.standard.maxAttempts)
    }

    /// The runner's defaults when a scenario's `client:` is silent (unscaled).
    public static let defaults = ClientTimings(
        pollIntervalMs: 1000, pollTimeoutMs: 30_000, sseIdleTimeoutMs: 10_000,
        backoffBaseMs: 1000, backoffMaxMs: 16_000, requestTimeoutMs: 10_000,
        timeScale: 1)

    /// The scale a scenario runs at: 1 when it scripts a `Retry-After` header (never scaled on the wire), else `requested`.
    public static func effectiveScale(for scenario: Scenario, requested: Double) -> Double {
        ScenarioFacts.scriptsRetryAfter(scenario) ? 1 : requested
    }

    /// The scenario's `client:` settings over the defaults, every timing multiplied by the scenario's effective
    /// scale times `boost` (a timing re-run runs at 4 ×).
    public static func forScenario(_ scenario: Scenario, timeScale requested: Double, boost: Double = 1)
        -> ClientTimings
    {
        let scale = effectiveScale(for: scenario, requested: requested) * boost
        let d = defaults
        return ClientTimings(
            pollIntervalMs: (scenario.client.pollIntervalMs ?? d.pollIntervalMs) * scale,
            pollTimeoutMs: (scenario.client.pollTimeoutMs ?? d.pollTimeoutMs) * scale,
            sseIdleTimeoutMs: (scenario.client.sseIdleTimeoutMs ?? d.sseIdleTimeoutMs) * scale,
            backoffBaseMs: d.backoffBaseMs * scale,
            backoffMaxMs: d.backoffMaxMs * scale,
            requestTimeoutMs: (scenario.client.requestTimeoutMs ?? d.requestTimeoutMs) * scale,
            timeScale: scale)
    }

    /// Seconds as decimal text for command lines (`0.05`, `1.5`, `30`).
    public static func seconds(_ ms: Double) -> String {
        let s = ms / 1000
        if s.rounded() == s, abs(s) < 1e12 { return String(Int64(s)) }
        var text = String(format: "%.4f", s)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
