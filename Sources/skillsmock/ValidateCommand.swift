import ArgumentParser
import SkillsScenario

/// `skillsmock validate PATH...`: check scenario files; exit 2 on any error.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files; exit 2 on any error.",
        discussion: "Prints each problem as FILE:LINE: key.path: message, then a summary line.")

    @Argument(help: "Scenario files or directories (searched recursively for *.yaml / *.yml).")
    var paths: [String] = []

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one scenario file or directory") }
    }

    func run() async throws {
        do {
            let scenarios = try ScenarioLoader.load(paths: paths)
            print("ok: \(scenarios.count) scenario(s) valid in \(paths.joined(separator: " "))")
        } catch {
            for problem in error.errors { print(problem.description) }
            let files = Set(error.errors.map(\.file)).count
            print("\(error.errors.count) error(s) in \(files) file(s)")
            throw ExitCode(2)
        }
    }
}
