/// A fault before any response bytes.
public enum Fault: String, Sendable, Equatable, CaseIterable {
    /// TCP RST: the client sees ECONNRESET.
    case reset
    /// FIN with nothing sent.
    case close
    /// Bytes that are not HTTP, then close.
    case garbage
    /// Keep the connection open and never answer.
    case silent
}
