/// What kind of platform call a request was.
public enum RequestKind: String, Sendable, Codable {
    /// `POST /generation/sse/{model}`.
    case createSSE = "create_sse"
    /// `POST /generation/{model}` (polling create).
    case createPoll = "create_poll"
    /// `GET /generation/{id}`.
    case poll
    /// `GET /credits`.
    case credits
    /// `openapi.json` / `docs.json`.
    case spec
    /// Anything else (answered 404 or 405).
    case other

    /// Whether this is one of the two create endpoints.
    public var isCreate: Bool { self == .createSSE || self == .createPoll }
}

/// How the server ended a response's connection (SPEC 8 `requests[].end`).
public enum ConnectionEnd: String, Sendable, Codable, CaseIterable {
    case complete, close, reset, hang, truncate
    case clientClosed = "client-closed"
    case faultReset = "fault-reset"
    case faultClose = "fault-close"
    case faultGarbage = "fault-garbage"
    case faultSilent = "fault-silent"
}

/// One SSE event the server served (its ending blank line was sent), as a WHATWG client dispatches it.
public struct ServedEvent: Sendable, Codable, Equatable {
    /// Milliseconds since server start when the event's blank line was queued.
    public var tMs: Double
    /// The event type, when not the default `message`.
    public var event: String?
    /// The `data:` payload text (lines joined with `\n`).
    public var data: String?
    /// The last event id in force when it was dispatched, when one was set.
    public var id: String?

    public init(tMs: Double, event: String?, data: String?, id: String?) {
        self.tMs = tMs
        self.event = event
        self.data = data
        self.id = id
    }

    enum CodingKeys: String, CodingKey {
        case tMs = "t_ms"
        case event, data, id
    }
}

/// One request the fake server received, and everything it did about it.
public struct JournalEntry: Sendable, Codable, Equatable {
    /// Arrival order across the whole server, from 1.
    public var seq: Int
    /// The connection the request came on (several requests may share one).
    public var connection: Int
    /// Monotonic milliseconds since server start at arrival (real time, never scaled).
    public var tMs: Double
    public var method: String
    public var path: String
    /// Request headers; `Authorization` shows a key fingerprint, never the key.
    public var headers: [[String]]
    /// The request body as text (UTF-8, invalid bytes replaced).
    public var body: String
    /// Fingerprint of the bearer key, when one was sent.
    public var key: String?
    /// The scenario the request was bound to; nil in the default world.
    public var scenario: String?
    public var kind: RequestKind
    /// The generation id a poll asked for, or a create issued.
    public var generationID: String?
    /// The HTTP status answered; nil when a fault came before any answer.
    public var status: Int?
    /// The body answered (not for SSE streams), truncated to 64 KiB.
    public var responseBody: String?
    /// The `Retry-After` header sent with the answer, as sent (time templates resolved), when there was one.
    public var retryAfter: String?
    /// SSE events served on this response, in order.
    public var events: [ServedEvent]
    /// Milliseconds since server start when the status line was sent.
    public var answeredMs: Double?
    /// How the response / connection ended; nil while still open.
    public var end: ConnectionEnd?
    /// Milliseconds since server start when it ended.
    public var endedMs: Double?
    /// How late each scripted timer of the response fired (the delay before the answer, each item's delay,
    /// each dribble gap), in real ms, in firing order: when it fired minus when it was due, never negative.
    public var lateMs: [Double]

    public init(
        seq: Int, connection: Int, tMs: Double, method: String, path: String, headers: [[String]],
        body: String, key: String?, scenario: String?, kind: RequestKind, generationID: String? = nil,
        status: Int? = nil, responseBody: String? = nil, events: [ServedEvent] = [],
        answeredMs: Double? = nil, end: ConnectionEnd? = nil, endedMs: Double? = nil, lateMs: [Double] = [],
        retryAfter: String? = nil
    ) {
        self.seq = seq
        self.connection = connection
        self.tMs = tMs
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.key = key
        self.scenario = scenario
        self.kind = kind
        self.generationID = generationID
        self.status = status
        self.responseBody = responseBody
        self.events = events
        self.answeredMs = answeredMs
        self.end = end
        self.endedMs = endedMs
        self.lateMs = lateMs
        self.retryAfter = retryAfter
    }

    /// Decodes an entry; `late_ms` and `retry_after` may be absent (journals written before they existed).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            seq: try c.decode(Int.self, forKey: .seq), connection: try c.decode(Int.self, forKey: .connection),
            tMs: try c.decode(Double.self, forKey: .tMs), method: try c.decode(String.self, forKey: .method),
            path: try c.decode(String.self, forKey: .path), headers: try c.decode([[String]].self, forKey: .headers),
            body: try c.decode(String.self, forKey: .body), key: try c.decodeIfPresent(String.self, forKey: .key),
            scenario: try c.decodeIfPresent(String.self, forKey: .scenario),
            kind: try c.decode(RequestKind.self, forKey: .kind),
            generationID: try c.decodeIfPresent(String.self, forKey: .generationID),
            status: try c.decodeIfPresent(Int.self, forKey: .status),
            responseBody: try c.decodeIfPresent(String.self, forKey: .responseBody),
            events: try c.decode([ServedEvent].self, forKey: .events),
            answeredMs: try c.decodeIfPresent(Double.self, forKey: .answeredMs),
            end: try c.decodeIfPresent(ConnectionEnd.self, forKey: .end),
            endedMs: try c.decodeIfPresent(Double.self, forKey: .endedMs),
            lateMs: try c.decodeIfPresent([Double].self, forKey: .lateMs) ?? [],
            retryAfter: try c.decodeIfPresent(String.self, forKey: .retryAfter))
    }

    /// The value of a request header (case-insensitive name).
    public func header(_ name: String) -> String? {
        headers.first(where: { $0.count == 2 && HeaderName.matches($0[0], name) })?[1]
    }

    enum CodingKeys: String, CodingKey {
        case seq, connection
        case tMs = "t_ms"
        case method, path, headers, body, key, scenario, kind
        case generationID = "generation_id"
        case status
        case responseBody = "response_body"
        case events
        case answeredMs = "answered_ms"
        case end
        case endedMs = "ended_ms"
        case lateMs = "late_ms"
        case retryAfter = "retry_after"
    }
}
