/// How an SSE stream ends.
public enum StreamEnd: String, Sendable, Equatable, CaseIterable {
    /// Terminating chunk, connection kept or closed cleanly.
    case complete
    /// FIN without the terminating chunk.
    case close
    /// TCP RST.
    case reset
    /// Stay open, send nothing more.
    case hang
    /// Send the last event without its ending blank line, then close.
    case truncate
}
