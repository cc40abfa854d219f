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
}
