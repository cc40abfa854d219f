import ArgumentParser

/// `skillsmock validate PATH...`: check scenario files.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "Check scenario files; exit 2 on any error.")
    @Argument var paths: [String] = []
    func run() async throws {
        print("validate: not wired yet")
    }
}
