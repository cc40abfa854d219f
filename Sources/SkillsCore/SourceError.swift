/// One problem in an input file (scenario, profile, baseline): "FILE:LINE: KEY.PATH: message (expected ...)".
public struct SourceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file the problem is in, as it was given to the loader.
    public var file: String
    /// 1-based line of the offending key or value, when known.
    public var line: Int?
    /// Where in the document: `create[0].sse[1].delay`; empty for problems with the whole file.
    public var keyPath: String
    /// What is wrong, ending with what was expected in parentheses.
    public var message: String

    /// A problem at `file:line`, under `keyPath`.
    public init(file: String, line: Int?, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.keyPath = keyPath
        self.message = message
    }

    /// `FILE:LINE: KEY.PATH: message`, leaving out the parts that are unknown.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if !keyPath.isEmpty { text += keyPath + ": " }
        return text + message
    }
}
