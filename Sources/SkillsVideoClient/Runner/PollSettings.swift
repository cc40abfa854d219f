/// Polling settings (seconds).
public struct PollSettings: Sendable, Equatable {
    /// Minimum time between a poll answer and the next poll.
    public var interval: Double
    /// Total time allowed for polling before a `timeout` outcome.
    public var timeout: Double
    /// Time allowed for one poll request.
    public var requestTimeout: Double

    /// Creates settings with the seed's defaults (3 s, 900 s, 20 s).
    public init(interval: Double = 3, timeout: Double = 900, requestTimeout: Double = 20) {
        self.interval = interval
        self.timeout = timeout
        self.requestTimeout = requestTimeout
    }
}
