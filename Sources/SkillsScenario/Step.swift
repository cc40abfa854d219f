/// One scripted answer: a plain response, an SSE stream, or a connection fault.
public struct Step: Sendable, Equatable {
    /// Delay before anything is sent for this step (scaled by the time scale).
    public var delayMs: Double
    /// What the step sends.
    public var kind: Kind

    /// A step sending `kind` after `delayMs` (scaled).
    public init(delayMs: Double = 0, kind: Kind) {
        self.delayMs = delayMs
        self.kind = kind
    }

    /// What the step sends.
    public enum Kind: Sendable, Equatable {
        /// A status, headers and a JSON or text body.
        case response(Response)
        /// An SSE stream.
        case sse(SSEScript)
        /// A fault before any response.
        case fault(Fault)
    }
}
