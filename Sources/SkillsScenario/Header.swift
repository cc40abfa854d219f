/// A header name and value.
public struct Header: Sendable, Equatable {
    /// The header name, as written.
    public var name: String
    /// The header value (one line; `{gen}` is substituted when sent).
    public var value: String
    /// A header `name: value`.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
