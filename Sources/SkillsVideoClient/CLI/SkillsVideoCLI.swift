import ArgumentParser
import SkillsCore

/// The `skills-video` command line as a library call: parse, run, print JSON lines, return the exit code.
public enum SkillsVideoCLI {
    /// The environment variable holding the API key.
    public static let apiKeyVariable = "SKILLS_VIDEO_API_KEY"

    /// Runs a `skills-video` subcommand exactly as the executable would; each JSON line goes to `output`.
    public static func run(
        arguments: [String], environment: [String: String],
        output: @escaping @Sendable (String) -> Void
    ) async -> Int32 {
        var command: ParsableCommand
        do {
            command = try SkillsVideoCommand.parseAsRoot(arguments)
            if !(command is RunnableCommand) {
                // The root alone or a help request: ArgumentParser answers by throwing a clean exit.
                try command.run()
            }
        } catch {
            let code = SkillsVideoCommand.exitCode(for: error)
            let message = SkillsVideoCommand.fullMessage(for: error)
            if code == .success {
                output(message)
                return 0
            }
            EventSink(secret: apiKey(in: environment), write: output)
                .emit(.commandError(code: "invalid_arguments", message: message))
            return 1
        }
        guard let runnable = command as? RunnableCommand else {
            EventSink(secret: apiKey(in: environment), write: output)
                .emit(.commandError(code: "invalid_arguments", message: "Name a subcommand; see --help."))
            return 1
        }
        let context = CLIContext(environment: environment, output: output)
        return await runnable.run(context)
    }

    /// The trimmed API key from the environment, nil when unset or blank.
    static func apiKey(in environment: [String: String]) -> String? {
        guard let raw = environment[apiKeyVariable] else { return nil }
        let key = raw.trimmingWhitespace()
        return key.isEmpty ? nil : key
    }
}
