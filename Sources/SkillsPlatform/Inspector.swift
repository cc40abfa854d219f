import Foundation
import SkillsCore

/// The JSON outputs of `skills-video inspect`, with the seed's shape and keys, as pure functions of the documents.
public struct Inspector: Sendable {
    /// The OpenAPI document inspected.
    public let openAPI: OpenAPIDocument

    /// Inspects an already parsed document.
    public init(openAPI: OpenAPIDocument) {
        self.openAPI = openAPI
    }

    /// Reads and parses the OpenAPI file at `path`.
    public static func load(openAPIPath path: String) throws(InspectorError) -> Inspector {
        do {
            return Inspector(openAPI: try OpenAPIDocument(text: FixtureFile.readText(path), file: path))
        } catch {
            throw InspectorError(error)
        }
    }

    /// Reads and parses the docs.json file at `path`.
    public static func loadDocs(path: String) throws(InspectorError) -> DocsIndex {
        do {
            return try DocsIndex(text: FixtureFile.readText(path), file: path)
        } catch {
            throw InspectorError(error)
        }
    }

    /// The absolute, symlink-resolved form of a path (the seed's `source` value).
    public static func absolutePath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// The `--list-endpoints` output: the category's polling endpoints from docs.json, their SSE twins first.
    public func listEndpoints(docs: DocsIndex, category: EndpointCategory, source: String) -> JSONValue {
        let polling = docs.endpoints(category)
        var defaults: [String] = []
        var sse: [String] = []
        for row in polling {
            let (method, path) = EndpointPath.parse(row)
            let ssePath = EndpointPath.toSSE(path)
            if openAPI.declares(method: method, path: ssePath) {
                defaults.append("\(method) \(ssePath)")
                sse.append("\(method) \(ssePath)")
            } else {
                defaults.append("\(method) \(path)")
            }
        }
        return .object([
            ("category", .string(category.rawValue)),
            ("source", .string(source)),
            ("default_result_mode", .string(sse.isEmpty ? "polling" : "sse")),
            ("default_endpoints", Self.strings(Self.unique(defaults))),
            ("sse_endpoints", Self.strings(Self.unique(sse))),
            ("polling_endpoints", Self.strings(polling)),
            ("poll_endpoint", Self.optional(openAPI.pollEndpoint)),
        ])
    }

    /// The contract of one endpoint (either path spelling); `request_template` only when asked for.
    public func describe(endpoint: String, includeTemplate: Bool) throws(InspectorError) -> JSONValue {
        Self.render(try EndpointContract.resolve(endpoint: endpoint, in: openAPI), includeTemplate: includeTemplate)
    }

    /// A contract as the seed's per-endpoint JSON object; a missing request contract adds `"contract": "missing"`.
    public static func render(_ contract: EndpointContract, includeTemplate: Bool) -> JSONValue {
        let method = contract.method
        var members: [(String, JSONValue)] = [
            ("endpoint", .string(contract.endpoint)),
            ("default_result_mode", .string(contract.defaultResultMode)),
            ("default_create_endpoint", .string(contract.defaultCreateEndpoint)),
            ("sse_create_endpoint", optional(contract.sseCreatePath.map { "\(method) \($0)" })),
            ("polling_create_endpoint", optional(contract.pollingCreatePath.map { "\(method) \($0)" })),
            ("summary", optional(contract.summary)),
            ("server_url", optional(contract.serverURL)),
            ("request_schema", optional(contract.requestSchemaName)),
        ]
        if !contract.hasRequestContract { members.append(("contract", "missing")) }
        members += [
            ("fields", .array(contract.fields.map(\.json))),
            ("prediction_status_values", contract.predictionStatusValues.map(strings) ?? .null),
            ("queue_status_values", contract.queueStatusValues.map(strings) ?? .null),
            ("sse_subscribe_endpoint", optional(contract.subscribeEndpoint)),
            ("poll_endpoint", optional(contract.pollEndpoint)),
            ("error_status_codes", .array(contract.errorStatusCodes.map { .number(Double($0)) })),
        ]
        if includeTemplate { members.append(("request_template", contract.template.value)) }
        return .object(members)
    }

    /// Runs an `inspect` invocation as the seed's script does: the list first (when asked), then the endpoint.
    public static func run(_ request: InspectRequest) throws(InspectorError) -> [JSONValue] {
        let inspector = try load(openAPIPath: request.openAPIPath)
        var outputs: [JSONValue] = []
        if request.listEndpoints {
            guard let docsPath = request.docsPath else { throw .docsRequired }
            let docs = try loadDocs(path: docsPath)
            outputs.append(
                inspector.listEndpoints(docs: docs, category: request.category, source: absolutePath(docsPath)))
            if request.endpoint == nil { return outputs }
        }
        guard let endpoint = request.endpoint else { throw .nothingToInspect }
        outputs.append(try inspector.describe(endpoint: endpoint, includeTemplate: request.includeTemplate))
        return outputs
    }

    static func optional(_ text: String?) -> JSONValue {
        text.map(JSONValue.string) ?? .null
    }

    static func strings(_ items: [String]) -> JSONValue {
        .array(items.map(JSONValue.string))
    }

    static func unique(_ items: [String]) -> [String] {
        var seen: Set<String> = []
        return items.filter { seen.insert($0).inserted }
    }
}
