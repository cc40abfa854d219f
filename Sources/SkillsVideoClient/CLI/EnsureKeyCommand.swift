import ArgumentParser
import SkillsCore

/// `ensure-key`: checks `SKILLS_VIDEO_API_KEY` and prints setup guidance when it is missing.
struct EnsureKeyCommand: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ensure-key", abstract: "Check SKILLS_VIDEO_API_KEY and print setup guidance when missing.")

    func run(_ context: CLIContext) async -> Int32 {
        let variable = JSONValue.string(SkillsVideoCLI.apiKeyVariable)
        if context.apiKey != nil {
            context.sink.document(["ok": true, "env_var": variable, "message": "API key detected."])
            return 0
        }
        context.sink.document([
            "ok": false,
            "env_var": variable,
            "message": "Missing API key. Configure it before calling skills.video APIs.",
            "dashboard_url": "https://skills.video/dashboard/developer",
            "how_to_get_key": ["Sign in at the dashboard URL.", "Click 'Create API Key'.", "Copy the generated key."],
            "set_env_examples": [
                "export SKILLS_VIDEO_API_KEY=\"<YOUR_API_KEY>\"",
                "echo 'export SKILLS_VIDEO_API_KEY=\"<YOUR_API_KEY>\"' >> ~/.zshrc && source ~/.zshrc",
            ],
        ])
        return 1
    }
}
