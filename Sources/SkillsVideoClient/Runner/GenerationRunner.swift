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

    /// How an SSE-first create attempt finished the call.
    enum CreateEnd: Sendable {
        /// A terminal status (or a final answer) was reported; the exit code.
        case exited(Int32)
        /// The stream ended without a terminal event after this id was seen: poll it.
        case fallback(String)
    }

    /// Runs `create` to a terminal result and returns the exit code (seed conventions, SPEC 4).
    public func create(_ options: CreateOptions) async -> Int32 {
        let url = options.sseURL
        sink.emit(.start(url: url))
        let ending = await AttemptLoop(schedule: options.retry, clock: ContinuousClock()).run(
            attempt: { _ in await streamAttempt(url: url, options: options) },
            retrying: { attempt, wait, failure in
                reporter.retry(call: .create, attempt: attempt, waitSeconds: wait, failure: failure)
            })
        switch ending {
        case .finished(.exited(let code)):
            return code
        case .finished(.fallback(let id)):
            sink.emit(
                .fallbackPollingStart(generationID: id, url: PlatformURL.generation(base: options.baseURL, id: id)))
            return await wait(
                generationID: id, baseURL: options.baseURL, settings: options.polling, retry: options.retry)
        case .failed(let failure, let attempts):
            return reporter.failure(failure, generationID: nil, attempts: attempts)
        case .cancelled, .timedOut:  // a create has no time limit: only cancellation stops it early
            return reporter.cancelled(generationID: nil)
        }
    }

    /// Polls one generation id to a terminal result and returns the exit code.
    public func wait(
        generationID: String, baseURL: String, settings: PollSettings,
        retry: RetrySchedule = .standard
    ) async -> Int32 {
        await PollLoop(
            transport: http, reporter: reporter, baseURL: baseURL, settings: settings, retry: retry,
            clock: ContinuousClock()
        ).run(generationID: generationID)
    }

    /// One create call on the SSE endpoint, read to its end.
    private func streamAttempt(url: String, options: CreateOptions) async -> AttemptStep<CreateEnd> {
        let stream: StreamResponse
        do {
            stream = try await http.openStream(
                url: url, payload: options.payload,
                headTimeout: options.sseRequestTimeout)
        } catch {
            if Task.isCancelled { return .finish(.exited(reporter.cancelled(generationID: nil))) }
            let failure = NetworkFailure(error)
            sink.emit(.sseConnectError(failure))
            return .fail(.network(failure))
        }
        guard (200..<300).contains(stream.status) else {
            let answer: HTTPAnswer
            switch await stream.collect() {
            case .success(let complete): answer = complete
            case .failure:
                answer = HTTPAnswer(status: stream.status, body: "", retryAfterSeconds: stream.retryAfterSeconds)
            }
            sink.emit(.sseHTTPError(answer))
            return .fail(.http(answer))
        }
        sink.emit(.sseOpen(httpStatus: stream.status, url: url))
        if !stream.isEventStream {
            return await jsonAnswer(stream)
        }
        return await readEvents(stream)
    }

    /// A JSON task answered on the SSE endpoint: terminal, or an id to poll.
    private func jsonAnswer(_ stream: StreamResponse) async -> AttemptStep<CreateEnd> {
        let answer: HTTPAnswer
        switch await stream.collect() {
        case .success(let complete): answer = complete
        case .failure(let failure): return .fail(.network(failure))
        }
        let payload = answer.payload
        let decision = StatusDecision(payload: payload)
        if decision.isTerminal {
            return .finish(
                .exited(
                    reporter.terminal(
                        source: .create, generationID: decision.generationID, decision: decision, response: payload)))
        }
        guard let id = decision.generationID else {
            return .fail(
                .protocolViolation(
                    "The create answer was not an event stream and carried no generation id.",
                    transient: false))
        }
        sink.emit(.sseAnsweredJSON(generationID: id))
        return .finish(.fallback(id))
    }

    /// Reads the event stream until a terminal status, its end, a break or the idle timeout.
    private func readEvents(_ stream: StreamResponse) async -> AttemptStep<CreateEnd> {
        var parser = SSEParser()
        var generationID: String?
        let reason: String
        var detail: String?
        let (chunks, stop) = stream.body()
        defer { stop() }
        do {
            for try await chunk in chunks {
                for event in parser.feed(chunk.readableBytesView) {
                    if let code = handle(event, generationID: &generationID) { return .finish(.exited(code)) }
                }
            }
            _ = parser.finish()
            reason = "stream_closed"
        } catch {
            _ = parser.finish()
            if Task.isCancelled { return .finish(.exited(reporter.cancelled(generationID: generationID))) }
            let failure = NetworkFailure(error)
            // Hang up before anything else: the backoff that follows counts from the hang-up the server sees.
            if failure.reason == .timeout { await http.hangUp() }
            reason = failure.reason == .timeout ? "idle_timeout" : failure.reason.rawValue
            detail = failure.detail
        }
        sink.emit(
            .sseStreamEnded(
                generationID: generationID, reason: reason, events: parser.dispatchedCount,
                comments: parser.commentCount, detail: detail))
        guard let generationID else {
            return .fail(
                .protocolViolation(
                    "The SSE stream ended (\(reason)) before any generation id.",
                    transient: true))
        }
        return .finish(.fallback(generationID))
    }

    /// Reports one event; returns the exit code when its status is terminal.
    private func handle(_ event: SSEEvent, generationID: inout String?) -> Int32? {
        let payload = JSONValue.parseOrText(event.data)
        let decision = StatusDecision(payload: payload)
        if generationID == nil, let id = decision.generationID { generationID = id }
        sink.emit(.sseEvent(event, generationID: generationID, decision: decision, payload: payload))
        guard decision.isTerminal else { return nil }
        return reporter.terminal(
            source: .sse, generationID: generationID ?? decision.generationID,
            decision: decision, response: payload)
    }
}
