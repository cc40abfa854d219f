/// Why the platform fixtures could not be loaded; every message names the file.
public struct PlatformLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: Sendable, Equatable {
        /// The file does not exist or cannot be read.
        case fileNotFound
        /// The file is not valid JSON (the parser's reason attached).
        case invalidJSON(String)
        /// The JSON is not the expected document (the detail names the member).
        case invalidDocument(String)
    }

    /// The file concerned.
    public let file: String
    /// What went wrong with it.
    public let code: Code

    /// Creates an error about `file`.
    public init(file: String, code: Code) {
        self.file = file
        self.code = code
    }

    /// The message, naming the culprit.
    public var description: String {
        switch code {
        case .fileNotFound: return "File not found: \(file)"
        case .invalidJSON(let reason): return "Invalid JSON in \(file): \(reason)"
        case .invalidDocument(let detail): return "Invalid document \(file): \(detail)"
        }
    }
}
