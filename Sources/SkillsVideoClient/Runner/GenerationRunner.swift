import SkillsCore

/// The documented workflow: SSE-first create, fallback polling of the same id, bounded retries.
public struct GenerationRunner: Sendable {
    private let http: PlatformHTTP
    private let reporter: RunReporter

    /// Creates a runner writing its JSON lines to `sink`, calling the platform through `http`.
    public init(http: PlatformHTTP, sink: EventSink) {
        self.http = http
        reporter = RunReporter(sink: sink)
    }

    private var sink: EventSink { reporter.sink }

    /// What one SSE-first create attempt ended with.
    enum AttemptResult: Sendable {
        /// A terminal status (or a final answer) was reported; the exit code.
        case finished(Int32)
        /// The stream ended without a terminal event after this id was seen: poll it.
        case fallback(String)
        /// The call failed before any id was seen.
        case failed(CallFailure)
    }

    /// Runs `create` to a terminal result and returns the exit code (seed conventions, SPEC 4).
    public func create(_ options: CreateOptions) async -> Int32 {
        let url = options.sseURL
        sink.emit("start", ["url": .string(url), "mode": "sse_then_poll_fallback"])
        let clock = ContinuousClock()
        var failures = 0
        var attempt = 0
        var gaps = RetryGapTracker()
        while true {
            if Task.isCancelled { return reporter.cancelled(generationID: nil) }
            attempt += 1
            gaps.attemptStarted(at: clock.now)
            switch await streamAttempt(url: url, options: options) {
            case .finished(let code):
                return code
            case .fallback(let id):
                sink.emit(
                    "fallback_polling_start",
                    [
                        "generation_id": .string(id),
                        "url": .string(PlatformURL.generation(base: options.baseURL, id: id)),
                    ])
                return await wait(
                    generationID: id, baseURL: options.baseURL, settings: options.polling,
                    retry: options.retry)
            case .failed(let failure):
                guard failure.isTransient else {
                    return reporter.failure(failure, generationID: nil, attempts: attempt)
                }
                failures += 1
                let previousGap = gaps.failed(at: clock.now, answered: failure.httpStatus != nil)
                guard
                    case .retry(let wait) = options.retry.decision(
                        afterFailure: failures, retryAfter: failure.retryAfterSeconds, previousGap: previousGap)
                else {
                    return reporter.failure(failure, generationID: nil, attempts: attempt)
                }
                reporter.retry(call: "create", attempt: attempt, waitSeconds: wait, failure: failure)
                do {
                    try await Task.sleep(for: .seconds(wait))
                } catch {
                    return reporter.cancelled(generationID: nil)
                }
            }
        }
    }

    /// Polls one generation id to a terminal result and returns the exit code.
    public func wait(
        generationID: String, baseURL: String, settings: PollSettings,
        retry: RetrySchedule = .standard
    ) async -> Int32 {
        await PollLoop(http: http, reporter: reporter, baseURL: baseURL, settings: settings, retry: retry)
            .run(generationID: generationID)
    }

    /// One create call on the SSE endpoint, read to its end.
    private func streamAttempt(url: String, options: CreateOptions) async -> AttemptResult {
        let stream: StreamResponse
        do {
            stream = try await http.openStream(
                url: url, payload: options.payload,
                headTimeout: options.sseRequestTimeout)
        } catch {
            if Task.isCancelled { return .finished(reporter.cancelled(generationID: nil)) }
            let failure = NetworkFailure(error)
            sink.emit(
                "sse_connect_error",
                [
                    "reason": .string(failure.reason.rawValue),
                    "message": .string(failure.detail),
                ])
            return .failed(.network(failure))
        }
        guard (200..<300).contains(stream.status) else {
            let answer: HTTPAnswer
            switch await stream.collect() {
            case .success(let complete): answer = complete
            case .failure:
                answer = HTTPAnswer(status: stream.status, body: "", retryAfterSeconds: stream.retryAfterSeconds)
            }
            sink.emit(
                "sse_http_error",
                [
                    "http_status": .number(Double(answer.status)),
                    "message": .string(answer.message),
                    "payload": answer.payload,
                ])
            return .failed(.http(answer))
        }
        sink.emit("sse_open", ["http_status": .number(Double(stream.status)), "url": .string(url)])
        if !stream.isEventStream {
            return await jsonAnswer(stream)
        }
        return await readEvents(stream)
    }

    /// A JSON task answered on the SSE endpoint: terminal, or an id to poll.
    private func jsonAnswer(_ stream: StreamResponse) async -> AttemptResult {
        let answer: HTTPAnswer
        switch await stream.collect() {
        case .success(let complete): answer = complete
        case .failure(let failure): return .failed(.network(failure))
        }
        let payload = answer.payload
        let decision = StatusDecision(payload: payload)
        if decision.isTerminal {
            return .finished(
                reporter.terminal(
                    source: "create", generationID: decision.generationID,
                    decision: decision, response: payload))
        }
        guard let id = decision.generationID else {
            return .failed(
                .protocolViolation(
                    "The create answer was not an event stream and carried no generation id.",
                    transient: false))
        }
        sink.emit(
            "sse_stream_ended",
            [
                "generation_id": .string(id),
                "reason": "json_answer",
                "message": "The create endpoint answered JSON instead of an event stream.",
            ])
        return .fallback(id)
    }

    /// Reads the event stream until a terminal status, its end, a break or the idle timeout.
    private func readEvents(_ stream: StreamResponse) async -> AttemptResult {
        var parser = SSEParser()
        var generationID: String?
        let reason: String
        var detail: String?
        let (chunks, stop) = stream.body()
        defer { stop() }
        do {
            for try await chunk in chunks {
                for event in parser.feed(chunk.readableBytesView) {
                    if let code = handle(event, generationID: &generationID) { return .finished(code) }
                }
            }
            _ = parser.finish()
            reason = "stream_closed"
        } catch {
            _ = parser.finish()
            if Task.isCancelled { return .finished(reporter.cancelled(generationID: generationID)) }
            let failure = NetworkFailure(error)
            // Hang up before anything else: the backoff that follows counts from the hang-up the server sees.
            if failure.reason == .timeout { await http.hangUp() }
            reason = failure.reason == .timeout ? "idle_timeout" : failure.reason.rawValue
            detail = failure.detail
        }
        sink.emit(
            "sse_stream_ended",
            [
                "generation_id": generationID.map(JSONValue.string),
                "reason": .string(reason),
                "events": .number(Double(parser.dispatchedCount)),
                "comments": .number(Double(parser.commentCount)),
                "message": .string(
                    detail.map { "SSE stream ended before terminal status: \($0)" }
                        ?? "SSE stream ended before terminal status."),
            ])
        guard let generationID else {
            return .failed(
                .protocolViolation(
                    "The SSE stream ended (\(reason)) before any generation id.",
                    transient: true))
        }
        return .fallback(generationID)
    }

    /// Reports one event; returns the exit code when its status is terminal.
    private func handle(_ event: SSEEvent, generationID: inout String?) -> Int32? {
        let payload = JSONValue.parseOrText(event.data)
        let decision = StatusDecision(payload: payload)
        if generationID == nil, let id = decision.generationID { generationID = id }
        sink.emit(
            "sse_event",
            [
                "sse_event_name": .string(event.type),
                "sse_id": event.lastEventID.isEmpty ? nil : .string(event.lastEventID),
                "generation_id": generationID.map(JSONValue.string),
                "status": decision.status.map(JSONValue.string),
                "status_key": decision.statusKey.map(JSONValue.string),
                "terminal": .bool(decision.isTerminal),
                "payload": payload,
            ])
        guard decision.isTerminal else { return nil }
        return reporter.terminal(
            source: "sse", generationID: generationID ?? decision.generationID,
            decision: decision, response: payload)
    }
}
