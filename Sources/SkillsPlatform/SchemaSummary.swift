import SkillsCore

/// The seed's way of summarising a property schema: a type label and its allowed values.
public enum SchemaSummary {
    /// Allowed values: `enum`, else the `const` values of `anyOf` / `oneOf` branches; nil when unconstrained.
    public static func allowedValues(_ schema: JSONValue) -> [JSONValue]? {
        if let values = schema["enum"]?.arrayValue { return values }
        for key in ["anyOf", "oneOf"] {
            guard let branches = schema[key]?.arrayValue else { continue }
            let consts = branches.compactMap { branch -> JSONValue? in
                guard case .object = branch else { return nil }
                return branch["const"]
            }
            if !consts.isEmpty { return consts }
        }
        return nil
    }

    /// A type label: the `$ref` name, `array<item>`, the `type`, or the variants of `anyOf` / `oneOf` joined by " | ".
    public static func typeLabel(_ schema: JSONValue) -> String {
        if let ref = schema["$ref"]?.stringValue { return OpenAPIDocument.refName(ref) }
        switch schema["type"] {
        case .string("array")?:
            let items = schema["items"].flatMap { $0.objectValue != nil ? $0 : nil } ?? .object([])
            return "array<\(typeLabel(items))>"
        case .string(let type)?:
            return type
        case .array(let types)?:
            let names = unique(types.compactMap(\.stringValue))
            if !names.isEmpty { return names.joined(separator: " | ") }
        default:
            break
        }
        for key in ["anyOf", "oneOf"] {
            guard let branches = schema[key]?.arrayValue else { continue }
            var variants: [String] = []
            for branch in branches {
                guard case .object = branch else { continue }
                if let constant = branch["const"] {
                    variants.append(jsonTypeName(constant))
                } else if let ref = branch["$ref"]?.stringValue {
                    variants.append(OpenAPIDocument.refName(ref))
                } else if let type = branch["type"]?.stringValue {
                    variants.append(type)
                }
            }
            if !variants.isEmpty { return unique(variants).joined(separator: " | ") }
        }
        return "object"
    }

    /// The JSON Schema type name of a value ("integer" for whole numbers).
    public static func jsonTypeName(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return value.intValue != nil ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    static func unique(_ items: [String]) -> [String] {
        var seen: Set<String> = []
        return items.filter { seen.insert($0).inserted }
    }
}
