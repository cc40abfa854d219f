import SkillsCore

extension ClientEvent {
    /// The event name written as the line's first member (`start`, `poll`, `error`...).
    public var name: String {
        switch self {
        case .start: return "start"
        case .sseConnectError: return "sse_connect_error"
        case .sseHTTPError: return "sse_http_error"
        case .sseOpen: return "sse_open"
        case .sseEvent: return "sse_event"
        case .sseAnsweredJSON, .sseStreamEnded: return "sse_stream_ended"
        case .fallbackPollingStart: return "fallback_polling_start"
        case .poll: return "poll"
        case .pollError: return "poll_error"
        case .timeout: return "timeout"
        case .terminal: return "terminal"
        case .retry: return "retry"
        case .failure, .cancelled, .missingAPIKey, .commandError: return "error"
        case .credits: return "credits"
        }
    }

    /// The event as its output line: `{"event": name, ...fields}`, absent values written as `null`.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("event", .string(name))]
        for (key, value) in fields { members.append((key, value ?? .null)) }
        return .object(members)
    }

    /// The members after `event`, in output order (SPEC 4; the conformance runner reads them).
    private var fields: KeyValuePairs<String, JSONValue?> {
        switch self {
        case .start(let url):
            return ["url": .string(url), "mode": "sse_then_poll_fallback"]
        case .sseConnectError(let failure):
            return ["reason": .string(failure.reason.rawValue), "message": .string(failure.detail)]
        case .sseHTTPError(let answer):
            return [
                "http_status": Self.number(answer.status), "message": .string(answer.message),
                "payload": answer.payload,
            ]
        case .sseOpen(let httpStatus, let url):
            return ["http_status": Self.number(httpStatus), "url": .string(url)]
        case .sseEvent(let event, let generationID, let decision, let payload):
            return [
                "sse_event_name": .string(event.type),
                "sse_id": event.lastEventID.isEmpty ? nil : .string(event.lastEventID),
                "generation_id": Self.text(generationID), "status": Self.text(decision.status),
                "status_key": Self.text(decision.statusKey), "terminal": .bool(decision.isTerminal),
                "payload": payload,
            ]
        case .sseAnsweredJSON(let generationID):
            return [
                "generation_id": .string(generationID), "reason": "json_answer",
                "message": "The create endpoint answered JSON instead of an event stream.",
            ]
        case .sseStreamEnded(let generationID, let reason, let events, let comments, let detail):
            return [
                "generation_id": Self.text(generationID), "reason": .string(reason),
                "events": Self.number(events), "comments": Self.number(comments),
                "message": .string(
                    detail.map { "SSE stream ended before terminal status: \($0)" }
                        ?? "SSE stream ended before terminal status."),
            ]
        case .fallbackPollingStart(let generationID, let url):
            return ["generation_id": .string(generationID), "url": .string(url)]
        case .poll(let generationID, let attempt, let httpStatus, let decision):
            return [
                "generation_id": .string(generationID), "attempt": Self.number(attempt),
                "http_status": Self.number(httpStatus), "status": Self.text(decision.status),
                "status_key": Self.text(decision.statusKey), "terminal": .bool(decision.isTerminal),
            ]
        case .pollError(let generationID, let attempt, let failure):
            return [
                "generation_id": .string(generationID), "attempt": Self.number(attempt),
                "http_status": failure.httpStatus.map(Self.number), "transient": .bool(failure.isTransient),
                "category": .string(failure.category.rawValue), "reason": .string(failure.reason),
                "message": .string(failure.message),
            ]
        case .timeout(let generationID, let elapsedSeconds, let lastStatus, let polls):
            return [
                "generation_id": .string(generationID), "elapsed_seconds": .number(Self.rounded(elapsedSeconds)),
                "last_status": Self.text(lastStatus), "polls": Self.number(polls),
            ]
        case .terminal(let source, let generationID, let decision, let response):
            return [
                "source": .string(source.rawValue), "ok": .bool(decision.isSuccess),
                "generation_id": Self.text(generationID), "status": Self.text(decision.status),
                "response": response,
            ]
        case .retry(let call, let nextAttempt, let waitSeconds, let failure):
            return [
                "call": .string(call.rawValue), "attempt": Self.number(nextAttempt),
                "wait_s": .number(Self.rounded(max(0, waitSeconds))), "reason": .string(failure.reason),
                "http_status": failure.httpStatus.map(Self.number),
                "retry_after_s": failure.retryAfterSeconds.map(JSONValue.number),
            ]
        case .failure(let failure, let generationID, let attempts):
            let category = failure.category
            var payload: JSONValue?
            if case .http(let answer) = failure { payload = answer.payload }
            return [
                "error": .string(category.rawValue), "category": .string(category.rawValue),
                "http_status": failure.httpStatus.map(Self.number), "message": .string(failure.message),
                "reason": .string(failure.reason), "attempts": Self.number(attempts),
                "generation_id": Self.text(generationID), "should_retry": .bool(category.shouldRetry),
                "guidance": .array(category.guidance.map(JSONValue.string)), "payload": payload,
            ]
        case .cancelled(let generationID):
            return [
                "error": "cancelled", "category": .string(ErrorCategory.unknown.rawValue),
                "message": "The run was cancelled before a terminal status.",
                "generation_id": Self.text(generationID),
            ]
        case .missingAPIKey(let action):
            return [
                "error": "missing_api_key",
                "message": .string("Set \(SkillsVideoCLI.apiKeyVariable) before \(action)."),
                "env_var": .string(SkillsVideoCLI.apiKeyVariable),
            ]
        case .commandError(let code, let message):
            return ["error": .string(code), "message": .string(message)]
        case .credits(let httpStatus, let balance, let response):
            return ["http_status": Self.number(httpStatus), "balance": balance, "response": response]
        }
    }

    /// An integer as a JSON number.
    private static func number(_ value: Int) -> JSONValue { .number(Double(value)) }

    /// Optional text as a JSON string (nil stays absent and is written as `null`).
    private static func text(_ value: String?) -> JSONValue? { value.map(JSONValue.string) }

    /// Seconds rounded to the millisecond for output.
    static func rounded(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }
}
