/// Why the server could not start.
public struct MockServerError: Error, Sendable, CustomStringConvertible {
    /// What failed, naming the culprit.
    public let message: String

    init(_ message: String) { self.message = message }

    public var description: String { message }
}
