import Foundation
import SkillsScenario
import Yams

/// Reading a profile or baseline: the file's text, then its YAML root and the strict reader scenarios use.
enum InputFile {
    /// The file's UTF-8 text.
    static func text(of file: String) throws(InputFailure) -> String {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw InputFailure([
                InputError(file: file, line: nil, keyPath: "", message: "cannot read the file (missing or unreadable)")
            ])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputFailure([InputError(file: file, line: nil, keyPath: "", message: "the file is not UTF-8 text")])
        }
        return text
    }

    /// The document's root and a reader that knows its duplicate keys; invalid YAML or no document is thrown.
    static func root(of yaml: String, file: String, expected: String) throws(InputFailure) -> (
        root: Node, reader: NodeReader
    ) {
        switch YAMLDocument.compose(yaml, file: file) {
        case .failure(let problem):
            throw InputFailure([problem])
        case .success(let document):
            guard let root = document.root else {
                throw InputFailure([
                    InputError(
                        file: file, line: 1, keyPath: "", message: "the file holds no document (expected \(expected))")
                ])
            }
            return (root, NodeReader(file: file, document: document))
        }
    }
}
