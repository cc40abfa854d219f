import SkillsCore

/// Reports outcomes as client events and turns them into the seed's exit codes.
struct RunReporter: Sendable {
    let sink: EventSink

    /// Reports a terminal status and returns 0 (success) or 10 (failed / canceled).
    func terminal(
        source: ClientEvent.TerminalSource, generationID: String?, decision: StatusDecision, response: JSONValue?
    ) -> Int32 {
        sink.emit(.terminal(source: source, generationID: generationID, decision: decision, response: response))
        return decision.terminalExitCode ?? 10
    }

    /// Reports a final failure with its category and returns the category's exit code.
    func failure(_ failure: CallFailure, generationID: String?, attempts: Int) -> Int32 {
        sink.emit(.failure(failure, generationID: generationID, attempts: attempts))
        return failure.category.exitCode
    }

    /// Reports that the run was cancelled from outside.
    func cancelled(generationID: String?) -> Int32 {
        sink.emit(.cancelled(generationID: generationID))
        return ErrorCategory.unknown.exitCode
    }

    /// Announces that attempt `attempt` of `call` failed and the call is made again in `waitSeconds`.
    func retry(call: ClientEvent.RetriedCall, attempt: Int, waitSeconds: Double, failure: CallFailure) {
        sink.emit(.retry(call: call, nextAttempt: attempt + 1, waitSeconds: waitSeconds, failure: failure))
    }
}
