import SkillsCore

/// Everything `create` needs besides the key. Durations in seconds.
public struct CreateOptions: Sendable, Equatable {
    /// The API base, e.g. `https://open.skills.video/api/v1`.
    public var baseURL: String
    /// The SSE create endpoint: a path under the base, or a full URL.
    public var sseEndpoint: String
    /// The JSON object sent as the create payload.
    public var payload: JSONValue
    /// How long to wait for the create answer's head.
    public var sseRequestTimeout: Double
    /// How long the stream may stay silent (no bytes, comments included) before polling takes over.
    public var sseIdleTimeout: Double
    /// Polling settings for the fallback.
    public var polling: PollSettings
    /// Backoff for transient create failures.
    public var retry: RetrySchedule

    /// Creates options.
    public init(
        baseURL: String, sseEndpoint: String, payload: JSONValue, sseRequestTimeout: Double = 120,
        sseIdleTimeout: Double = 120, polling: PollSettings = PollSettings(),
        retry: RetrySchedule = .standard
    ) {
        self.baseURL = baseURL
        self.sseEndpoint = sseEndpoint
        self.payload = payload
        self.sseRequestTimeout = sseRequestTimeout
        self.sseIdleTimeout = sseIdleTimeout
        self.polling = polling
        self.retry = retry
    }

    /// The create URL: the endpoint when it is a full URL, else base + endpoint (seed semantics).
    public var sseURL: String { PlatformURL.join(base: baseURL, endpoint: sseEndpoint) }
}
