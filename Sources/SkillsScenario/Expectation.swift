/// The `expect:` block.
public struct Expectation: Sendable, Equatable {
    /// A terminal status (upper case), an error category, `timeout` or `missing_key`.
    public var outcome: String?
    /// The exit code (section 4 of the spec; must match the outcome).
    public var exit: Int?
    /// Requests to either create endpoint.
    public var creates: CountCheck?
    /// Requests to `GET /generation/{id}`.
    public var polls: CountCheck?

    /// An expectation with only the given keys.
    public init(outcome: String? = nil, exit: Int? = nil, creates: CountCheck? = nil, polls: CountCheck? = nil) {
        self.outcome = outcome
        self.exit = exit
        self.creates = creates
        self.polls = polls
    }
}
