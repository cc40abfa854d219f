import ArgumentParser

/// The root command: only declares the subcommands; `SkillsVideoCLI.run` executes them.
struct SkillsVideoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skills-video",
        abstract: "Client for the skills.video open platform: SSE-first create with polling fallback.",
        subcommands: [
            EnsureKeyCommand.self, InspectCommand.self, CreateCommand.self, WaitCommand.self,
            ClassifyCommand.self, CreditsCommand.self,
        ])
}
