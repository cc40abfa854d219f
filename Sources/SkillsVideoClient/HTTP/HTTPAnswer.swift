import SkillsCore

/// A complete, non-streamed HTTP answer: status, the headers the client needs, the body text.
public struct HTTPAnswer: Sendable, Equatable {
    /// The HTTP status code.
    public var status: Int
    /// The body as text (UTF-8, invalid bytes replaced).
    public var body: String
    /// The `Retry-After` header in seconds, when present and numeric.
    public var retryAfterSeconds: Double?

    /// Creates an answer.
    public init(status: Int, body: String, retryAfterSeconds: Double? = nil) {
        self.status = status
        self.body = body
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The body as JSON, or as text when it is not JSON; nil when empty.
    public var payload: JSONValue? { JSONValue.parseOrText(body) }

    /// The seed's category for a non-2xx answer.
    public var category: ErrorCategory { ErrorClassifier.classify(status: status, body: body) }

    /// The error message the body carries (`message`, `error.message`, or the text).
    public var message: String { ErrorClassifier.extractMessage(payload) }
}
