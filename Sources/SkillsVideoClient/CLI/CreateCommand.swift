import ArgumentParser
import Foundation
import SkillsCore

/// `create`: SSE-first create, polling fallback on the same id, bounded retries of transient failures.
struct CreateCommand: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a generation via SSE, then fall back to polling until terminal status.")

    @Option(help: "SSE create endpoint path or full URL.") var sseEndpoint: String
    @Option(name: .customLong("base-url"), help: "API base URL.") var baseURL = PlatformURL.defaultBase
    @Option(help: "JSON object payload string.") var payload: String?
    @Option(help: "Path to a JSON payload file.") var payloadFile: String?
    @Option(help: "Seconds to wait for the create answer.") var sseRequestTimeout: Double = 120
    @Option(help: "Seconds the stream may stay silent before polling takes over (default: --sse-request-timeout).")
    var sseIdleTimeout: Double?
    @Option(help: "Seconds of polling before giving up with a timeout.") var pollTimeout: Double = 900
    @Option(help: "Seconds between a poll answer and the next poll.") var pollInterval: Double = 3
    @Option(help: "Seconds allowed for one poll request.") var pollRequestTimeout: Double = 20
    @OptionGroup var backoff: BackoffOptions

    func run(_ context: CLIContext) async -> Int32 {
        guard let key = context.apiKey else { return context.missingKey() }
        if payload != nil, payloadFile != nil {
            return context.invalidArguments("Use either --payload or --payload-file, not both.")
        }
        let body: JSONValue
        switch PayloadSource.load(text: payload, file: payloadFile) {
        case .success(let value): body = value
        case .failure(let problem): return context.invalidArguments(problem.message)
        }
        let idle = sseIdleTimeout ?? sseRequestTimeout
        let checks = [
            ("--sse-request-timeout", sseRequestTimeout), ("--sse-idle-timeout", idle),
            ("--poll-timeout", pollTimeout), ("--poll-interval", pollInterval),
            ("--poll-request-timeout", pollRequestTimeout),
        ]
        for (name, value) in checks {
            if let problem = OptionProblem.check(name, value) { return context.invalidArguments(problem.message) }
        }
        let retry: RetrySchedule
        switch backoff.schedule() {
        case .success(let schedule): retry = schedule
        case .failure(let problem): return context.invalidArguments(problem.message)
        }
        let options = CreateOptions(
            baseURL: baseURL, sseEndpoint: sseEndpoint, payload: body, sseRequestTimeout: sseRequestTimeout,
            sseIdleTimeout: idle,
            polling: PollSettings(interval: pollInterval, timeout: pollTimeout, requestTimeout: pollRequestTimeout),
            retry: retry)
        let http = PlatformHTTP(apiKey: key, streamIdleTimeout: idle, requestTimeout: pollRequestTimeout)
        let code = await GenerationRunner(http: http, sink: context.sink).create(options)
        await http.shutdown()
        return code
    }
}
