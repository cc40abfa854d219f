/// The seed's error categories, with their exit codes.
public enum ErrorCategory: String, Sendable, CaseIterable, Codable {
    case insufficientCredits = "insufficient_credits"
    case auth
    case validation
    case notFound = "not_found"
    case transient
    case unknown

    /// The exit code the seed's scripts use for this category.
    public var exitCode: Int32 {
        switch self {
        case .insufficientCredits: return 20
        case .auth: return 21
        case .validation: return 22
        case .notFound: return 23
        case .transient: return 24
        case .unknown: return 25
        }
    }

    /// Human guidance lines, as the seed prints them.
    public var guidance: [String] {
        switch self {
        case .insufficientCredits:
            return [
                "Credits are insufficient for this request.",
                "Open https://skills.video/dashboard and go to Billing/Credits to recharge.",
                "After recharge, retry the same request.",
            ]
        case .auth:
            return ["Authentication failed.", "Verify SKILLS_VIDEO_API_KEY and retry."]
        case .validation:
            return ["Request payload validation failed.", "Fix request parameters based on OpenAPI schema and retry."]
        case .notFound:
            return ["Resource or endpoint was not found.", "Recheck endpoint path/model id and generation id."]
        case .transient:
            return ["Transient server or rate-limit error.", "Retry with bounded exponential backoff."]
        case .unknown:
            return ["Unhandled runtime error.", "Inspect response payload and apply a safe fallback path."]
        }
    }

    /// Whether a retry may help.
    public var shouldRetry: Bool { self == .transient }
}

/// The seed's classification table (rule CLASS-1), as a pure function.
public enum ErrorClassifier {
    /// Phrases that mean the account is out of credits (checked before the status, as the seed does).
    public static let creditKeywords = [
        "insufficient credit", "not enough credit", "insufficient balance",
        "credit balance", "top up", "recharge",
    ]

    /// The category for an HTTP status and its message text.
    public static func classify(status: Int, message: String) -> ErrorCategory {
        let lowered = message.lowercased()
        if status == 402 || creditKeywords.contains(where: { lowered.contains($0) }) { return .insufficientCredits }
        if status == 401 || lowered.contains("unauthorized") { return .auth }
        if status == 422 || lowered.contains("validation") { return .validation }
        if status == 404 { return .notFound }
        if status == 429 || status >= 500 { return .transient }
        return .unknown
    }

    /// The category for an HTTP status and raw body text (JSON or plain).
    public static func classify(status: Int, body: String) -> ErrorCategory {
        classify(status: status, message: extractMessage(JSONValue.parseOrText(body)))
    }

    /// The message of an error body: `message`, else `error.message`, else the text or the JSON itself.
    public static func extractMessage(_ payload: JSONValue?) -> String {
        guard let payload else { return "" }
        if case .string(let s) = payload { return s }
        if case .object = payload {
            if let m = payload["message"]?.stringValue { return m }
            if let nested = payload["error"], case .object = nested, let m = nested["message"]?.stringValue { return m }
        }
        return payload.jsonText
    }
}
