import SkillsCore

/// What a subcommand gets from its caller instead of globals: environment and output.
struct CLIContext: Sendable {
    let environment: [String: String]
    let output: @Sendable (String) -> Void

    /// The API key, when set.
    var apiKey: String? { SkillsVideoCLI.apiKey(in: environment) }

    /// A sink that scrubs the key (when there is one).
    var sink: EventSink { EventSink(secret: apiKey, write: output) }

    /// Emits the seed's missing-key error and returns 1.
    func missingKey(action: String = "calling skills.video APIs") -> Int32 {
        sink.emit(.missingAPIKey(action: action))
        return 1
    }

    /// Emits an `invalid_arguments` error and returns 1.
    func invalidArguments(_ message: String, code: String = "invalid_arguments") -> Int32 {
        sink.emit(.commandError(code: code, message: message))
        return 1
    }
}
