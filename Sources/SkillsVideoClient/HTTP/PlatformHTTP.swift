import AsyncHTTPClient
import Foundation
import NIOCore
import SkillsCore

/// The HTTP edge of the client: two async-http-client instances (streams, short requests) on the shared loop group.
///
/// Streams use a read timeout equal to the SSE idle timeout, short requests one equal to the request
/// timeout. Call ``shutdown()`` exactly once when done.
public final class PlatformHTTP: Sendable {
    /// The largest error or JSON body read into memory.
    static let maxBodyBytes = 8 << 20

    private let streamClient: HTTPClient
    private let requestClient: HTTPClient
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
        streamClient = HTTPClient(
            eventLoopGroup: .singletonMultiThreadedEventLoopGroup,
            configuration: PlatformHTTP.configuration(readTimeout: streamIdleTimeout))
        requestClient = HTTPClient(
            eventLoopGroup: .singletonMultiThreadedEventLoopGroup,
            configuration: PlatformHTTP.configuration(readTimeout: requestTimeout))
    }

    /// Shuts both clients down, cancelling whatever is still in flight.
    public func shutdown() async {
        try? await streamClient.shutdown()
        try? await requestClient.shutdown()
    }

    /// POSTs `payload` asking for `text/event-stream`; returns once the response head arrived.
    public func openStream(url: String, payload: JSONValue, headTimeout: Double) async throws -> StreamResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
        request.headers.add(name: "Accept", value: "text/event-stream")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Cache-Control", value: "no-cache")
        request.body = .bytes(ByteBuffer(string: payload.jsonText))
        let response = try await streamClient.execute(request, timeout: PlatformHTTP.amount(headTimeout))
        return StreamResponse(response: response, receivedAt: now())
    }

    /// GETs `url` and reads the whole answer; network problems come back as a ``NetworkFailure``.
    public func get(url: String, timeout: Double) async -> Result<HTTPAnswer, NetworkFailure> {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
        request.headers.add(name: "Accept", value: "application/json")
        do {
            let response = try await requestClient.execute(request, timeout: PlatformHTTP.amount(timeout))
            let body = try await response.body.collect(upTo: PlatformHTTP.maxBodyBytes)
            let retryAfter = RetryAfter.delay(response.headers.first(name: "Retry-After"), now: now())
            return .success(
                HTTPAnswer(
                    status: Int(response.status.code), body: String(buffer: body),
                    retryAfterSeconds: retryAfter))
        } catch {
            return .failure(NetworkFailure(error))
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
