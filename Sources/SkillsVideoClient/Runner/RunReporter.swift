import SkillsCore

/// Turns outcomes into the seed's JSON lines and exit codes.
struct RunReporter: Sendable {
    let sink: EventSink

    /// Reports a terminal status and returns 0 (success) or 10 (failed / canceled).
    func terminal(source: String, generationID: String?, decision: StatusDecision, response: JSONValue?) -> Int32 {
        sink.emit(
            "terminal",
            [
                "source": .string(source),
                "ok": .bool(decision.isSuccess),
                "generation_id": generationID.map(JSONValue.string),
                "status": decision.status.map(JSONValue.string),
                "response": response,
            ])
        return decision.terminalExitCode ?? 10
    }

    /// Reports a final failure with its category and returns the category's exit code.
    func failure(_ failure: CallFailure, generationID: String?, attempts: Int) -> Int32 {
        let category = failure.category
        var payload: JSONValue? = nil
        if case .http(let answer) = failure { payload = answer.payload }
        sink.emit(
            "error",
            [
                "error": .string(category.rawValue),
                "category": .string(category.rawValue),
                "http_status": failure.httpStatus.map { .number(Double($0)) },
                "message": .string(failure.message),
                "reason": .string(failure.reason),
                "attempts": .number(Double(attempts)),
                "generation_id": generationID.map(JSONValue.string),
                "should_retry": .bool(category.shouldRetry),
                "guidance": .array(category.guidance.map(JSONValue.string)),
                "payload": payload,
            ])
        return category.exitCode
    }

    /// Reports that the run was cancelled from outside.
    func cancelled(generationID: String?) -> Int32 {
        sink.emit(
            "error",
            [
                "error": "cancelled",
                "category": .string(ErrorCategory.unknown.rawValue),
                "message": "The run was cancelled before a terminal status.",
                "generation_id": generationID.map(JSONValue.string),
            ])
        return ErrorCategory.unknown.exitCode
    }

    /// Announces a retry of the same call in `waitSeconds`.
    func retry(call: String, attempt: Int, waitSeconds: Double, failure: CallFailure) {
        sink.emit(
            "retry",
            [
                "call": .string(call),
                "attempt": .number(Double(attempt + 1)),
                "wait_s": .number(Self.rounded(max(0, waitSeconds))),
                "reason": .string(failure.reason),
                "http_status": failure.httpStatus.map { .number(Double($0)) },
                "retry_after_s": failure.retryAfterSeconds.map(JSONValue.number),
            ])
    }

    /// Seconds rounded to the millisecond for output.
    static func rounded(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }
}

extension Duration {
    /// The duration in seconds as a Double.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
