import SkillsCore

/// Polls `GET /generation/{id}` until a terminal status, a final error or the poll timeout.
///
/// Each poll starts at least an interval after the previous answer; after a transient failure (429, 5xx, network)
/// the wait, counted from the failure, doubles from max(backoff base, interval) and is never shorter
/// than `Retry-After`; the timeout is checked before each poll and every wait is clipped to it.
struct PollLoop: Sendable {
    let http: PlatformHTTP
    let reporter: RunReporter
    let baseURL: String
    let settings: PollSettings
    let retry: RetrySchedule

    private var sink: EventSink { reporter.sink }

    /// Runs the loop for one generation id and returns the exit code.
    func run(generationID: String) async -> Int32 {
        let clock = ContinuousClock()
        let url = PlatformURL.generation(base: baseURL, id: generationID)
        let started = clock.now
        let deadline = started + .seconds(settings.timeout)
        let schedule = retry.flooredBase(atLeast: settings.interval)
        var nextStart = started
        var attempt = 0
        var failures = 0
        var lastStatus: String?
        var gaps = RetryGapTracker()
        while true {
            if Task.isCancelled { return reporter.cancelled(generationID: generationID) }
            if nextStart > clock.now {
                do {
                    try await Task.sleep(until: min(nextStart, deadline), clock: clock)
                } catch {
                    return reporter.cancelled(generationID: generationID)
                }
            }
            if clock.now >= deadline {
                sink.emit(
                    "timeout",
                    [
                        "generation_id": .string(generationID),
                        "elapsed_seconds": .number(RunReporter.rounded((clock.now - started).seconds)),
                        "last_status": lastStatus.map(JSONValue.string),
                        "polls": .number(Double(attempt)),
                    ])
                return 11
            }
            attempt += 1
            gaps.attemptStarted(at: clock.now)
            let failure: CallFailure
            switch await http.get(url: url, timeout: settings.requestTimeout) {
            case .success(let answer) where answer.isSuccess:
                failures = 0
                gaps.reset()
                let payload = answer.payload
                let decision = StatusDecision(payload: payload)
                sink.emit(
                    "poll",
                    [
                        "generation_id": .string(generationID),
                        "attempt": .number(Double(attempt)),
                        "http_status": .number(Double(answer.status)),
                        "status": decision.status.map(JSONValue.string),
                        "status_key": decision.statusKey.map(JSONValue.string),
                        "terminal": .bool(decision.isTerminal),
                    ])
                if let status = decision.status { lastStatus = status }
                if decision.isTerminal {
                    return reporter.terminal(
                        source: "poll", generationID: generationID, decision: decision,
                        response: payload)
                }
                // Counted from the answer: the server sees the polls at least an interval apart even when
                // the previous request spent time connecting.
                nextStart = clock.now + .seconds(settings.interval)
                continue
            case .success(let answer):
                failure = .http(answer)
            case .failure(let network):
                if Task.isCancelled { return reporter.cancelled(generationID: generationID) }
                failure = .network(network)
            }
            sink.emit(
                "poll_error",
                [
                    "generation_id": .string(generationID),
                    "attempt": .number(Double(attempt)),
                    "http_status": failure.httpStatus.map { .number(Double($0)) },
                    "transient": .bool(failure.isTransient),
                    "category": .string(failure.category.rawValue),
                    "reason": .string(failure.reason),
                    "message": .string(failure.message),
                ])
            guard failure.isTransient else {
                return reporter.failure(failure, generationID: generationID, attempts: attempt)
            }
            failures += 1
            let previousGap = gaps.failed(at: clock.now, answered: failure.httpStatus != nil)
            guard
                case .retry(let wait) = schedule.decision(
                    afterFailure: failures, retryAfter: failure.retryAfterSeconds, previousGap: previousGap)
            else {
                return reporter.failure(failure, generationID: generationID, attempts: attempt)
            }
            nextStart = clock.now + .seconds(max(wait, settings.interval))
            reporter.retry(
                call: "poll", attempt: attempt, waitSeconds: (nextStart - clock.now).seconds,
                failure: failure)
        }
    }
}
