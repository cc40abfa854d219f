/// A key path inside a YAML document, printed as `create[0].sse[1].delay`.
public struct NodePath: Sendable, Equatable, CustomStringConvertible {
    /// One step down the document: a mapping key or a list index.
    public enum Component: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    public private(set) var components: [Component] = []

    /// The document root (prints as the empty string).
    public static let root = NodePath()

    /// The path of `key` under this one.
    public func appending(_ key: String) -> NodePath {
        var copy = self
        copy.components.append(.key(key))
        return copy
    }

    /// The path of list element `index` under this one.
    public func appending(_ index: Int) -> NodePath {
        var copy = self
        copy.components.append(.index(index))
        return copy
    }

    /// Nesting depth (number of components).
    public var depth: Int { components.count }

    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key):
                if !text.isEmpty { text += "." }
                text += key.isEmpty ? "\"\"" : key  // an empty key is still named
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }
}
