/// The options of one `inspect` invocation (the seed script's flags).
public struct InspectRequest: Sendable, Equatable {
    /// `--openapi`: path to the OpenAPI JSON.
    public var openAPIPath: String
    /// `--docs`: path to docs.json (needed by `--list-endpoints`).
    public var docsPath: String?
    /// `--category`: which docs group to list.
    public var category: EndpointCategory
    /// `--list-endpoints`.
    public var listEndpoints: Bool
    /// `--endpoint`: "POST /generation/..." or a bare path.
    public var endpoint: String?
    /// `--include-template`.
    public var includeTemplate: Bool

    /// Creates a request; defaults match the seed script (category `videos`, no list, no template).
    public init(
        openAPIPath: String, docsPath: String? = nil, category: EndpointCategory = .videos, listEndpoints: Bool = false,
        endpoint: String? = nil, includeTemplate: Bool = false
    ) {
        self.openAPIPath = openAPIPath
        self.docsPath = docsPath
        self.category = category
        self.listEndpoints = listEndpoints
        self.endpoint = endpoint
        self.includeTemplate = includeTemplate
    }
}
