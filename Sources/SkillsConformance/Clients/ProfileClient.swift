import Foundation
import SkillsCore
import Synchronization

/// An external client run as a child process from its profile (argv without a shell, own process group).
public struct ProfileClient: ConformanceClient {
    let profile: ProfileClientSettings

    public init(
        profile: ClientProfile, directory: String,
        baseEnvironment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.profile = ProfileClientSettings(profile: profile, directory: directory, baseEnvironment: baseEnvironment)
    }

    public var name: String { profile.profile.name }
    public var exitConvention: ExitConvention { profile.profile.exitCodes }
    /// A profile whose command line passes `{backoff_base_s}` is told its backoff.
    public var receivesBackoff: Bool { profile.profile.run.contains { $0.contains("{backoff_base_s}") } }

    public func run(_ invocation: ClientInvocation, onLine: @escaping @Sendable (ClientLine.Stream, String) -> Void)
        async -> ClientEnd
    {
        let argv = profile.argv(profile.profile.run, invocation: invocation, extra: [:])
        do {
            let end = try await ChildProcess.run(
                argv: argv, environment: profile.environment(invocation), deadline: invocation.deadline, onLine: onLine)
            return ClientEnd(exitCode: end.exitCode, killedAtDeadline: end.killedAtDeadline)
        } catch {
            return ClientEnd(exitCode: nil, killedAtDeadline: false, error: error.description)
        }
    }

    public func classify(status: Int, body: String, invocation: ClientInvocation) async -> String? {
        await classifyVector(status: status, body: body, invocation: invocation).category
    }

    /// Whether the profile has a `classify` command.
    public var hasClassifier: Bool { profile.profile.classify != nil }

    /// Runs the profile's `classify` command on one (status, body) (`{status}`, `{body}`), killed after 10 s.
    public func classifyVector(status: Int, body: String, invocation: ClientInvocation) async -> ClassifierAnswer {
        guard let command = profile.profile.classify else {
            return ClassifierAnswer(category: nil, problem: "the profile has no classify command")
        }
        let argv = profile.argv(command, invocation: invocation, extra: ["status": String(status), "body": body])
        let collected = LineCollector()
        do {
            let end = try await ChildProcess.run(
                argv: argv, environment: profile.environment(invocation), deadline: .seconds(10),
                onLine: { stream, line in if stream == .stdout { collected.append(line) } })
            if end.killedAtDeadline { return ClassifierAnswer(category: nil, problem: "killed after 10 s") }
            return ClassifierAnswer(output: collected.lines, exitCode: end.exitCode)
        } catch {
            return ClassifierAnswer(category: nil, problem: "could not run: \(error.description)")
        }
    }
}

/// A profile bound to its directory and base environment: expands command lines and environments.
struct ProfileClientSettings: Sendable {
    let profile: ClientProfile
    let directory: String
    let baseEnvironment: [String: String]

    /// The placeholder values of one invocation (SPEC 7).
    func values(_ invocation: ClientInvocation) -> [String: String] {
        let t = invocation.timings
        return [
            "dir": directory,
            "base_url": invocation.baseURL,
            "sse_endpoint": invocation.sseEndpoint,
            "create_endpoint": invocation.createEndpoint,
            "model": invocation.model,
            "payload": invocation.payload.jsonText,
            "poll_interval_s": ClientTimings.seconds(t.pollIntervalMs),
            "poll_timeout_s": ClientTimings.seconds(t.pollTimeoutMs),
            "sse_idle_timeout_s": ClientTimings.seconds(t.sseIdleTimeoutMs),
            "backoff_base_s": ClientTimings.seconds(t.backoffBaseMs),
            "backoff_max_s": ClientTimings.seconds(t.backoffMaxMs),
        ]
    }

    /// A command line with placeholders expanded (plus `extra`, e.g. `{status}` and `{body}`).
    func argv(_ template: [String], invocation: ClientInvocation, extra: [String: String]) -> [String] {
        let values = values(invocation).merging(extra) { $1 }
        return template.map { ProfileTemplate.expand($0, values: values) }
    }

    /// The inherited environment without any key, the profile's `env:`, and the run's key (unless absent).
    func environment(_ invocation: ClientInvocation) -> [String: String] {
        var env = baseEnvironment
        env.removeValue(forKey: "SKILLS_VIDEO_API_KEY")
        let values = values(invocation)
        for variable in profile.env { env[variable.name] = ProfileTemplate.expand(variable.value, values: values) }
        if let key = invocation.key { env["SKILLS_VIDEO_API_KEY"] = key }
        return env
    }
}

/// Lines collected from another thread.
final class LineCollector: Sendable {
    private let storage = Mutex<[String]>([])

    /// Adds one line.
    func append(_ line: String) { storage.withLock { $0.append(line) } }
    /// The lines so far.
    var lines: [String] { storage.withLock { $0 } }
}
