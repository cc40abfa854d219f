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

extension StreamResponse {
    /// The body's chunks, drained from async-http-client as fast as they arrive into an unbounded buffer.
    ///
    /// async-http-client keeps demand for one chunk at a time; bytes that arrive while the reader is busy wait in
    /// its connection state, and a reset or an early close then fails the body and drops them, although the
    /// server sent them whole (chaos runs under load lost served terminal events and ids this way). A task that
    /// only moves chunks keeps demand outstanding; the reader parses at its own pace and sees every byte received
    /// before the break, then the break. Cancelling the returned task stops the drain (and the request).
    public func drainedBody() -> (chunks: AsyncThrowingStream<ByteBuffer, Error>, drain: Task<Void, Never>) {
        let (chunks, continuation) = AsyncThrowingStream<ByteBuffer, Error>.makeStream(bufferingPolicy: .unbounded)
        let body = response.body
        let drain = Task {
            do {
                for try await chunk in body { continuation.yield(chunk) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in drain.cancel() }
        return (chunks, drain)
    }
}
