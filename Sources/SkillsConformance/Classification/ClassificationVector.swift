import SkillsCore

/// One (HTTP status, raw body) → category vector of `Fixtures/classification.yaml` (SPEC 6, rule CLASS-1).
public struct ClassificationVector: Sendable, Equatable {
    public var status: Int
    /// The response body exactly as sent.
    public var body: String
    /// The seed's category for it.
    public var category: String
    /// Why the vector is there, when the file says.
    public var note: String?
    /// Line in the vectors file, for messages.
    public var line: Int?

    public init(status: Int, body: String, category: String, note: String? = nil, line: Int? = nil) {
        self.status = status
        self.body = body
        self.category = category
        self.note = note
        self.line = line
    }

    /// `402 "{\"message\": …}"` (the body JSON-quoted and cut to `maxBody` characters), for reports.
    func label(maxBody: Int = 60) -> String {
        let cut = body.count > maxBody ? String(body.prefix(maxBody - 1)) + "…" : body
        return "\(status) \(JSONValue.string(cut).jsonText)"
    }
}

/// The vectors of one file.
public struct ClassificationVectors: Sendable, Equatable {
    public var vectors: [ClassificationVector]
    /// The file, for messages and reports.
    public var source: String

    public init(vectors: [ClassificationVector], source: String = "<memory>") {
        self.vectors = vectors
        self.source = source
    }
}
