import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SkillsCore

/// The head of a streamed answer and its body, which arrives in order on the event loop and is read lazily.
public struct StreamResponse: Sendable {
    /// The HTTP status code.
    public let status: Int
    /// The response headers.
    public let headers: HTTPHeaders
    /// Wall-clock time the head arrived: an HTTP-date `Retry-After` counts from here.
    public let receivedAt: Date
    /// The body parts, read for the reader as they arrive (see `StreamDelegate`).
    private let chunks: AsyncThrowingStream<ByteBuffer, any Error>
    /// Stops the request (idempotent).
    private let cancel: @Sendable () -> Void

    /// A response whose head arrived at `receivedAt`, its body in `chunks`; `cancel` stops the request.
    init(
        head: HTTPResponseHead, receivedAt: Date, chunks: AsyncThrowingStream<ByteBuffer, any Error>,
        cancel: @escaping @Sendable () -> Void
    ) {
        status = Int(head.status.code)
        headers = head.headers
        self.receivedAt = receivedAt
        self.chunks = chunks
        self.cancel = cancel
    }

    /// Whether the answer is an event stream (by `Content-Type`).
    public var isEventStream: Bool {
        headers.first(name: "Content-Type")?.lowercased().contains("text/event-stream") ?? false
    }

    /// The wait the `Retry-After` header asks for, in seconds (delay-seconds, or an HTTP-date less `receivedAt`,
    /// never negative); nil when absent or malformed.
    public var retryAfterSeconds: Double? {
        RetryAfter.delay(headers.first(name: "Retry-After"), now: receivedAt)
    }

    /// Reads the whole body as a short answer (for errors and JSON answers), at most `PlatformHTTP.maxBodyBytes`.
    public func collect() async -> Result<HTTPAnswer, NetworkFailure> {
        defer { cancel() }
        var body = ByteBuffer()
        do {
            for try await var chunk in chunks {
                guard body.readableBytes + chunk.readableBytes <= PlatformHTTP.maxBodyBytes else {
                    return .failure(
                        NetworkFailure(
                            reason: .other, detail: "the answer is larger than \(PlatformHTTP.maxBodyBytes) bytes"))
                }
                body.writeBuffer(&chunk)
            }
            return .success(
                HTTPAnswer(status: status, body: String(buffer: body), retryAfterSeconds: retryAfterSeconds))
        } catch {
            return .failure(NetworkFailure(error))
        }
    }

    /// The body's chunks, in order, then the end or the break; and a call that stops the request (when the reader
    /// is done early, or cancelled).
    public func body() -> (chunks: AsyncThrowingStream<ByteBuffer, any Error>, stop: @Sendable () -> Void) {
        (chunks, cancel)
    }
}
