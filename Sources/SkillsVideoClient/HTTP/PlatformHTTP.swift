import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SkillsCore
import Synchronization

/// The HTTP edge of the client: two async-http-client instances (streams, short requests) on the shared loop group.
///
/// Streams use a read timeout equal to the SSE idle timeout, short requests one equal to the request
/// timeout. Call ``shutdown()`` exactly once when done.
public final class PlatformHTTP: Sendable {
    /// The largest error or JSON body read into memory.
    static let maxBodyBytes = 8 << 20

    private let streamClient: Mutex<HTTPClient>
    private let requestClient: Mutex<HTTPClient>
    private let streamIdleTimeout: Double
    private let requestTimeout: Double
    private let apiKey: String
    /// The wall clock an HTTP-date `Retry-After` is measured against (injectable for tests).
    private let now: @Sendable () -> Date

    /// Creates the clients; timeouts are in seconds. `now` is the wall clock for HTTP-date `Retry-After` values.
    public init(
        apiKey: String, streamIdleTimeout: Double, requestTimeout: Double,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.apiKey = apiKey
        self.now = now
        self.streamIdleTimeout = streamIdleTimeout
        self.requestTimeout = requestTimeout
        streamClient = Mutex(PlatformHTTP.client(readTimeout: streamIdleTimeout))
        requestClient = Mutex(PlatformHTTP.client(readTimeout: requestTimeout))
    }

    /// Shuts both clients down, cancelling whatever is still in flight.
    public func shutdown() async {
        try? await streamClient.withLock { $0 }.shutdown()
        try? await requestClient.withLock { $0 }.shutdown()
    }

    /// Hangs up every connection now and waits until they are closed (new calls get fresh connections).
    ///
    /// Called when the client gives up on an answer (a timeout): the library would otherwise close the
    /// connection a little later, on its own loop, and the server would see the retry's backoff start late.
    public func hangUp() async {
        let fresh = (
            PlatformHTTP.client(readTimeout: streamIdleTimeout), PlatformHTTP.client(readTimeout: requestTimeout)
        )
        let oldStream = streamClient.withLock { client in
            defer { client = fresh.0 }
            return client
        }
        let oldRequest = requestClient.withLock { client in
            defer { client = fresh.1 }
            return client
        }
        try? await oldStream.shutdown()
        try? await oldRequest.shutdown()
    }

    /// A client on the shared loop group with the platform configuration.
    static func client(readTimeout: Double) -> HTTPClient {
        HTTPClient(
            eventLoopGroup: .singletonMultiThreadedEventLoopGroup,
            configuration: configuration(readTimeout: readTimeout))
    }

    /// POSTs `payload` asking for `text/event-stream`; returns once the response head arrived (within
    /// `headTimeout` seconds). The body is then read on the event loop as it arrives (`StreamDelegate`).
    public func openStream(url: String, payload: JSONValue, headTimeout: Double) async throws -> StreamResponse {
        var headers = HTTPHeaders()
        headers.add(name: "Authorization", value: "Bearer \(apiKey)")
        headers.add(name: "Accept", value: "text/event-stream")
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Cache-Control", value: "no-cache")
        let request = try HTTPClient.Request(url: url, method: .POST, headers: headers, body: .string(payload.jsonText))
        let client = streamClient.withLock { $0 }
        let eventLoop = client.eventLoopGroup.next()
        let headPromise = eventLoop.makePromise(of: HTTPResponseHead.self)
        let delegate = StreamDelegate(headPromise: headPromise)
        // Delegate and connection on one loop: each part renews demand before the loop reads again. With the
        // connection on another loop, parts that came with a close waited for that hop and were dropped.
        let task = client.execute(request: request, delegate: delegate, eventLoop: .delegateAndChannel(on: eventLoop))
        delegate.cancelOnTermination(task)
        let timer = eventLoop.scheduleTask(in: PlatformHTTP.amount(headTimeout)) {
            delegate.failHead(HTTPClientError.readTimeout)
            task.cancel()
        }
        let head: HTTPResponseHead
        do {
            head = try await withTaskCancellationHandler {
                try await headPromise.futureResult.get()
            } onCancel: {
                delegate.failHead(CancellationError())
                task.cancel()
            }
            timer.cancel()
        } catch {
            timer.cancel()
            task.cancel()
            if NetworkFailure(error).reason == .timeout { await hangUp() }
            throw error
        }
        return StreamResponse(head: head, receivedAt: now(), chunks: delegate.chunks, cancel: { task.cancel() })
    }

    /// GETs `url` and reads the whole answer; network problems come back as a ``NetworkFailure``.
    public func get(url: String, timeout: Double) async -> Result<HTTPAnswer, NetworkFailure> {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
        request.headers.add(name: "Accept", value: "application/json")
        let client = requestClient.withLock { $0 }
        do {
            let response = try await client.execute(request, timeout: PlatformHTTP.amount(timeout))
            let body = try await response.body.collect(upTo: PlatformHTTP.maxBodyBytes)
            let retryAfter = RetryAfter.delay(response.headers.first(name: "Retry-After"), now: now())
            return .success(
                HTTPAnswer(
                    status: Int(response.status.code), body: String(buffer: body),
                    retryAfterSeconds: retryAfter))
        } catch {
            let failure = NetworkFailure(error)
            if failure.reason == .timeout { await hangUp() }
            return .failure(failure)
        }
    }

    static func configuration(readTimeout: Double) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: amount(min(readTimeout, 30)), read: amount(readTimeout)))
        configuration.httpVersion = .http1Only
        // Refused connections fail at once: the runner's own retry schedule decides what happens next.
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }

    /// Seconds as a NIO amount, at least one millisecond.
    static func amount(_ seconds: Double) -> TimeAmount {
        let nanos = seconds.isFinite ? max(seconds, 0.001) * 1e9 : 3.6e12
        return .nanoseconds(Int64(min(nanos, 3.6e15)))
    }
}
