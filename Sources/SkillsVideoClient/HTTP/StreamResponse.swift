import AsyncHTTPClient
import Foundation
import NIOCore
import SkillsCore

/// The head of a streamed answer and its body, read lazily.
public struct StreamResponse: Sendable {
    /// The response as async-http-client gave it.
    public let response: HTTPClientResponse
    /// Wall-clock time the head arrived: an HTTP-date `Retry-After` counts from here.
    public let receivedAt: Date

    /// Wraps a response whose head arrived at `receivedAt`.
    public init(response: HTTPClientResponse, receivedAt: Date) {
        self.response = response
        self.receivedAt = receivedAt
    }

    /// The HTTP status code.
    public var status: Int { Int(response.status.code) }

    /// Whether the answer is an event stream (by `Content-Type`).
    public var isEventStream: Bool {
        response.headers.first(name: "Content-Type")?.lowercased().contains("text/event-stream") ?? false
    }

    /// The wait the `Retry-After` header asks for, in seconds (delay-seconds, or an HTTP-date less `receivedAt`,
    /// never negative); nil when absent or malformed.
    public var retryAfterSeconds: Double? {
        RetryAfter.delay(response.headers.first(name: "Retry-After"), now: receivedAt)
    }

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
