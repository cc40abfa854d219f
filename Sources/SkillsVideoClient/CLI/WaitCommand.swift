import ArgumentParser
import SkillsCore

/// `wait`: polls one generation id until a terminal status, with interval and timeout.
struct WaitCommand: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait", abstract: "Poll a generation until it reaches a terminal status.")

    @Option(name: .customLong("generation-id"), help: "Generation id to poll.") var generationID: String
    @Option(name: .customLong("base-url"), help: "API base URL.") var baseURL = PlatformURL.defaultBase
    @Option(help: "Seconds between a poll answer and the next poll.") var interval: Double = 3
    @Option(help: "Total wait timeout, seconds.") var timeout: Double = 600
    @Option(help: "Seconds allowed for one poll request.") var requestTimeout: Double = 20
    @OptionGroup var backoff: BackoffOptions

    func run(_ context: CLIContext) async -> Int32 {
        guard let key = context.apiKey else { return context.missingKey(action: "polling generation status") }
        if let problem = OptionProblem.check("--interval", interval) {
            return context.invalidArguments(problem.message, code: "invalid_interval")
        }
        if let problem = OptionProblem.check("--timeout", timeout) {
            return context.invalidArguments(problem.message, code: "invalid_timeout")
        }
        if let problem = OptionProblem.check("--request-timeout", requestTimeout) {
            return context.invalidArguments(problem.message)
        }
        let retry: RetrySchedule
        switch backoff.schedule() {
        case .success(let schedule): retry = schedule
        case .failure(let problem): return context.invalidArguments(problem.message)
        }
        let http = PlatformHTTP(apiKey: key, streamIdleTimeout: requestTimeout, requestTimeout: requestTimeout)
        let code = await GenerationRunner(http: http, sink: context.sink).wait(
            generationID: generationID, baseURL: baseURL,
            settings: PollSettings(interval: interval, timeout: timeout, requestTimeout: requestTimeout), retry: retry)
        await http.shutdown()
        return code
    }
}
