import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import Synchronization

/// Receives a streamed answer on async-http-client's event loop: the head once, then every body part the moment
/// it is read, into an unbounded stream the reader consumes at its own pace.
///
/// Reading on the event loop keeps demand outstanding whatever Swift's cooperative pool is doing. With the async
/// body instead, bytes that arrived while the reader was not scheduled stayed unread, in the socket or in the
/// connection's state, and a reset right after them discarded them, though the server had written them whole:
/// chaos runs on a loaded 2-core machine lost ids and terminal events this way (3 of 200 runs of one seed).
final class StreamDelegate: HTTPClientResponseDelegate {
    typealias Response = Void

    /// The body parts in order, ending with the connection's error or the end of the answer.
    let chunks: AsyncThrowingStream<ByteBuffer, any Error>
    private let continuation: AsyncThrowingStream<ByteBuffer, any Error>.Continuation
    /// Completed once, by the head or by the error that came first.
    private let head: Mutex<EventLoopPromise<HTTPResponseHead>?>

    /// A delegate whose head completes `headPromise`.
    init(headPromise: EventLoopPromise<HTTPResponseHead>) {
        (chunks, continuation) = AsyncThrowingStream.makeStream(bufferingPolicy: .unbounded)
        head = Mutex(headPromise)
    }

    /// Stops the request when the reader stops reading (it finished, gave up or was cancelled).
    func cancelOnTermination(_ task: HTTPClient.Task<Void>) {
        continuation.onTermination = { _ in task.cancel() }
    }

    func didReceiveHead(task: HTTPClient.Task<Void>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        takeHeadPromise()?.succeed(head)
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Void>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        continuation.yield(buffer)
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveError(task: HTTPClient.Task<Void>, _ error: any Error) {
        takeHeadPromise()?.fail(error)
        continuation.finish(throwing: error)
    }

    func didFinishRequest(task: HTTPClient.Task<Void>) throws {
        continuation.finish()
    }

    /// Fails a head still awaited (the head timeout, a cancelled caller).
    func failHead(_ error: any Error) {
        takeHeadPromise()?.fail(error)
    }

    private func takeHeadPromise() -> EventLoopPromise<HTTPResponseHead>? {
        head.withLock { promise in
            defer { promise = nil }
            return promise
        }
    }
}
