import SkillsCore

/// Why one platform call (create or poll) did not give a usable answer.
public enum CallFailure: Error, Sendable, Equatable {
    /// The server answered with a non-2xx status.
    case http(HTTPAnswer)
    /// No usable answer at all: refused, reset, closed, timed out.
    case network(NetworkFailure)
    /// The answer broke the protocol (no generation id...); `transient` when repeating the call may help.
    case protocolViolation(String, transient: Bool)

    /// The seed's category for this failure; network trouble counts as `transient`.
    public var category: ErrorCategory {
        switch self {
        case .http(let answer): return answer.category
        case .network: return .transient
        case .protocolViolation(_, let transient): return transient ? .transient : .unknown
        }
    }

    /// Whether the same call may be repeated.
    public var isTransient: Bool { category == .transient }

    /// The `Retry-After` seconds of an HTTP answer.
    public var retryAfterSeconds: Double? {
        if case .http(let answer) = self { return answer.retryAfterSeconds }
        return nil
    }

    /// The HTTP status, when there was an answer.
    public var httpStatus: Int? {
        if case .http(let answer) = self { return answer.status }
        return nil
    }

    /// A one-line account of the failure.
    public var message: String {
        switch self {
        case .http(let answer):
            let text = answer.message
            return text.isEmpty ? "HTTP \(answer.status)" : text
        case .network(let failure): return failure.description
        case .protocolViolation(let text, _): return text
        }
    }

    /// A short machine-readable reason for `retry` and `poll_error` events.
    public var reason: String {
        switch self {
        case .http(let answer): return "http_\(answer.status)"
        case .network(let failure): return failure.reason.rawValue
        case .protocolViolation: return "protocol"
        }
    }
}
