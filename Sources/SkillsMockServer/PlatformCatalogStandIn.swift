import SkillsCore

// Temporary stand-in with the signatures of docs/ARCHITECTURE.md, removed once SkillsPlatform lands.

/// The platform model as the server uses it.
public struct PlatformCatalog: Sendable {
    public let openAPIText: String
    public let docsText: String
    let models: Set<String>

    public init(openAPIText: String, docsText: String, models: Set<String>) {
        self.openAPIText = openAPIText
        self.docsText = docsText
        self.models = models
    }

    public func hasModel(_ model: String) -> Bool { models.contains(model) }

    public func validate(model: String, payload: JSONValue) -> PayloadValidation {
        guard hasModel(model) else { return .unknownModel }
        guard payload["prompt"]?.stringValue != nil else { return .invalid(["prompt: required string is missing"]) }
        return .ok
    }
}

/// The outcome of checking a create payload.
public enum PayloadValidation: Sendable, Equatable {
    case ok
    case unknownModel
    case invalid([String])
}
