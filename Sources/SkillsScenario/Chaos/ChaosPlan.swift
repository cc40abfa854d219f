import SkillsCore

/// One generated scenario before rendering: a parse tree of the chaos grammar, from which both the scripted
/// answers and the `expect:` a correct client must meet are derived.
///
/// The grammar (every choice is drawn by `ChaosGenerator` from a seeded `ChaosRandom`):
///
/// ```
/// run          := keyless | keyed
/// keyless      := any create script, client.api_key: absent        → missing_key, exit 1, creates 0, polls 0
/// keyed        := failure{0..3} createEnd                          (≤ 3 consecutive transient failures per call)
/// failure      := status 429|500|502|503|504 [Retry-After: 0|1 s, or an HTTP date {now+2s}|{now-10s}]
///                                                                  (JSON message, nested error, or text body)
///               | fault reset|close|garbage|silent                 (before any answer)
///               | stream without any served id, end close|reset|truncate|hang
///                                                                  (a truncated last event may carry the id: unserved)
/// createEnd    := finalError 400|401|402|404|422                  → the seed table's category of that answer
///               | giveUp failure (the last create step repeats)     → transient, creates ≥ 2
///               | json   (200 {"id", "status": IN_QUEUE})           → polling
///               | stream                                           → its first served terminal status, polls 0;
///                                                                    else (an id was served) → polling
/// stream       := [BOM] item* end                                  line ends LF | CR | CRLF | mixed per line
/// item         := heartbeat (comment) | event(status, id early or late, event name, SSE id:, retry:)
///                 each with a delay, split in two writes, or dribbled byte by byte
/// end          := complete | close | reset | hang | truncate (the last event cut before its blank line)
///                 [garbage bytes before a close, reset or hang]
/// polling      := pollStep{0..4} pollEnd                           (≤ 3 consecutive transients)
/// pollStep     := 200 non-terminal (IN_QUEUE, IN_PROGRESS, starting, processing) | failure (status or fault)
/// pollEnd      := 200 terminal in any spelling (COMPLETED completed Completed SUCCEEDED succeeded FAILED failed
///                 CANCELED canceled CANCELLED cancelled)           → that status, polls = steps + 1
///               | finalError 400|401|402|404|422                   → its category, polls = steps + 1
///               | never (non-terminal repeats; poll_timeout 10s)   → timeout, exit 11, polls ≥ 1
/// ```
///
/// A plan holds no randomness: rendering it (`scenario`) is a pure function, so a shrunk plan renders a
/// smaller scenario whose `expect:` is derived again by the same rules.
public struct ChaosPlan: Sendable, Equatable {
    /// The seed the plan was drawn from.
    public var seed: UInt64
    /// Its position in the seed's stream (0-based).
    public var index: Int
    /// Run the client with no API key at all.
    public var keyless: Bool
    /// Transient create failures before the create that decides the run.
    public var createFailures: [ChaosFailure]
    /// What the deciding create answers.
    public var createEnd: ChaosCreateEnd
    /// Poll answers before the last one (only reached when the create leaves the client polling).
    public var polls: [ChaosPollStep]
    /// The last poll answer, which repeats.
    public var pollEnd: ChaosPollEnd
    /// How many times the plan was shrunk (0 for a generated plan); shown in the id.
    public var shrinkStep: Int

    /// A plan; see the type's grammar.
    public init(
        seed: UInt64, index: Int, keyless: Bool = false, createFailures: [ChaosFailure] = [],
        createEnd: ChaosCreateEnd, polls: [ChaosPollStep] = [], pollEnd: ChaosPollEnd = .terminal("COMPLETED"),
        shrinkStep: Int = 0
    ) {
        self.seed = seed
        self.index = index
        self.keyless = keyless
        self.createFailures = createFailures
        self.createEnd = createEnd
        self.polls = polls
        self.pollEnd = pollEnd
        self.shrinkStep = shrinkStep
    }
}

/// A transient failure of one call (SPEC 6, RETRY-2).
public enum ChaosFailure: Sendable, Equatable {
    /// A 429 or 5xx answer, with a `Retry-After` when given.
    case status(code: Int, body: ChaosErrorBody, retryAfter: ChaosRetryAfter?)
    /// A fault before any answer.
    case fault(Fault)
    /// A create stream that ends before any served event carried an id.
    case brokenStream(ChaosStream)
}

/// A `Retry-After` of a chaos answer: whole seconds, or an HTTP date that many seconds from when it is sent.
public enum ChaosRetryAfter: Sendable, Equatable, CustomStringConvertible {
    case seconds(Int)
    /// `{now+Ns}` (or `{now-Ns}` for a negative offset: a date already past, meaning at once).
    case date(offsetSeconds: Int)

    /// The header value as scripted.
    public var description: String {
        switch self {
        case .seconds(let seconds): return String(seconds)
        case .date(let offset): return offset < 0 ? "{now-\(-offset)s}" : "{now+\(offset)s}"
        }
    }
}

/// What the create that decides the run answers.
public enum ChaosCreateEnd: Sendable, Equatable {
    /// A 400, 401, 402, 404 or 422: never repeated; its category is the outcome.
    case finalError(code: Int, body: ChaosErrorBody)
    /// The failure repeats forever: the client gives up as `transient`.
    case giveUp(ChaosFailure)
    /// A plain JSON answer with the id and IN_QUEUE: the client polls.
    case json
    /// An SSE stream that serves the id.
    case stream(ChaosStream)
}

/// One poll answer before the last.
public enum ChaosPollStep: Sendable, Equatable {
    /// 200 with a non-terminal status.
    case pending(String)
    /// A transient failure (a status or a fault; never a stream).
    case failure(ChaosFailure)
}

/// The last poll answer (it repeats).
public enum ChaosPollEnd: Sendable, Equatable {
    /// 200 with a terminal status, spelled as served.
    case terminal(String)
    /// A 400, 401, 402, 404 or 422.
    case finalError(code: Int, body: ChaosErrorBody)
    /// IN_PROGRESS forever: the client's poll timeout ends the run.
    case never
}

/// An error answer's body and how it is written.
public struct ChaosErrorBody: Sendable, Equatable {
    /// How the message is carried.
    public enum Shape: String, Sendable, Equatable, CaseIterable {
        /// `{"message": "..."}` (the platform's ErrorResponse).
        case message
        /// `{"error": {"message": "..."}}`.
        case nested
        /// The message as plain text.
        case text
    }

    /// The message text.
    public var message: String
    /// How it is written.
    public var shape: Shape

    /// A body carrying `message` as `shape`.
    public init(_ message: String, shape: Shape = .message) {
        self.message = message
        self.shape = shape
    }

    /// The scenario body.
    public var body: Body {
        switch shape {
        case .message: return .json(.object([("message", .string(message))]))
        case .nested: return .json(.object([("error", .object([("message", .string(message))]))]))
        case .text: return .text(message)
        }
    }

    /// The body's bytes on the wire, as the classifier reads them.
    public var wireText: String {
        switch body {
        case .json(let value): return value.jsonText
        case .text(let text): return text
        }
    }
}

/// An SSE stream of the chaos grammar.
public struct ChaosStream: Sendable, Equatable {
    /// How lines end when the stream is written as raw bytes.
    public enum LineStyle: String, Sendable, Equatable, CaseIterable {
        /// Structured items (the server writes LF).
        case lf
        /// Raw bytes, every line ending CR.
        case cr
        /// Raw bytes, every line ending CRLF.
        case crlf
        /// Raw bytes, each line ending LF, CR or CRLF.
        case mixed
    }

    /// The items in order.
    public var items: [ChaosStreamItem]
    /// How lines end.
    public var style: LineStyle
    /// A byte order mark first.
    public var bom: Bool
    /// How the stream ends.
    public var end: StreamEnd
    /// Garbage bytes (invalid UTF-8 and a line without a colon) before a close, reset or hang.
    public var garbage: Bool
    /// Delay before the head is sent (ms, unscaled).
    public var headDelayMs: Int

    /// A stream; see `ChaosPlan`'s grammar.
    public init(
        items: [ChaosStreamItem], style: LineStyle = .lf, bom: Bool = false, end: StreamEnd = .complete,
        garbage: Bool = false, headDelayMs: Int = 0
    ) {
        self.items = items
        self.style = style
        self.bom = bom
        self.end = end
        self.garbage = garbage
        self.headDelayMs = headDelayMs
    }

    /// The items a client receives whole (a truncated last event is not served).
    public var servedItems: ArraySlice<ChaosStreamItem> {
        end == .truncate ? items.dropLast() : items[...]
    }

    /// Whether a served event carries the generation id.
    public var servesID: Bool {
        servedItems.contains { $0.event?.carriesID ?? false }
    }

    /// The first terminal status a served event carries, as spelled.
    public var servedTerminal: String? {
        servedItems.lazy.compactMap { $0.event?.status }.first { GenerationStatus.isTerminal($0) }
    }
}

/// One item of a chaos stream.
public struct ChaosStreamItem: Sendable, Equatable {
    /// An SSE event.
    public struct Event: Sendable, Equatable {
        /// The status in `data` (any spelling).
        public var status: String
        /// Whether `data` carries `"id": "{gen}"`.
        public var carriesID: Bool
        /// The `event:` field (misleading names included: the status decides).
        public var name: String?
        /// The SSE `id:` field.
        public var sseID: String?
        /// The `retry:` field.
        public var retry: Int?

        /// An event with `status`.
        public init(status: String, carriesID: Bool, name: String? = nil, sseID: String? = nil, retry: Int? = nil) {
            self.status = status
            self.carriesID = carriesID
            self.name = name
            self.sseID = sseID
            self.retry = retry
        }
    }

    /// The event, or nil for a heartbeat comment.
    public var event: Event?
    /// Delay before the item (ms, unscaled).
    public var delayMs: Int
    /// Raw styles only: the item is written in two parts, split at this share (per mille) of its bytes.
    public var splitPermille: Int?
    /// Sent byte by byte.
    public var dribble: Bool

    /// An item; a nil event is a heartbeat.
    public init(event: Event?, delayMs: Int = 0, splitPermille: Int? = nil, dribble: Bool = false) {
        self.event = event
        self.delayMs = delayMs
        self.splitPermille = splitPermille
        self.dribble = dribble
    }
}
