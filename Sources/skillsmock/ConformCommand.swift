import ArgumentParser

/// `skillsmock conform`: run a client through every scenario and judge it.
struct ConformCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "conform", abstract: "Run a client through the scenarios and judge it by the rules.")
    func run() async throws {
        print("conform: no client yet")
    }
}
