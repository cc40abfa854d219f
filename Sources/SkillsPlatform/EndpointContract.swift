import SkillsCore

/// Everything a client needs to call one create endpoint: fields, template, twins, poll endpoint, errors.
public struct EndpointContract: Sendable {
    /// The HTTP method ("POST").
    public let method: String
    /// The path as declared in the document (the spelling that resolved).
    public let path: String
    /// The SSE create path, when the document declares one.
    public let sseCreatePath: String?
    /// The polling create path, when the document declares one.
    public let pollingCreatePath: String?
    /// The operation's summary.
    public let summary: String?
    /// `servers[0].url`.
    public let serverURL: String?
    /// The request schema's component name (nil for inline schemas or no schema).
    public let requestSchemaName: String?
    /// Whether the operation declares an `application/json` request schema at all.
    public let hasRequestContract: Bool
    /// The request schema's properties, in order.
    public let fields: [SchemaField]
    /// Required field names, in `required` order.
    public let requiredFields: [String]
    /// Documented error statuses (>= 400), ascending.
    public let errorStatusCodes: [Int]
    /// The GET endpoint to poll a generation.
    public let pollEndpoint: String?
    /// The GET `/predictions/{id}/subscribe` endpoint, if any.
    public let subscribeEndpoint: String?
    /// `PredictionStatus` enum values.
    public let predictionStatusValues: [String]?
    /// `QueueState` enum values.
    public let queueStatusValues: [String]?
    /// The request template (required fields, then defaults).
    public let template: RequestTemplate

    /// "sse" when an SSE create endpoint exists, else "polling".
    public var defaultResultMode: String { sseCreatePath != nil ? "sse" : "polling" }
    /// "METHOD path" of the endpoint that resolved.
    public var endpoint: String { "\(method) \(path)" }
    /// "METHOD path" to create with by default: SSE, else polling, else the endpoint itself.
    public var defaultCreateEndpoint: String { "\(method) \(sseCreatePath ?? pollingCreatePath ?? path)" }

    /// Resolves an endpoint ("POST /generation/...", a bare path, `/v1/...` or not) in `document`.
    public static func resolve(endpoint: String, in document: OpenAPIDocument) throws(InspectorError)
        -> EndpointContract
    {
        let (method, rawPath) = EndpointPath.parse(endpoint)
        guard
            let (path, operation) = EndpointPath.candidates(rawPath).lazy
                .compactMap({ candidate in document.operation(method: method, path: candidate).map { (candidate, $0) } }
                )
                .first
        else {
            throw .endpointNotFound(method: method, path: rawPath)
        }
        let body = operation["requestBody"]?["content"]?["application/json"]?["schema"]
        var schemaName: String?
        var schema: JSONValue = .object([])
        var hasContract = false
        if let body, case .object(let members) = body, !members.isEmpty {
            do {
                (schemaName, schema) = try document.resolve(body)
            } catch {
                throw .schemaNotFound(ref: error.ref)
            }
            hasContract = true
        }
        let codes = (operation["responses"]?.objectValue ?? []).compactMap { code, _ -> Int? in
            guard !code.isEmpty, code.allSatisfy(\.isASCIIDigit), let value = Int(code), value >= 400 else {
                return nil
            }
            return value
        }
        return EndpointContract(
            method: method, path: path,
            sseCreatePath: sseTwin(of: path, method: method, in: document),
            pollingCreatePath: pollingTwin(of: path, method: method, in: document),
            summary: operation["summary"]?.stringValue, serverURL: document.serverURL,
            requestSchemaName: schemaName, hasRequestContract: hasContract,
            fields: SchemaField.fields(of: schema), requiredFields: SchemaField.requiredNames(of: schema),
            errorStatusCodes: codes.sorted(), pollEndpoint: document.pollEndpoint,
            subscribeEndpoint: document.subscribeEndpoint,
            predictionStatusValues: document.statusValues(schemaNamed: "PredictionStatus"),
            queueStatusValues: document.statusValues(schemaNamed: "QueueState"),
            template: RequestTemplate(schema: schema))
    }

    static func sseTwin(of path: String, method: String, in document: OpenAPIDocument) -> String? {
        let candidate = EndpointPath.toSSE(path)
        if document.declares(method: method, path: candidate) { return candidate }
        if path.contains("/generation/sse/"), document.declares(method: method, path: path) { return path }
        return nil
    }

    static func pollingTwin(of path: String, method: String, in document: OpenAPIDocument) -> String? {
        let candidate = EndpointPath.toPolling(path)
        if document.declares(method: method, path: candidate) { return candidate }
        if !path.contains("/generation/sse/"), document.declares(method: method, path: path) { return path }
        return nil
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
