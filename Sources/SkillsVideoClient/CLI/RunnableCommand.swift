/// A parsed subcommand that can run with an explicit environment and output.
protocol RunnableCommand {
    /// Runs the command and returns the process exit code.
    func run(_ context: CLIContext) async -> Int32
}
