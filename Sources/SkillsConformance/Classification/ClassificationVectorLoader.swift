import SkillsCore
import SkillsScenario
import Yams

/// Strict loading of `classification.yaml`: a `vectors:` list of {status, body, category, note}.
enum ClassificationVectorLoader {
    static let keys = ["vectors"]
    static let vectorKeys = ["status", "body", "category", "note"]

    /// The file's name inside a fixtures directory.
    static let fileName = "classification.yaml"

    /// Loads a vectors file.
    static func load(file: String) throws(InputFailure) -> ClassificationVectors {
        try parse(yaml: InputFile.text(of: file), file: file)
    }

    /// Parses vectors text; `file` names it in messages.
    static func parse(yaml: String, file: String) throws(InputFailure) -> ClassificationVectors {
        let document = try InputFile.root(of: yaml, file: file, expected: "classification vectors")
        var reader = document.reader
        guard let top = reader.fields(document.root, .root, allowed: keys, expected: "a mapping with the key vectors")
        else {
            throw InputFailure(reader.problemsInDocumentOrder)
        }
        var vectors: [ClassificationVector] = []
        if let node = top["vectors"] {
            let path = NodePath.root.appending("vectors")
            for (index, item) in (reader.list(node, path, expected: "a list of {status, body, category}") ?? [])
                .enumerated()
            {
                if let vector = vector(item, path.appending(index), reader: &reader) { vectors.append(vector) }
            }
            if vectors.isEmpty, reader.problems.isEmpty {
                reader.report(node, path, "is empty (expected at least one vector)")
            }
        } else {
            reader.missing(top, "vectors", expected: "a list of {status, body, category}")
        }
        guard reader.problems.isEmpty else { throw InputFailure(reader.problemsInDocumentOrder) }
        return ClassificationVectors(vectors: vectors, source: file)
    }

    static func vector(_ node: Node, _ path: NodePath, reader: inout NodeReader) -> ClassificationVector? {
        guard
            let fields = reader.fields(node, path, allowed: vectorKeys, expected: "a mapping {status, body, category}")
        else { return nil }
        let status = fields["status"].flatMap { self.status($0, path.appending("status"), reader: &reader) }
        let body = fields["body"].flatMap {
            reader.string(
                $0, path.appending("body"), expected: "the raw body as a string ('' when empty)", allowNumbers: true,
                allowEmpty: true)
        }
        let category = fields["category"].flatMap { self.category($0, path.appending("category"), reader: &reader) }
        let note = fields["note"].flatMap {
            reader.string($0, path.appending("note"), expected: "a note", allowNumbers: true)
        }
        if !fields.has("status") { reader.missing(fields, "status", expected: "an HTTP status") }
        if !fields.has("body") { reader.missing(fields, "body", expected: "the raw body ('' when empty)") }
        if !fields.has("category") { reader.missing(fields, "category", expected: "the seed's category") }
        guard let status, let body, let category else { return nil }
        return ClassificationVector(status: status, body: body, category: category, note: note, line: node.mark?.line)
    }

    /// An HTTP status, 100-599.
    static func status(_ node: Node, _ path: NodePath, reader: inout NodeReader) -> Int? {
        guard let text = reader.string(node, path, expected: "an HTTP status (100-599)", allowNumbers: true) else {
            return nil
        }
        guard let status = Int(text), (100...599).contains(status) else {
            reader.report(node, path, "'\(text)' is not an HTTP status (expected 100-599)")
            return nil
        }
        return status
    }

    /// One of the seed's categories.
    static func category(_ node: Node, _ path: NodePath, reader: inout NodeReader) -> String? {
        let names = ErrorCategory.allCases.map(\.rawValue).joined(separator: ", ")
        guard let text = reader.string(node, path, expected: "a category: \(names)") else { return nil }
        guard ErrorCategory(rawValue: text) != nil else {
            reader.report(node, path, "unknown category '\(text)' (expected one of: \(names))")
            return nil
        }
        return text
    }
}
