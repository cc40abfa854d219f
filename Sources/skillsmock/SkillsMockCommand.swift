import ArgumentParser

/// `skillsmock`: the fake skills.video server and the conformance runner.
@main
struct SkillsMockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skillsmock",
        abstract: "A fake of open.skills.video with scripted streams and faults, and a conformance runner for its clients.",
        subcommands: [ServeCommand.self, ValidateCommand.self, ConformCommand.self]
    )
}
