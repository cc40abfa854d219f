import AsyncHTTPClient
import NIOCore

/// The head of a streamed answer and its body, read lazily.
public struct StreamResponse: Sendable {
    /// The response as async-http-client gave it.
    public let response: HTTPClientResponse

    /// The HTTP status code.
    public var status: Int { Int(response.status.code) }

    /// Whether the answer is an event stream (by `Content-Type`).
    public var isEventStream: Bool {
        response.headers.first(name: "Content-Type")?.lowercased().contains("text/event-stream") ?? false
    }

    /// The `Retry-After` header in seconds, when numeric.
    public var retryAfterSeconds: Double? { RetryAfter.seconds(response.headers.first(name: "Retry-After")) }

    /// Reads the whole body as a short answer (for errors and JSON answers).
    public func collect() async -> Result<HTTPAnswer, NetworkFailure> {
        do {
            let body = try await response.body.collect(upTo: PlatformHTTP.maxBodyBytes)
            return .success(
                HTTPAnswer(
                    status: status, body: String(buffer: body),
                    retryAfterSeconds: retryAfterSeconds))
        } catch {
            return .failure(NetworkFailure(error))
        }
    }
}
