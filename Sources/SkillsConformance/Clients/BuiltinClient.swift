import Foundation
import SkillsVideoClient
import Synchronization

/// The package's own client, run in-process through `SkillsVideoCLI.run`.
public struct BuiltinClient: ConformanceClient {
    /// Settings that make the builtin client deviate from what the runner judges it by: how the harness's own
    /// tests build clients just past (or just inside) a rule's tolerance.
    public struct Knobs: Sendable, Equatable {
        /// Multiplies the poll interval the client is given.
        public var pollIntervalFactor: Double
        /// Multiplies the poll timeout the client is given.
        public var pollTimeoutFactor: Double
        /// Replaces the backoff base given to the client (real ms), when set.
        public var backoffBaseMs: Double?
        /// Replaces the backoff cap given to the client (real ms), when set.
        public var backoffMaxMs: Double?
        /// A name for reports, e.g. `poll-interval×0.5`.
        public var label: String

        public init(
            pollIntervalFactor: Double = 1, pollTimeoutFactor: Double = 1, backoffBaseMs: Double? = nil,
            backoffMaxMs: Double? = nil, label: String
        ) {
            self.pollIntervalFactor = pollIntervalFactor
            self.pollTimeoutFactor = pollTimeoutFactor
            self.backoffBaseMs = backoffBaseMs
            self.backoffMaxMs = backoffMaxMs
            self.label = label
        }
    }

    /// Attempts per call the builtin client is told to make.
    public var maxAttempts: Int
    /// Deviations from the runner's timings; nil runs the client as the runner says.
    public var knobs: Knobs?

    public init(maxAttempts: Int = 5, knobs: Knobs? = nil) {
        self.maxAttempts = maxAttempts
        self.knobs = knobs
    }

    public var name: String { knobs.map { "builtin(\($0.label))" } ?? "builtin" }
    public var exitConvention: ExitConvention { .seed }
    /// The runner passes the builtin client its backoff base and cap.
    public var receivesBackoff: Bool { true }

    /// The `create` command line for one invocation.
    func arguments(_ invocation: ClientInvocation) -> [String] {
        var t = invocation.timings
        if let knobs {
            t.pollIntervalMs *= knobs.pollIntervalFactor
            t.pollTimeoutMs *= knobs.pollTimeoutFactor
            t.backoffBaseMs = knobs.backoffBaseMs ?? t.backoffBaseMs
            t.backoffMaxMs = knobs.backoffMaxMs ?? t.backoffMaxMs
        }
        let s = ClientTimings.seconds
        return [
            "create", "--base-url", invocation.baseURL, "--sse-endpoint", invocation.sseEndpoint,
            "--payload", invocation.payload.jsonText,
            "--poll-interval", s(t.pollIntervalMs), "--poll-timeout", s(t.pollTimeoutMs),
            "--sse-idle-timeout", s(t.sseIdleTimeoutMs), "--sse-request-timeout", s(t.requestTimeoutMs),
            "--backoff-base", s(t.backoffBaseMs), "--backoff-max", s(t.backoffMaxMs),
            "--poll-request-timeout", s(t.requestTimeoutMs), "--max-attempts", String(maxAttempts),
        ]
    }

    public func run(_ invocation: ClientInvocation, onLine: @escaping @Sendable (ClientLine.Stream, String) -> Void)
        async -> ClientEnd
    {
        let arguments = arguments(invocation)
        let environment = invocation.key.map { ["SKILLS_VIDEO_API_KEY": $0] } ?? [:]
        let race = DeadlineRace<Int32>()
        let task = Task {
            let code = await SkillsVideoCLI.run(arguments: arguments, environment: environment) { onLine(.stdout, $0) }
            race.finish(code)
        }
        let timer = Task {
            try await Task.sleep(for: invocation.deadline)
            race.expire()
        }
        let result = await race.value
        timer.cancel()
        if result == nil { task.cancel() }
        return ClientEnd(exitCode: result, killedAtDeadline: result == nil)
    }

    public func classify(status: Int, body: String, invocation: ClientInvocation) async -> String? { nil }

    /// The builtin client always has its classifier (`skills-video classify`).
    public var hasClassifier: Bool { true }

    /// Runs `skills-video classify --status S --body B` in-process and reads its category.
    public func classifyVector(status: Int, body: String, invocation: ClientInvocation) async -> ClassifierAnswer {
        let collected = LineCollector()
        // `--body=B` keeps a body starting with `-` a value; an empty one must be a separate argument.
        let bodyArguments = body.isEmpty ? ["--body", ""] : ["--body=" + body]
        let code = await SkillsVideoCLI.run(
            arguments: ["classify", "--status", String(status)] + bodyArguments,
            environment: [:]
        ) { collected.append($0) }
        return ClassifierAnswer(output: collected.lines, exitCode: code)
    }
}

/// The first of "finished with a value" or "deadline passed" (nil), whichever comes first.
final class DeadlineRace<Value: Sendable>: Sendable {
    /// The settled result (nil while racing; `.some(nil)` once expired) and the tasks waiting for it.
    private let state = Mutex<(result: Value??, waiters: [CheckedContinuation<Value?, Never>])>((nil, []))

    /// Settles the race with a value, unless it is settled already.
    func finish(_ value: Value) { settle(.some(value)) }
    /// Settles the race as expired, unless it is settled already.
    func expire() { settle(.some(nil)) }

    private func settle(_ outcome: Value??) {
        let toResume: [CheckedContinuation<Value?, Never>] = state.withLock { state in
            guard state.result == nil, let outcome else { return [] }
            state.result = outcome
            defer { state.waiters = [] }
            return state.waiters
        }
        for w in toResume { w.resume(returning: outcome ?? nil) }
    }

    /// The value once settled; nil when the deadline won.
    var value: Value? {
        get async {
            await withCheckedContinuation { continuation in
                let ready: Value?? = state.withLock { state in
                    if let result = state.result { return result }
                    state.waiters.append(continuation)
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }
}
