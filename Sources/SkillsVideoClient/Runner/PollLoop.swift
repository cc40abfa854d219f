import SkillsCore

/// Polls `GET /generation/{id}` until a terminal status, a final error or the poll timeout.
///
/// Each poll starts at least an interval after the previous answer; after a transient failure (429, 5xx, network)
/// the wait, counted from the failure, doubles from max(backoff base, interval) and is never shorter
/// than `Retry-After`; the timeout is checked before each poll and every wait is clipped to it (``AttemptLoop``).
struct PollLoop<Transport: PollTransport, C: Clock>: Sendable where C.Duration == Duration {
    let transport: Transport
    let reporter: RunReporter
    let baseURL: String
    let settings: PollSettings
    let retry: RetrySchedule
    let clock: C

    private var sink: EventSink { reporter.sink }

    /// Runs the loop for one generation id and returns the exit code.
    func run(generationID: String) async -> Int32 {
        let url = PlatformURL.generation(base: baseURL, id: generationID)
        let loop = AttemptLoop(
            schedule: retry.flooredBase(atLeast: settings.interval), clock: clock, timeLimit: settings.timeout)
        var lastStatus: String?
        let ending = await loop.run(
            attempt: { attempt in
                await poll(url: url, generationID: generationID, attempt: attempt, lastStatus: &lastStatus)
            },
            retrying: { attempt, wait, failure in
                reporter.retry(call: .poll, attempt: attempt, waitSeconds: wait, failure: failure)
            })
        switch ending {
        case .finished(let code):
            return code
        case .failed(let failure, let attempts):
            return reporter.failure(failure, generationID: generationID, attempts: attempts)
        case .timedOut(let polls, let elapsed):
            sink.emit(
                .timeout(generationID: generationID, elapsedSeconds: elapsed, lastStatus: lastStatus, polls: polls))
            return 11
        case .cancelled:
            return reporter.cancelled(generationID: generationID)
        }
    }

    /// One poll: reports its answer; finishes on a terminal status, goes on after the interval otherwise.
    private func poll(url: String, generationID: String, attempt: Int, lastStatus: inout String?) async
        -> AttemptStep<Int32>
    {
        let failure: CallFailure
        switch await transport.get(url: url, timeout: settings.requestTimeout) {
        case .success(let answer) where answer.isSuccess:
            let payload = answer.payload
            let decision = StatusDecision(payload: payload)
            sink.emit(
                .poll(generationID: generationID, attempt: attempt, httpStatus: answer.status, decision: decision))
            if let status = decision.status { lastStatus = status }
            if decision.isTerminal {
                return .finish(
                    reporter.terminal(source: .poll, generationID: generationID, decision: decision, response: payload))
            }
            // Counted from the answer: the server sees the polls at least an interval apart even when
            // the previous request spent time connecting.
            return .proceed(afterSeconds: settings.interval)
        case .success(let answer):
            failure = .http(answer)
        case .failure(let network):
            if Task.isCancelled { return .finish(reporter.cancelled(generationID: generationID)) }
            failure = .network(network)
        }
        sink.emit(.pollError(generationID: generationID, attempt: attempt, failure: failure))
        return .fail(failure)
    }
}
