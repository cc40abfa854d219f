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

/// Polling settings (seconds).
public struct PollSettings: Sendable, Equatable {
    /// Minimum spacing between the starts of two polls.
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

/// URL helpers shared by the commands.
public enum PlatformURL {
    /// The platform's public API base.
    public static let defaultBase = "https://open.skills.video/api/v1"

    /// `endpoint` when it is a full URL, else `base` without trailing slashes + `/endpoint`.
    public static func join(base: String, endpoint: String) -> String {
        if endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://") { return endpoint }
        var trimmed = base
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed + (endpoint.hasPrefix("/") ? endpoint : "/" + endpoint)
    }

    /// The status URL of a generation, the id percent-encoded as one path segment.
    public static func generation(base: String, id: String) -> String {
        join(base: base, endpoint: "/generation/" + encodeSegment(id))
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters.
    public static func encodeSegment(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
