import SkillsCore

/// A header name and value.
public struct Header: Sendable, Equatable {
    /// The header name, as written.
    public var name: String
    /// The header value (one line; `{gen}` and time templates are substituted when sent).
    public var value: String
    /// A header `name: value`.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension [Header] {
    /// The value of the first header called `name`, compared case-insensitively as HTTP does.
    public func value(named name: String) -> String? {
        first(headerNamed: name) { $0.name }?.value
    }
}
