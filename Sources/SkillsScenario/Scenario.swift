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
    /// Short words for filtering and grouping (`sse`, `fallback`...).
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

    /// A scenario with the loader's defaults for everything optional.
    public init(
        id: String, title: String, tags: [String] = [], model: String = "kling-ai/kling-v2.6",
        payload: JSONValue = ["prompt": "test"], create: [Step], poll: [Step] = [],
        client: ClientSettings = ClientSettings(), expect: Expectation = Expectation(), source: String = "<memory>"
    ) {
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
