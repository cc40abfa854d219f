import ArgumentParser
import SkillsCore

/// `credits`: reads the account balance with `GET /credits`.
struct CreditsCommand: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(commandName: "credits", abstract: "Show the credit balance.")

    @Option(name: .customLong("base-url"), help: "API base URL.") var baseURL = PlatformURL.defaultBase
    @Option(help: "Credits endpoint path.") var creditsEndpoint = "/credits"
    @Option(help: "Seconds allowed for the request.") var requestTimeout: Double = 20

    func run(_ context: CLIContext) async -> Int32 {
        guard let key = context.apiKey else { return context.missingKey() }
        if let problem = OptionProblem.check("--request-timeout", requestTimeout) {
            return context.invalidArguments(problem.message)
        }
        let url = PlatformURL.join(base: baseURL, endpoint: creditsEndpoint)
        let http = PlatformHTTP(apiKey: key, streamIdleTimeout: requestTimeout, requestTimeout: requestTimeout)
        let result = await http.get(url: url, timeout: requestTimeout)
        await http.shutdown()
        let reporter = RunReporter(sink: context.sink)
        switch result {
        case .success(let answer) where answer.isSuccess:
            context.sink.emit(
                .credits(
                    httpStatus: answer.status, balance: CreditsCommand.balance(in: answer.payload),
                    response: answer.payload))
            return 0
        case .success(let answer):
            return reporter.failure(.http(answer), generationID: nil, attempts: 1)
        case .failure(let failure):
            return reporter.failure(.network(failure), generationID: nil, attempts: 1)
        }
    }

    /// The first numeric `credits` / `balance` / `remaining_credits` value, searched depth first.
    static func balance(in payload: JSONValue?) -> JSONValue? {
        guard let payload else { return nil }
        let keys = ["credits", "balance", "remaining_credits", "remainingCredits", "available"]
        switch payload {
        case .object(let members):
            for key in keys {
                if let value = members.first(where: { $0.0 == key })?.1, value.numberValue != nil { return value }
            }
            for (_, child) in members { if let found = balance(in: child) { return found } }
            return nil
        case .array(let items):
            for item in items { if let found = balance(in: item) { return found } }
            return nil
        default:
            return nil
        }
    }
}
