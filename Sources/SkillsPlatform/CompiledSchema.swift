import SkillsCore

/// A JSON Schema subset compiled once for fast payload checks: `type`, `enum`, `const`, `format: uri`,
/// numeric and length bounds, `items`, `properties`, `required`, `additionalProperties`,
/// `allOf` / `anyOf` / `oneOf`, `nullable`, with `$ref` resolved into `components/schemas` at compile time.
final class CompiledSchema: Sendable {
    let types: Set<String>?
    let allowed: [JSONValue]?
    let constant: JSONValue?
    let isURI: Bool
    let minimum: Double?
    let maximum: Double?
    let exclusiveMinimum: Double?
    let exclusiveMaximum: Double?
    let minLength: Int?
    let maxLength: Int?
    let minItems: Int?
    let maxItems: Int?
    let items: CompiledSchema?
    let properties: [String: CompiledSchema]
    let propertyNames: [String]
    let required: [String]
    let closed: Bool
    let additional: CompiledSchema?
    let allOf: [CompiledSchema]
    let anyOf: [CompiledSchema]
    let oneOf: [CompiledSchema]

    /// Compiles `schema`; `$ref`s resolve through `document` (depth-limited so cycles end).
    init(_ schema: JSONValue, document: OpenAPIDocument, depth: Int = 0) throws(SchemaReferenceError) {
        var schema = schema
        var hops = 0
        while schema["$ref"]?.stringValue != nil, hops < 32 {
            schema = try document.resolve(schema).schema
            hops += 1
        }
        let next = depth + 1
        let canNest = next < 64
        func compile(_ child: JSONValue?) throws(SchemaReferenceError) -> CompiledSchema? {
            guard canNest, let child, case .object = child else { return nil }
            return try CompiledSchema(child, document: document, depth: next)
        }
        func compileAll(_ key: String) throws(SchemaReferenceError) -> [CompiledSchema] {
            var out: [CompiledSchema] = []
            for branch in schema[key]?.arrayValue ?? [] {
                if let compiled = try compile(branch) { out.append(compiled) }
            }
            return out
        }

        var types: Set<String>?
        switch schema["type"] {
        case .string(let type)?: types = [type]
        case .array(let list)?: types = Set(list.compactMap(\.stringValue))
        default: types = nil
        }
        if schema["nullable"]?.boolValue == true { types?.insert("null") }
        self.types = types
        allowed = schema["enum"]?.arrayValue
        constant = schema["const"]
        isURI = schema["format"]?.stringValue == "uri"
        minimum = schema["minimum"]?.numberValue
        maximum = schema["maximum"]?.numberValue
        exclusiveMinimum = schema["exclusiveMinimum"]?.numberValue
        exclusiveMaximum = schema["exclusiveMaximum"]?.numberValue
        minLength = schema["minLength"]?.intValue
        maxLength = schema["maxLength"]?.intValue
        minItems = schema["minItems"]?.intValue
        maxItems = schema["maxItems"]?.intValue
        items = try compile(schema["items"])
        var properties: [String: CompiledSchema] = [:]
        var names: [String] = []
        for (name, property) in schema["properties"]?.objectValue ?? [] {
            if let compiled = try compile(property) {
                properties[name] = compiled
                names.append(name)
            }
        }
        self.properties = properties
        propertyNames = names.sorted()
        required = SchemaField.requiredNames(of: schema)
        closed = schema["additionalProperties"]?.boolValue == false
        additional = try compile(schema["additionalProperties"])
        allOf = try compileAll("allOf")
        anyOf = try compileAll("anyOf")
        oneOf = try compileAll("oneOf")
    }

    /// Problems of `value` at `location` ("" for the payload itself; empty when it fits), each naming the field.
    func problems(_ value: JSONValue, at location: String = "") -> [String] {
        var out: [String] = []
        check(value, at: location, into: &out)
        return out
    }

    private func check(_ value: JSONValue, at location: String, into out: inout [String]) {
        let path = location.isEmpty ? "payload" : location
        if let types, !types.contains(where: { Self.matches(value, type: $0) }) {
            out.append(
                "\(path): expected \(types.sorted().joined(separator: " or ")), got \(SchemaSummary.jsonTypeName(value))"
            )
            return
        }
        if let allowed, !allowed.contains(value) {
            let list = allowed.map(\.jsonText).joined(separator: ", ")
            out.append("\(path): \(Self.show(value)) is not one of the allowed values: \(list)")
            return
        }
        if let constant, constant != value {
            out.append("\(path): must be \(constant.jsonText), got \(Self.show(value))")
            return
        }
        switch value {
        case .number(let number): checkNumber(number, at: path, into: &out)
        case .string(let text): checkString(text, at: path, into: &out)
        case .array(let elements): checkArray(elements, at: path, into: &out)
        case .object(let members): checkObject(members, at: location, into: &out)
        default: break
        }
        checkCombinators(value, at: location, into: &out)
    }

    private func checkNumber(_ number: Double, at path: String, into out: inout [String]) {
        let shown = JSONValue.number(number).jsonText
        if let minimum, number < minimum {
            out.append("\(path): \(shown) is below the minimum \(JSONValue.number(minimum).jsonText)")
        }
        if let maximum, number > maximum {
            out.append("\(path): \(shown) is above the maximum \(JSONValue.number(maximum).jsonText)")
        }
        if let exclusiveMinimum, number <= exclusiveMinimum {
            out.append("\(path): \(shown) must be greater than \(JSONValue.number(exclusiveMinimum).jsonText)")
        }
        if let exclusiveMaximum, number >= exclusiveMaximum {
            out.append("\(path): \(shown) must be less than \(JSONValue.number(exclusiveMaximum).jsonText)")
        }
    }

    private func checkString(_ text: String, at path: String, into out: inout [String]) {
        if minLength != nil || maxLength != nil {
            let length = text.unicodeScalars.count
            if let minLength, length < minLength {
                out.append(
                    minLength == 1 ? "\(path): must not be empty" : "\(path): shorter than \(minLength) characters")
            }
            if let maxLength, length > maxLength {
                out.append("\(path): longer than \(maxLength) characters (\(length))")
            }
        }
        if isURI, !Self.looksLikeURI(text) {
            out.append("\(path): \(Self.show(.string(text))) is not an absolute URI (e.g. https://...)")
        }
    }

    private func checkArray(_ elements: [JSONValue], at path: String, into out: inout [String]) {
        if let minItems, elements.count < minItems {
            out.append("\(path): needs at least \(minItems) item\(minItems == 1 ? "" : "s"), got \(elements.count)")
        }
        if let maxItems, elements.count > maxItems {
            out.append("\(path): allows at most \(maxItems) item\(maxItems == 1 ? "" : "s"), got \(elements.count)")
        }
        if let items {
            for (index, element) in elements.enumerated() {
                items.check(element, at: "\(path)[\(index)]", into: &out)
            }
        }
    }

    private func checkObject(_ members: [(String, JSONValue)], at path: String, into out: inout [String]) {
        let prefix = path.isEmpty ? "" : path + "."
        for name in required where !members.contains(where: { $0.0 == name }) {
            out.append("\(prefix)\(name): required field is missing")
        }
        for (name, member) in members {
            if let property = properties[name] {
                property.check(member, at: prefix + name, into: &out)
            } else if let additional {
                additional.check(member, at: prefix + name, into: &out)
            } else if closed {
                let known = propertyNames.isEmpty ? "none" : propertyNames.joined(separator: ", ")
                out.append("\(prefix)\(name): unknown field (allowed fields: \(known))")
            }
        }
    }

    private func checkCombinators(_ value: JSONValue, at location: String, into out: inout [String]) {
        for branch in allOf { branch.check(value, at: location, into: &out) }
        let path = location.isEmpty ? "payload" : location
        if !anyOf.isEmpty, !anyOf.contains(where: { $0.problems(value, at: location).isEmpty }) {
            out.append("\(path): \(Self.show(value)) matches none of the allowed variants\(Self.constList(anyOf))")
        }
        if !oneOf.isEmpty {
            let matching = oneOf.filter { $0.problems(value, at: location).isEmpty }.count
            if matching != 1 {
                let reason =
                    matching == 0
                    ? "matches none of the allowed variants" : "matches \(matching) variants, expected exactly one"
                out.append("\(path): \(Self.show(value)) \(reason)\(Self.constList(oneOf))")
            }
        }
    }

    static func constList(_ branches: [CompiledSchema]) -> String {
        let consts = branches.compactMap(\.constant)
        return consts.isEmpty ? "" : ": " + consts.map(\.jsonText).joined(separator: ", ")
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array),
            ("object", .object):
            return true
        case ("integer", .number(let number)):
            return number.rounded() == number && number.isFinite
        default:
            return false
        }
    }

    /// An absolute URI: a scheme (letter, then letters, digits, `+`, `-`, `.`), a colon, and something after it.
    static func looksLikeURI(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return false }
        let scheme = text[..<colon].unicodeScalars
        guard let first = scheme.first, first.isASCIILetter else { return false }
        let ok = scheme.allSatisfy {
            $0.isASCIILetter || ("0"..."9").contains($0) || $0 == "+" || $0 == "-" || $0 == "."
        }
        let rest = text[text.index(after: colon)...]
        return ok && !rest.isEmpty && !rest.contains(" ")
    }

    /// A short rendering of a value for messages.
    static func show(_ value: JSONValue) -> String {
        let text = value.jsonText
        return text.count > 60 ? String(text.prefix(57)) + "..." : text
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
