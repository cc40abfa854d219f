/// What the runner tells the client for this scenario (all durations unscaled).
public struct ClientSettings: Sendable, Equatable {
    /// Gap between poll starts, or nil for the runner's default.
    public var pollIntervalMs: Double?
    /// How long the client may poll, or nil for the runner's default.
    public var pollTimeoutMs: Double?
    /// Stream silence after which the client falls back to polling, or nil for the runner's default.
    public var sseIdleTimeoutMs: Double?
    /// Run the client with no API key at all.
    public var apiKeyAbsent: Bool
    /// How long the client waits for one answer (create head or poll), when the scenario depends on it.
    public var requestTimeoutMs: Double?

    /// Settings with every timing left to the runner unless given.
    public init(
        pollIntervalMs: Double? = nil, pollTimeoutMs: Double? = nil, sseIdleTimeoutMs: Double? = nil,
        apiKeyAbsent: Bool = false, requestTimeoutMs: Double? = nil
    ) {
        self.pollIntervalMs = pollIntervalMs
        self.pollTimeoutMs = pollTimeoutMs
        self.sseIdleTimeoutMs = sseIdleTimeoutMs
        self.apiKeyAbsent = apiKeyAbsent
        self.requestTimeoutMs = requestTimeoutMs
    }
}
