import Foundation
import Yams

/// Strict reading of a small YAML document with positioned errors (shared by profiles and baselines).
struct YAMLReader {
    let file: String
    private(set) var errors: [InputError] = []

    init(file: String) { self.file = file }

    /// The root node of `text`, or nil after recording why not.
    mutating func root(_ text: String) -> Node? {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                fail(nil, "", "empty document (expected a mapping)")
                return nil
            }
            return node
        } catch let error as YamlError {
            fail(atLine: YAMLReader.line(of: error), "", "invalid YAML: \(YAMLReader.problem(of: error))")
            return nil
        } catch {
            fail(nil, "", "invalid YAML: \(error)")
            return nil
        }
    }

    /// Reads the file as UTF-8 text, or nil after recording why not.
    mutating func text(ofFile path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else {
            fail(nil, "", "cannot read the file (missing or unreadable)")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            fail(nil, "", "the file is not UTF-8 text")
            return nil
        }
        return text
    }

    mutating func fail(_ node: Node?, _ path: String, _ message: String) {
        fail(atLine: node?.mark?.line, path, message)
    }

    mutating func fail(atLine line: Int?, _ path: String, _ message: String) {
        errors.append(InputError(file: file, line: line, keyPath: path, message: message))
    }

    /// The mapping's pairs with string keys; records non-mappings and keys outside `allowed`.
    mutating func mapping(_ node: Node, _ path: String, allowed: [String]) -> [(String, Node)]? {
        guard case .mapping(let mapping) = node else {
            fail(node, path, "expected a mapping, found \(YAMLReader.kind(node))")
            return nil
        }
        var pairs: [(String, Node)] = []
        var seen = Set<String>()
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                fail(keyNode, path, "keys must be strings")
                continue
            }
            let key = scalar.string
            let keyPath = path.isEmpty ? key : path + "." + key
            if !allowed.contains(key) {
                fail(keyNode, keyPath, "unknown key (expected one of: \(allowed.joined(separator: ", ")))")
                continue
            }
            if !seen.insert(key).inserted {
                fail(keyNode, keyPath, "duplicate key")
                continue
            }
            pairs.append((key, value))
        }
        return pairs
    }

    /// A scalar's text; records anything else.
    mutating func string(_ node: Node, _ path: String) -> String? {
        guard case .scalar(let scalar) = node else {
            fail(node, path, "expected a string, found \(YAMLReader.kind(node))")
            return nil
        }
        return scalar.string
    }

    /// A sequence of scalars; records anything else.
    mutating func stringList(_ node: Node, _ path: String, nonEmpty: Bool) -> [String]? {
        guard case .sequence(let sequence) = node else {
            fail(node, path, "expected a list of strings, found \(YAMLReader.kind(node))")
            return nil
        }
        var items: [String] = []
        var ok = true
        for (index, item) in sequence.enumerated() {
            if let s = string(item, "\(path)[\(index)]") { items.append(s) } else { ok = false }
        }
        if nonEmpty, items.isEmpty, ok {
            fail(node, path, "expected at least one item")
            return nil
        }
        return ok ? items : nil
    }

    static func kind(_ node: Node) -> String {
        switch node {
        case .scalar: return "a scalar"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
        case .reader(let problem, _, _, _): return problem
        default: return "\(error)"
        }
    }
}
