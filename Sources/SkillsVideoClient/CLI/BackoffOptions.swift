import ArgumentParser

/// Backoff options shared by `create` and `wait` (seconds, decimals allowed).
struct BackoffOptions: ParsableArguments {
    @Option(help: "First retry wait after a transient failure, seconds.") var backoffBase: Double = 1
    @Option(help: "Longest retry wait, seconds (a longer Retry-After still wins).") var backoffMax: Double = 16
    @Option(help: "Attempts per call in total, the first included.") var maxAttempts: Int = 5

    /// The schedule, or a message naming the bad option.
    func schedule() -> Result<RetrySchedule, OptionProblem> {
        if let problem = OptionProblem.check("--backoff-base", backoffBase, allowZero: true)
            ?? OptionProblem.check("--backoff-max", backoffMax, allowZero: true)
        {
            return .failure(problem)
        }
        guard maxAttempts >= 1 else { return .failure(OptionProblem(message: "--max-attempts must be >= 1")) }
        return .success(RetrySchedule(baseSeconds: backoffBase, capSeconds: backoffMax, maxAttempts: maxAttempts))
    }
}
