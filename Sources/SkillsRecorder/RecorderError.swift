/// Why the recorder cannot start or go on; each message names the culprit.
public struct RecorderError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, naming the file, URL or option concerned.
    public let description: String

    /// An error with this message.
    public init(_ description: String) { self.description = description }

    static func exists(_ path: String) -> RecorderError {
        RecorderError(
            "\(path) already exists; the recorder never overwrites a file (move it away or choose another --out or --group)"
        )
    }

    static func unwritable(_ path: String, _ reason: String) -> RecorderError {
        RecorderError("cannot write scenarios to \(path): \(reason)")
    }
}
