import SkillsCore

/// One line of the client's output (SPEC 4's event vocabulary); ``json`` is its only encoding.
public enum ClientEvent: Sendable, Equatable {
    /// `start`: a create begins on the SSE endpoint at `url`.
    case start(url: String)
    /// `sse_connect_error`: the create call got no answer at all.
    case sseConnectError(NetworkFailure)
    /// `sse_http_error`: the create call was answered with a non-2xx status.
    case sseHTTPError(HTTPAnswer)
    /// `sse_open`: the create call was answered 2xx.
    case sseOpen(httpStatus: Int, url: String)
    /// `sse_event`: one dispatched event of the stream, what its data says, and the id seen so far.
    case sseEvent(SSEEvent, generationID: String?, decision: StatusDecision, payload: JSONValue?)
    /// `sse_stream_ended` with reason `json_answer`: the create endpoint answered JSON carrying this id.
    case sseAnsweredJSON(generationID: String)
    /// `sse_stream_ended`: the stream ended (`reason`) before a terminal status; `detail` says what broke it.
    case sseStreamEnded(generationID: String?, reason: String, events: Int, comments: Int, detail: String?)
    /// `fallback_polling_start`: polling takes over for `generationID` at `url`.
    case fallbackPollingStart(generationID: String, url: String)
    /// `poll`: one 2xx poll answer and what it says.
    case poll(generationID: String, attempt: Int, httpStatus: Int, decision: StatusDecision)
    /// `poll_error`: one poll that failed.
    case pollError(generationID: String, attempt: Int, failure: CallFailure)
    /// `timeout`: polling ran out of time after `polls` polls.
    case timeout(generationID: String, elapsedSeconds: Double, lastStatus: String?, polls: Int)
    /// `terminal`: a terminal status, read from `source`.
    case terminal(source: TerminalSource, generationID: String?, decision: StatusDecision, response: JSONValue?)
    /// `retry`: the same call is made again (attempt `nextAttempt`) after `waitSeconds`.
    case retry(call: RetriedCall, nextAttempt: Int, waitSeconds: Double, failure: CallFailure)
    /// `error`: a final failure after `attempts` attempts, with its category and guidance.
    case failure(CallFailure, generationID: String?, attempts: Int)
    /// `error` with `error: cancelled`: the run was cancelled from outside.
    case cancelled(generationID: String?)
    /// `error` with `error: missing_api_key`: no key for `action` (e.g. "calling skills.video APIs").
    case missingAPIKey(action: String)
    /// `error` with a bare code (`invalid_arguments`, `invalid_interval`, `inspect_failed`...) and a message.
    case commandError(code: String, message: String)
    /// `credits`: the balance read from a 2xx `GET /credits` answer.
    case credits(httpStatus: Int, balance: JSONValue?, response: JSONValue?)

    /// Where a terminal status was read.
    public enum TerminalSource: String, Sendable, Equatable {
        /// An event of the create stream.
        case sse
        /// A JSON answer of the create endpoint.
        case create
        /// A poll answer.
        case poll
    }

    /// Which call a `retry` repeats.
    public enum RetriedCall: String, Sendable, Equatable {
        /// The SSE create call.
        case create
        /// A poll of the generation.
        case poll
    }
}
