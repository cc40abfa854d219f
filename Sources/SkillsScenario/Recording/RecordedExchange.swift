import SkillsCore

/// One platform call of a recorded run and what was served to it: the input of `ScenarioRecording`.
public struct RecordedExchange: Sendable, Equatable {
    /// Which endpoint was called (`createSSE`, `createPoll` or `poll`; other kinds are not scripted and skipped).
    public var kind: RequestKind
    /// The request path as sent (`/api/v1/generation/sse/kling-ai/kling-v2.6`); the model is read from it.
    public var path: String
    /// The request body (the first create's body becomes the scenario's payload).
    public var requestBody: [UInt8]
    /// Real milliseconds from the request's arrival to the answer's head (or the fault).
    public var delayMs: Double
    /// What the server or upstream answered.
    public var answer: RecordedAnswer

    /// An exchange of `kind` on `path` answered by `answer` after `delayMs`.
    public init(kind: RequestKind, path: String, requestBody: [UInt8] = [], delayMs: Double = 0, answer: RecordedAnswer)
    {
        self.kind = kind
        self.path = path
        self.requestBody = requestBody
        self.delayMs = delayMs
        self.answer = answer
    }
}

/// What one recorded request got: a complete answer, a stream of pieces with how it ended, or a fault.
public enum RecordedAnswer: Sendable, Equatable {
    /// A status, its headers and the whole body.
    case reply(status: Int, headers: [Header], body: [UInt8])
    /// A streamed answer: head, the pieces in order with the measured delay before each, and how it ended.
    case stream(status: Int, headers: [Header], pieces: [RecordedPiece], end: StreamEnd)
    /// A break before any answer byte.
    case fault(Fault)
}

/// Bytes of a stream that went out together (one SSE event, a comment, or bytes that are not canonical SSE).
public struct RecordedPiece: Sendable, Equatable {
    /// Measured real milliseconds between the previous piece (or the head) and these bytes.
    public var delayMs: Double
    /// The bytes as served.
    public var bytes: [UInt8]
    /// The bytes went out one at a time.
    public var dribble: Bool

    /// A piece of `bytes` served `delayMs` after the one before.
    public init(delayMs: Double, bytes: [UInt8], dribble: Bool = false) {
        self.delayMs = delayMs
        self.bytes = bytes
        self.dribble = dribble
    }
}
