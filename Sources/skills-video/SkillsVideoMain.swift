import Foundation
import SkillsVideoClient

/// `skills-video`: thin entry point over `SkillsVideoCLI`, with the real environment and stdout.
@main
enum SkillsVideoMain {
    static func main() async {
        let code = await SkillsVideoCLI.run(
            arguments: Array(CommandLine.arguments.dropFirst()),
            environment: ProcessInfo.processInfo.environment,
            output: { line in
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            })
        exit(code)
    }
}
