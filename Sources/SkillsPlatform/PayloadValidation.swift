/// The verdict on a create payload for one model.
public enum PayloadValidation: Sendable, Equatable {
    /// The payload fits the model's request schema.
    case ok
    /// The catalog has no such model.
    case unknownModel
    /// The payload does not fit; each message names the field ("duration: 7 is not one of the allowed values: 5, 10").
    case invalid([String])

    /// The problems (empty unless `.invalid`).
    public var messages: [String] {
        if case .invalid(let messages) = self { return messages }
        return []
    }

    /// One line for an `ErrorResponse.message` (422): nil when there is nothing wrong.
    /// "Validation failed for kling-ai/kling-v2.6: prompt: required field is missing; duration: ..."
    public func errorMessage(model: String) -> String? {
        switch self {
        case .ok: return nil
        case .unknownModel: return "Unknown model: \(model)"
        case .invalid(let messages): return "Validation failed for \(model): " + messages.joined(separator: "; ")
        }
    }
}
