import SkillsCore

/// A response body: JSON (sent as `application/json`) or raw text.
public enum Body: Sendable, Equatable {
    case json(JSONValue)
    case text(String)
}
