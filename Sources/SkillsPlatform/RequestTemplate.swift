import SkillsCore

/// A starting payload built from a request schema: required fields, then fields with defaults. Never invents fields.
public struct RequestTemplate: Sendable, Equatable {
    /// The template object (key order: required fields in `required` order, then defaulted fields in property order).
    public let value: JSONValue

    /// Builds the template of an object schema, with the seed's placeholder values.
    public init(schema: JSONValue) {
        let properties = schema["properties"]?.objectValue ?? []
        var members: [(String, JSONValue)] = []
        var used: Set<String> = []
        for name in SchemaField.requiredNames(of: schema) where !used.contains(name) {
            guard let property = properties.first(where: { $0.0 == name })?.1, case .object = property else { continue }
            members.append((name, Self.placeholder(for: name, schema: property)))
            used.insert(name)
        }
        for (name, property) in properties where !used.contains(name) {
            guard case .object = property, let value = property["default"] else { continue }
            members.append((name, value))
            used.insert(name)
        }
        value = .object(members)
    }

    /// An empty template (an endpoint without a request contract).
    public static let empty = RequestTemplate(schema: .object([]))

    /// The seed's value for a required field: default, first allowed value, else a placeholder by type.
    public static func placeholder(for name: String, schema: JSONValue) -> JSONValue {
        if let value = schema["default"] { return value }
        if let values = SchemaSummary.allowedValues(schema), let first = values.first { return first }
        switch schema["type"]?.stringValue {
        case "string":
            if schema["format"]?.stringValue == "uri" { return .string("https://example.com/\(name).png") }
            if name.contains("prompt") { return "Describe what to generate" }
            return .string("<\(name)>")
        case "integer", "number":
            return 1
        case "boolean":
            return false
        case "array":
            if schema["items"]?["format"]?.stringValue == "uri" { return ["https://example.com/input.png"] }
            return []
        case "object":
            return .object([])
        default:
            return .string("<\(name)>")
        }
    }
}
