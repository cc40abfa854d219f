import Foundation
import SkillsCore

/// An OpenAPI document (3.0 / 3.1) read as JSON: paths, operations and `$ref` resolution into components.
public struct OpenAPIDocument: Sendable {
    /// The whole document.
    public let root: JSONValue
    /// Path templates in document order.
    public let pathNames: [String]
    private let operationsByPath: [String: [(String, JSONValue)]]

    /// Wraps a parsed document; `paths` must be an object when present.
    public init(json: JSONValue, file: String = "openapi.json") throws(PlatformLoadError) {
        guard case .object = json else {
            throw PlatformLoadError(file: file, code: .invalidDocument("top level is not a JSON object"))
        }
        root = json
        var names: [String] = []
        var table: [String: [(String, JSONValue)]] = [:]
        if let paths = json["paths"] {
            guard let members = paths.objectValue else {
                throw PlatformLoadError(file: file, code: .invalidDocument("`paths` is not an object"))
            }
            for (path, item) in members {
                names.append(path)
                table[path] = item.objectValue ?? []
            }
        }
        pathNames = names
        operationsByPath = table
    }

    /// Parses and wraps the text of a document read from `file`.
    public init(text: String, file: String = "openapi.json") throws(PlatformLoadError) {
        try self.init(json: FixtureFile.parse(text, file: file), file: file)
    }

    /// The operation object for `method` (any case) on the exact path template, if declared.
    public func operation(method: String, path: String) -> JSONValue? {
        guard let item = operationsByPath[path] else { return nil }
        let key = method.lowercased()
        guard let operation = item.first(where: { $0.0 == key })?.1, case .object = operation else { return nil }
        return operation
    }

    /// Whether the path template declares `method`.
    public func hasOperation(method: String, path: String) -> Bool {
        operation(method: method, path: path) != nil
    }

    /// Whether the path template declares `method` as a member at all (object or not), as the seed checks.
    func declares(method: String, path: String) -> Bool {
        operationsByPath[path]?.contains(where: { $0.0 == method.lowercased() }) ?? false
    }

    /// `servers[0].url`, when present.
    public var serverURL: String? {
        root["servers"]?.arrayValue?.first?["url"]?.stringValue
    }

    /// The schema named `name` under `components/schemas`.
    public func schema(named name: String) -> JSONValue? {
        guard let schema = root["components"]?["schemas"]?[name], case .object = schema else { return nil }
        return schema
    }

    /// The last component of a `$ref` ("#/components/schemas/X" → "X").
    public static func refName(_ ref: String) -> String {
        String(ref.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(ref))
    }

    /// Follows a `$ref` at the top of `schema` into `components/schemas`; inline schemas come back unnamed.
    public func resolve(_ schema: JSONValue) throws(SchemaReferenceError) -> (name: String?, schema: JSONValue) {
        guard let ref = schema["$ref"]?.stringValue else { return (nil, schema) }
        let name = Self.refName(ref)
        guard let resolved = self.schema(named: name) else { throw SchemaReferenceError(ref: ref) }
        return (name, resolved)
    }

    /// Problems of `value` against the components schema `name` (empty when it fits), each naming the field.
    public func problems(_ value: JSONValue, schemaNamed name: String) throws(SchemaReferenceError) -> [String] {
        let ref = "#/components/schemas/\(name)"
        guard schema(named: name) != nil else { throw SchemaReferenceError(ref: ref) }
        return try CompiledSchema(.object([("$ref", .string(ref))]), document: self).problems(value)
    }

    /// The string enum of a components schema (e.g. `PredictionStatus`), when every value is a string.
    public func statusValues(schemaNamed name: String) -> [String]? {
        guard let values = schema(named: name)?["enum"]?.arrayValue else { return nil }
        let strings = values.compactMap(\.stringValue)
        return strings.count == values.count ? strings : nil
    }

    /// The GET endpoint to poll a generation: the seed's preferred spellings, then any `/generation/{...}` GET.
    public var pollEndpoint: String? {
        for path in ["/generation/{id}", "/v1/generation/{request_id}", "/v1/generation/{id}"]
        where declares(method: "get", path: path) {
            return path
        }
        return pathNames.first {
            declares(method: "get", path: $0) && Self.containsTemplate(after: "/generation/", in: $0)
        }
    }

    /// The GET endpoint `/predictions/{...}/subscribe`, when the document has one.
    public var subscribeEndpoint: String? {
        pathNames.first { path in
            guard declares(method: "get", path: path), path.hasSuffix("/subscribe") else { return false }
            let head = path.dropLast("/subscribe".count)
            guard let open = head.range(of: "/predictions/{", options: .backwards) else { return false }
            let parameter = head[open.upperBound...]
            return parameter.hasSuffix("}") && parameter.count > 1 && !parameter.dropLast().contains("}")
        }
    }

    /// Whether `path` contains `prefix` directly followed by a `{name}` template parameter.
    static func containsTemplate(after prefix: String, in path: String) -> Bool {
        var search = path[...]
        while let found = search.range(of: prefix) {
            let rest = search[found.upperBound...]
            if rest.hasPrefix("{"), let close = rest.firstIndex(of: "}"),
                rest.distance(from: rest.startIndex, to: close) > 1
            {
                return true
            }
            search = search[search.index(after: found.lowerBound)...]
        }
        return false
    }
}
