import SkillsCore

/// One property of a request schema, as the inspector reports it.
public struct SchemaField: Sendable, Equatable {
    /// Property name.
    public let name: String
    /// Whether the schema's `required` list names it.
    public let required: Bool
    /// Type label (see `SchemaSummary.typeLabel`).
    public let type: String
    /// The property's description, when it has one.
    public let description: String?
    /// The declared default (`.null` when the default is JSON null); nil when none is declared.
    public let defaultValue: JSONValue?
    /// Allowed values (enum or const branches), when constrained.
    public let allowedValues: [JSONValue]?
    /// The property schema itself.
    public let schema: JSONValue

    /// Summarises the property `name` with schema `schema`.
    public init(name: String, schema: JSONValue, required: Bool) {
        self.name = name
        self.required = required
        self.schema = schema
        type = SchemaSummary.typeLabel(schema)
        description = schema["description"]?.stringValue
        defaultValue = schema["default"]
        let allowed = SchemaSummary.allowedValues(schema)
        allowedValues = allowed?.isEmpty == true ? nil : allowed
    }

    /// The field as a JSON row: `name`, `required`, `type`, then `description`, `default`, `allowed_values` when known.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("name", .string(name)), ("required", .bool(required)), ("type", .string(type)),
        ]
        if let description { members.append(("description", .string(description))) }
        if let defaultValue { members.append(("default", defaultValue)) }
        if let allowedValues { members.append(("allowed_values", .array(allowedValues))) }
        return .object(members)
    }

    /// The fields of an object schema, in property order; non-object properties are skipped.
    public static func fields(of schema: JSONValue) -> [SchemaField] {
        let required = Set(requiredNames(of: schema))
        return (schema["properties"]?.objectValue ?? []).compactMap { name, property in
            guard case .object = property else { return nil }
            return SchemaField(name: name, schema: property, required: required.contains(name))
        }
    }

    /// The schema's `required` names (strings only), in order.
    public static func requiredNames(of schema: JSONValue) -> [String] {
        schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}
