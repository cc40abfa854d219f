/// Why `inspect` could not answer; every message names the culprit (file, endpoint or reference).
public enum InspectorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file does not exist or cannot be read.
    case fileNotFound(String)
    /// The file is not valid JSON (file, parser reason).
    case invalidJSON(file: String, reason: String)
    /// The file is JSON but not the expected document (file, detail).
    case invalidDocument(file: String, detail: String)
    /// No operation for this method and path (either spelling).
    case endpointNotFound(method: String, path: String)
    /// A `$ref` that names no schema.
    case schemaNotFound(ref: String)
    /// `--list-endpoints` was asked without a docs.json.
    case docsRequired
    /// Neither an endpoint nor `--list-endpoints` was asked for.
    case nothingToInspect

    /// The message, naming the culprit.
    public var description: String {
        switch self {
        case .fileNotFound(let file): return "File not found: \(file)"
        case .invalidJSON(let file, let reason): return "Invalid JSON in \(file): \(reason)"
        case .invalidDocument(let file, let detail): return "Invalid document \(file): \(detail)"
        case .endpointNotFound(let method, let path): return "Endpoint not found in OpenAPI: \(method) \(path)"
        case .schemaNotFound(let ref): return "Schema not found for ref: \(ref)"
        case .docsRequired: return "--list-endpoints requires --docs <path/to/docs.json>"
        case .nothingToInspect: return "Provide --endpoint or use --list-endpoints only"
        }
    }

    /// The inspector's view of a fixture loading error.
    public init(_ error: PlatformLoadError) {
        switch error.code {
        case .fileNotFound: self = .fileNotFound(error.file)
        case .invalidJSON(let reason): self = .invalidJSON(file: error.file, reason: reason)
        case .invalidDocument(let detail): self = .invalidDocument(file: error.file, detail: detail)
        }
    }
}
