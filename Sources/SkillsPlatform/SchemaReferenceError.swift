/// A `$ref` that names no schema under `components/schemas`.
public struct SchemaReferenceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The unresolvable reference.
    public let ref: String

    /// An error about `ref`.
    public init(ref: String) {
        self.ref = ref
    }

    /// The message, naming the reference.
    public var description: String { "Schema not found for ref: \(ref)" }
}
