import ArgumentParser
import Foundation

/// `skillsmock`: the fake skills.video server and the conformance runner.
@main
struct SkillsMockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skillsmock",
        abstract:
            "A fake of open.skills.video with scripted streams and faults, and a conformance runner for its clients.",
        discussion: "Exit codes: 0 ok, 1 conformance failures, 2 bad input (scenario, profile, arguments).",
        subcommands: [
            ServeCommand.self, ValidateCommand.self, ConformCommand.self, RecordCommand.self, ChaosCommand.self,
        ]
    )

    /// Runs the chosen subcommand; bad arguments exit 2 (the product's "bad input" code) instead of 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
