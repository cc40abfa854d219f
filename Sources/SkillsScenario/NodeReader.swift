import SkillsCore
import Yams

/// Reads typed values out of Yams nodes, recording a positioned problem for every mismatch.
///
/// Readers never throw: they return nil after recording the problem, so a decoder can go on and
/// collect every problem of a file in one pass. Scenario files, client profiles and baselines share it.
public struct NodeReader {
    /// The file name used in every problem.
    public let file: String
    /// Problems in the order they were found.
    public private(set) var problems: [ScenarioError] = []
    /// Problems by line (those found at one line keep their order): problems are found per key, duplicates
    /// and cross-key checks come later.
    public var problemsInDocumentOrder: [ScenarioError] {
        problems.enumerated()
            .sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }
            .map(\.element)
    }
    /// Nodes left to visit before the document counts as too big (guards against alias bombs).
    private var budget: Int
    private var budgetExhausted = false
    /// Sentinel keys standing for duplicate keys (see `YAMLDocument`): sentinel → key and first line.
    var duplicateKeys: [String: (key: String, firstLine: Int)] = [:]

    /// Deepest key path a value may sit at.
    static let maxDepth = 64
    /// Most nodes one document may expand to (aliases included).
    static let maxNodes = 100_000

    init(file: String, budget: Int = NodeReader.maxNodes) {
        self.file = file
        self.budget = budget
    }

    /// A reader for a composed document, which reports its duplicate keys where they stand.
    public init(file: String, document: YAMLDocument) {
        self.init(file: file)
        duplicateKeys = document.duplicates
    }

    // MARK: Problems

    /// Records a problem at the node's line.
    public mutating func report(_ node: Node?, _ path: NodePath, _ message: String) {
        report(line: node?.mark?.line, path, message)
    }

    /// Records a problem at an explicit line.
    public mutating func report(line: Int?, _ path: NodePath, _ message: String) {
        problems.append(ScenarioError(file: file, line: line, keyPath: path.description, message: message))
    }

    /// Counts one visited node; false (after one problem) once the document is too big or too deep.
    mutating func visit(_ node: Node, _ path: NodePath) -> Bool {
        guard !budgetExhausted else { return false }
        budget -= 1
        if budget < 0 {
            budgetExhausted = true
            report(
                node, path,
                "the document expands to more than \(NodeReader.maxNodes) values, aliases included "
                    + "(expected a small scenario; use repeat: and pad: for big streams)")
            return false
        }
        if path.depth > NodeReader.maxDepth {
            report(node, path, "nested deeper than \(NodeReader.maxDepth) levels (expected a flatter value)")
            return false
        }
        return true
    }

    /// Reports a sentinel key as the duplicate it stands for; false for an ordinary key.
    mutating func reportDuplicate(_ key: String, _ keyNode: Node, _ path: NodePath) -> Bool {
        guard let duplicate = duplicateKeys[key] else { return false }
        report(
            keyNode, path.appending(duplicate.key),
            "duplicate key \"\(duplicate.key)\", first at line \(duplicate.firstLine) (expected each key once per mapping)"
        )
        return true
    }

    /// Records a required key that is absent, at the line of the mapping that lacks it.
    public mutating func missing(_ fields: Fields, _ key: String, expected: String) {
        report(fields.node, fields.path.appending(key), "required key is missing (expected \(expected))")
    }

    // MARK: Structure

    /// The members of a mapping whose keys are all in `allowed`; unknown keys are reported.
    public mutating func fields(_ node: Node, _ path: NodePath, allowed: [String], expected: String) -> Fields? {
        let keys = { "one of: \(allowed.joined(separator: ", "))" }  // made only for a message
        guard let members = members(node, path, expected: expected, keys: keys()) else { return nil }
        var fields = Fields(node: node, path: path)
        for member in members {
            guard allowed.contains(member.key) else {
                var message = "unknown key \"\(member.key)\""
                if let guess = NodeReader.nearest(to: member.key, in: allowed) {
                    message += "; did you mean \"\(guess)\"?"
                }
                report(member.keyNode, path.appending(member.key), message + " (expected \(keys()))")
                continue
            }
            fields.members.append(member)
        }
        return fields
    }

    /// The members of a mapping with any string keys (names chosen by the file), in document order.
    public mutating func members(
        _ node: Node, _ path: NodePath, expected: String,
        keys: @autoclosure () -> String = "a string"
    ) -> [Fields.Member]? {
        guard visit(node, path) else { return nil }
        guard case .mapping(let mapping) = node else {
            report(node, path, "\(NodeReader.describe(node)) is not a mapping (expected \(expected))")
            return nil
        }
        var members: [Fields.Member] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                // Named by YAML's complex-key indicator, so the error has a key path even at the root.
                report(
                    keyNode, path.appending("?"), "\(NodeReader.describe(keyNode)) cannot be a key (expected \(keys()))"
                )
                continue
            }
            if reportDuplicate(scalar.string, keyNode, path) { continue }
            members.append((scalar.string, keyNode, value))
        }
        return members
    }

    /// The elements of a list.
    public mutating func list(_ node: Node, _ path: NodePath, expected: String) -> [Node]? {
        guard visit(node, path) else { return nil }
        guard case .sequence(let sequence) = node else {
            report(node, path, "\(NodeReader.describe(node)) is not a list (expected \(expected))")
            return nil
        }
        return Array(sequence)
    }

    // MARK: Scalars

    /// A string scalar; numbers are accepted as their text when `allowNumbers`.
    public mutating func string(
        _ node: Node, _ path: NodePath, expected: String, allowNumbers: Bool = false,
        allowEmpty: Bool = false
    ) -> String? {
        guard visit(node, path) else { return nil }
        guard case .scalar(let scalar) = node else {
            report(node, path, "\(NodeReader.describe(node)) is not a string (expected \(expected))")
            return nil
        }
        switch NodeReader.kind(of: node) {
        case .string:
            if scalar.string.isEmpty && !allowEmpty {
                report(node, path, "is an empty string (expected \(expected))")
                return nil
            }
            return scalar.string
        case .integer, .float:
            if allowNumbers { return scalar.string }
        case .null:
            report(node, path, "is empty (expected \(expected))")
            return nil
        default:
            break
        }
        report(
            node, path, "\(NodeReader.describe(node)) is not a string (expected \(expected); quote it to make it one)")
        return nil
    }

    /// A whole number within `range`.
    mutating func integer(_ node: Node, _ path: NodePath, range: ClosedRange<Int>, what: String, expected: String)
        -> Int?
    {
        guard visit(node, path) else { return nil }
        guard NodeReader.kind(of: node) == .integer, let value = node.int else {
            report(node, path, "\(NodeReader.describe(node)) is not \(what) (expected \(expected))")
            return nil
        }
        guard range.contains(value) else {
            report(node, path, "\(value) is out of range (expected \(expected))")
            return nil
        }
        return value
    }

    /// `true` or `false`.
    mutating func bool(_ node: Node, _ path: NodePath) -> Bool? {
        guard visit(node, path) else { return nil }
        guard NodeReader.kind(of: node) == .bool, case .scalar(let scalar) = node else {
            report(node, path, "\(NodeReader.describe(node)) is not a boolean (expected true or false)")
            return nil
        }
        return scalar.string.lowercased() == "true"
    }

    /// A duration string with a unit, in milliseconds.
    mutating func duration(_ node: Node, _ path: NodePath, allowZero: Bool = true) -> Double? {
        guard visit(node, path) else { return nil }
        let expected = "a number with a unit: 250ms, 2s, 1m"
        guard NodeReader.kind(of: node) == .string, case .scalar(let scalar) = node,
            let ms = DurationText.milliseconds(scalar.string)
        else {
            report(node, path, "\(NodeReader.describe(node)) is not a duration (expected \(expected))")
            return nil
        }
        if ms > 3_600_000 {
            report(node, path, "\(NodeReader.describe(node)) is longer than an hour (expected \(expected))")
            return nil
        }
        if ms == 0 && !allowZero {
            report(node, path, "\(NodeReader.describe(node)) is zero (expected a positive duration: 250ms, 2s)")
            return nil
        }
        return ms
    }

    /// One of a fixed set of words.
    mutating func choice<T: RawRepresentable>(
        _ node: Node, _ path: NodePath, what: String, _ type: T.Type,
        allowed: [T]
    ) -> T? where T.RawValue == String {
        guard visit(node, path) else { return nil }
        let names = allowed.map(\.rawValue).joined(separator: " | ")
        guard case .scalar(let scalar) = node, NodeReader.kind(of: node) == .string,
            let value = T(rawValue: scalar.string), allowed.contains(where: { $0.rawValue == value.rawValue })
        else {
            report(node, path, "\(NodeReader.describe(node)) is not \(what) (expected one of: \(names))")
            return nil
        }
        return value
    }

    // MARK: JSON

    /// Any YAML value as JSON: mappings keep key order, scalars by their resolved type.
    mutating func json(_ node: Node, _ path: NodePath) -> JSONValue? {
        guard visit(node, path) else { return nil }
        switch node {
        case .scalar(let scalar):
            switch NodeReader.kind(of: node) {
            case .null: return .null
            case .bool: return .bool(scalar.string.lowercased() == "true")
            case .integer:
                if let value = node.int { return .number(Double(value)) }
                if let value = Double(scalar.string), value.isFinite { return .number(value) }
                report(node, path, "\(scalar.string) is not a JSON number (expected a whole number that fits 64 bits)")
                return nil
            case .float:
                guard let value = node.float, value.isFinite else {
                    report(node, path, "\(scalar.string) is not a JSON number (expected a finite number)")
                    return nil
                }
                return .number(value)
            default:
                return .string(scalar.string)
            }
        case .sequence(let sequence):
            var items: [JSONValue] = []
            var ok = true
            for (index, item) in sequence.enumerated() {
                if let value = json(item, path.appending(index)) { items.append(value) } else { ok = false }
            }
            return ok ? .array(items) : nil
        case .mapping(let mapping):
            var members: [(String, JSONValue)] = []
            var ok = true
            for (keyNode, value) in mapping {
                guard case .scalar(let key) = keyNode else {
                    report(keyNode, path, "\(NodeReader.describe(keyNode)) cannot be a JSON key (expected a string)")
                    ok = false
                    continue
                }
                if reportDuplicate(key.string, keyNode, path) {
                    ok = false
                    continue
                }
                if let converted = json(value, path.appending(key.string)) {
                    members.append((key.string, converted))
                } else {
                    ok = false
                }
            }
            return ok ? .object(members) : nil
        case .alias:
            report(node, path, "an unresolved alias (expected a value)")
            return nil
        }
    }

    // MARK: Description

    /// The resolved type of a scalar, as the loader's YAML resolver sees it.
    enum ScalarKind: Equatable { case string, integer, float, bool, null, notScalar }

    /// Scalar kind under the loader's resolver (YAML 1.2 style: only true/false are booleans).
    static func kind(of node: Node) -> ScalarKind {
        guard case .scalar(let scalar) = node else { return .notScalar }
        if scalar.style != .plain && scalar.style != .any { return .string }
        switch YAMLDocument.resolver.resolveTag(of: node) {
        case .null: return .null
        case .bool: return .bool
        case .int: return .integer
        case .float: return .float
        default: return .string
        }
    }

    /// How a value reads in a message: `"fast"`, `50`, `true`, `a mapping`, `a list`, `empty`.
    public static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            switch kind(of: node) {
            case .null: return scalar.string.isEmpty ? "an empty value" : scalar.string
            case .string:
                let text = scalar.string.count > 60 ? String(scalar.string.prefix(57)) + "..." : scalar.string
                return "\"" + text.replacingAll("\n", with: "\\n").replacingAll("\r", with: "\\r") + "\""
            default: return scalar.string
            }
        }
    }

    /// The allowed key closest to a misspelt one, when it is close enough to be a likely typo.
    static func nearest(to key: String, in allowed: [String]) -> String? {
        let lowered = key.lowercased()
        let scored = allowed.map { ($0, editDistance(lowered, $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= (key.count <= 3 ? 1 : 2) ? best.0 : nil
    }

    /// Levenshtein distance between two short strings.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// The allowed members of one mapping, in document order.
public struct Fields {
    /// Key text, key node and value node of one member.
    public typealias Member = (key: String, keyNode: Node, value: Node)

    /// The mapping node itself (its line is used for missing keys).
    public let node: Node
    /// Where the mapping sits.
    public let path: NodePath
    /// Each allowed member.
    public fileprivate(set) var members: [Member] = []

    init(node: Node, path: NodePath) {
        self.node = node
        self.path = path
    }

    /// The value under `key`, if present.
    public subscript(key: String) -> Node? { members.first(where: { $0.key == key })?.value }

    /// The key node of `key`, if present (for problems about the key's presence).
    public func keyNode(_ key: String) -> Node? { members.first(where: { $0.key == key })?.keyNode }

    /// Whether `key` is present.
    public func has(_ key: String) -> Bool { members.contains(where: { $0.key == key }) }
}
