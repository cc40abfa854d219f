import SkillsCore

/// A Mintlify-like docs.json: the `Videos` / `Images` navigation groups and the endpoints they list.
public struct DocsIndex: Sendable {
    /// The whole document.
    public let root: JSONValue

    /// Wraps a parsed docs.json.
    public init(json: JSONValue) {
        root = json
    }

    /// Parses and wraps the text of a docs.json read from `file`.
    public init(text: String, file: String = "docs.json") throws(PlatformLoadError) {
        self.init(json: try FixtureFile.parse(text, file: file))
    }

    /// "POST /generation/..." endpoints of the category's group(s), unique, in document order.
    public func endpoints(_ category: EndpointCategory) -> [String] {
        var seen: Set<String> = []
        var rows: [String] = []
        for group in Self.groups(named: category.groupName, in: root) {
            for row in Self.methodPaths(in: group["pages"] ?? .array([])) where seen.insert(row).inserted {
                rows.append(row)
            }
        }
        return rows
    }

    /// Every object with `"group": name` and a `pages` array, depth first.
    static func groups(named name: String, in node: JSONValue) -> [JSONValue] {
        switch node {
        case .object(let members):
            var found: [JSONValue] = []
            if node["group"]?.stringValue == name, node["pages"]?.arrayValue != nil { found.append(node) }
            for (_, value) in members { found += groups(named: name, in: value) }
            return found
        case .array(let items):
            return items.flatMap { groups(named: name, in: $0) }
        default:
            return []
        }
    }

    /// "POST /generation/..." page strings under `node` (strings, `pages` of nested objects, arrays).
    static func methodPaths(in node: JSONValue) -> [String] {
        switch node {
        case .string(let text):
            guard let (method, path) = EndpointPath.splitMethod(text), method == "POST", path.hasPrefix("/generation/")
            else {
                return []
            }
            return ["\(method) \(path)"]
        case .object:
            return node["pages"].map(methodPaths(in:)) ?? []
        case .array(let items):
            return items.flatMap(methodPaths(in:))
        default:
            return []
        }
    }
}
