import ArgumentParser

/// `skillsmock serve`: run the fake server.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the fake server.")
    func run() async throws {
        print("serve: not wired yet")
    }
}
