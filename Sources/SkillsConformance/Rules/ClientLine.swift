/// One line the client printed, stamped on the server's clock when the runner read it.
public struct ClientLine: Sendable, Equatable {
    /// Which output the line came from.
    public enum Stream: String, Sendable, Codable { case stdout, stderr }

    /// Milliseconds on the server's journal clock when the line was read; nil when unknown.
    public var tMs: Double?
    public var stream: Stream
    public var text: String

    public init(tMs: Double? = nil, stream: Stream = .stdout, text: String) {
        self.tMs = tMs
        self.stream = stream
        self.text = text
    }
}
