/// One problem in a profile or baseline file: "FILE:LINE: KEY.PATH: message".
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    /// Dotted key path (`run[2]`, `failures[0].rule`); empty for the whole document.
    public var keyPath: String
    public var message: String

    public init(file: String, line: Int?, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if !keyPath.isEmpty { text += keyPath + ": " }
        return text + message
    }
}

/// Every problem found in one input file.
public struct InputFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var errors: [InputError]

    public init(_ errors: [InputError]) { self.errors = errors }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
