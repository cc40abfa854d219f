import SkillsCore

// Scenario file format (SPEC 5), as `ScenarioLoader` reads it. `Scenarios/README.md` is the
// author's reference; this summary is for the modules that consume the model.
//
// Top level: `id` (required), `title` (required), `tags`, `model` (default `kling-ai/kling-v2.6`),
// `payload` (a mapping; default `{prompt: "test"}`), `create` (required, non-empty list of steps),
// `poll` (list of steps), `client`, `expect`. Unknown keys are errors at every level.
//
// Keys beyond SPEC 5, all resolved by the loader so that consumers see only the model below:
// - SSE item `raw_hex: "ef bb bf"` / `raw_base64: "77u/"`: exact bytes (for invalid UTF-8), stored in `SSEItem.raw`.
// - SSE item `repeat: N` (1...100000): the item is sent N times; the loader expands it into N `SSEItem`s.
// - SSE item `pad: 1MiB` (or a byte count, `64KiB`, `512B`): appends a member `"pad": "xxx…"` of that
//   many bytes to the item's JSON object `data` (for huge events without huge files); expanded by the loader,
//   which stores the result as `Body.text` holding the compact JSON (the bytes a `.json` value would send).
//
// Step kinds are exclusive: a response (`status`/`headers`/`body`), an SSE stream (`sse`/`end`, with
// optional `status`/`headers`; create steps only) or a `fault`; each may have a `delay`.
// A string `body` is `Body.text` (sent as written); any other YAML value is `Body.json`.
// A `data:` string is `Body.text` (one `data:` line per `\n`-separated line, no CR allowed); a mapping
// or list is `Body.json`; numbers and booleans are kept as the text written.
// `client.request_timeout` (beyond SPEC 5): how long the client should wait for one answer (the create's
// head, one poll); runners pass it scaled (the builtin client: `--sse-request-timeout` and the poll request
// timeout). Scenarios that use it still pass with a client that waits longer.
// `end: truncate` requires the stream's last item to be an event (not a comment or raw bytes).

/// One scripted scenario (SPEC 5): what the fake answers, and what a correct client must do.
public struct Scenario: Sendable, Equatable {
    /// Unique id across the catalogue (also the `sk-test-<id>` key suffix).
    public var id: String
    /// A sentence a person understands.
    public var title: String
    public var tags: [String]
    /// `provider/model`, as in the endpoint path.
    public var model: String
    /// The create payload the runner gives the client.
    public var payload: JSONValue
    /// Answers to successive create calls; the last repeats.
    public var create: [Step]
    /// Answers to successive `GET /generation/{id}`; the last repeats.
    public var poll: [Step]
    /// What the runner tells the client for this scenario.
    public var client: ClientSettings
    /// What a correct client ends with.
    public var expect: Expectation
    /// Where the scenario came from (file path), for messages.
    public var source: String

    public init(id: String, title: String, tags: [String] = [], model: String = "kling-ai/kling-v2.6",
                payload: JSONValue = ["prompt": "test"], create: [Step], poll: [Step] = [],
                client: ClientSettings = ClientSettings(), expect: Expectation = Expectation(), source: String = "<memory>") {
        self.id = id
        self.title = title
        self.tags = tags
        self.model = model
        self.payload = payload
        self.create = create
        self.poll = poll
        self.client = client
        self.expect = expect
        self.source = source
    }
}

/// One scripted answer: a plain response, an SSE stream, or a connection fault.
public struct Step: Sendable, Equatable {
    /// Delay before anything is sent for this step (scaled by the time scale).
    public var delayMs: Double
    public var kind: Kind

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

/// A plain HTTP answer.
public struct Response: Sendable, Equatable {
    public var status: Int
    /// Header pairs in order.
    public var headers: [Header]
    public var body: Body?

    public init(status: Int = 200, headers: [Header] = [], body: Body? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// A header name and value.
public struct Header: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A response body: JSON (sent as `application/json`) or raw text.
public enum Body: Sendable, Equatable {
    case json(JSONValue)
    case text(String)
}

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

/// An SSE stream script.
public struct SSEScript: Sendable, Equatable {
    public var status: Int
    /// Extra or replacing headers (defaults: `Content-Type: text/event-stream`, `Cache-Control: no-cache`).
    public var headers: [Header]
    public var events: [SSEItem]
    public var end: StreamEnd

    public init(status: Int = 200, headers: [Header] = [], events: [SSEItem], end: StreamEnd = .complete) {
        self.status = status
        self.headers = headers
        self.events = events
        self.end = end
    }
}

/// One item of an SSE stream: an event, a comment, or raw bytes.
public struct SSEItem: Sendable, Equatable {
    /// Delay before this item (scaled).
    public var delayMs: Double
    public var event: String?
    /// `data:` payload: JSON is serialized compactly; text may hold newlines (one `data:` line each).
    public var data: Body?
    public var id: String?
    public var retry: Int?
    /// `comment: x` sends `: x` and a blank line.
    public var comment: String?
    /// Exact bytes, sent as they are (no blank line added).
    public var raw: [UInt8]?
    /// Send this item's bytes one at a time.
    public var dribble: Bool

    public init(delayMs: Double = 0, event: String? = nil, data: Body? = nil, id: String? = nil, retry: Int? = nil,
                comment: String? = nil, raw: [UInt8]? = nil, dribble: Bool = false) {
        self.delayMs = delayMs
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry
        self.comment = comment
        self.raw = raw
        self.dribble = dribble
    }
}

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

/// What the runner tells the client for this scenario (all durations unscaled).
public struct ClientSettings: Sendable, Equatable {
    public var pollIntervalMs: Double?
    public var pollTimeoutMs: Double?
    public var sseIdleTimeoutMs: Double?
    /// Run the client with no API key at all.
    public var apiKeyAbsent: Bool
    /// How long the client waits for one answer (create head or poll), when the scenario depends on it.
    public var requestTimeoutMs: Double?

    public init(pollIntervalMs: Double? = nil, pollTimeoutMs: Double? = nil, sseIdleTimeoutMs: Double? = nil,
                apiKeyAbsent: Bool = false, requestTimeoutMs: Double? = nil) {
        self.pollIntervalMs = pollIntervalMs
        self.pollTimeoutMs = pollTimeoutMs
        self.sseIdleTimeoutMs = sseIdleTimeoutMs
        self.apiKeyAbsent = apiKeyAbsent
        self.requestTimeoutMs = requestTimeoutMs
    }
}

/// The `expect:` block.
public struct Expectation: Sendable, Equatable {
    /// A terminal status (upper case), an error category, `timeout` or `missing_key`.
    public var outcome: String?
    public var exit: Int?
    public var creates: CountCheck?
    public var polls: CountCheck?

    public init(outcome: String? = nil, exit: Int? = nil, creates: CountCheck? = nil, polls: CountCheck? = nil) {
        self.outcome = outcome
        self.exit = exit
        self.creates = creates
        self.polls = polls
    }
}

/// A count or a comparison (`3`, `">=3"`, `"<2"`).
public struct CountCheck: Sendable, Equatable, CustomStringConvertible {
    public enum Op: String, Sendable, CaseIterable { case eq = "==", ge = ">=", le = "<=", gt = ">", lt = "<" }
    public var op: Op
    public var value: Int

    public init(_ op: Op, _ value: Int) {
        self.op = op
        self.value = value
    }

    /// Whether `count` satisfies the check.
    public func matches(_ count: Int) -> Bool {
        switch op {
        case .eq: return count == value
        case .ge: return count >= value
        case .le: return count <= value
        case .gt: return count > value
        case .lt: return count < value
        }
    }

    public var description: String { op == .eq ? "\(value)" : "\(op.rawValue)\(value)" }

    /// Parses `3`, `"==3"`, `">=3"`, `"<=3"`, `">3"`, `"<3"`.
    public static func parse(_ text: String) -> CountCheck? {
        let t = text.trimmingWhitespace()
        for op in [Op.ge, .le, .eq, .gt, .lt] where t.hasPrefix(op.rawValue) {
            guard let v = Int(String(t.dropFirst(op.rawValue.count)).trimmingWhitespace()), v >= 0 else { return nil }
            return CountCheck(op, v)
        }
        guard let v = Int(t), v >= 0 else { return nil }
        return CountCheck(.eq, v)
    }
}
