import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import SkillsCore
import SkillsMockServer
import SkillsScenario

/// Relays one upstream answer to the front as it arrives and records it: an async-http-client delegate whose
/// callbacks run on the upstream connection's event loop, so the head and every chunk go straight from there to
/// the front's loop (no hop through a Swift task in between).
///
/// Every method runs on the upstream connection's event loop, one at a time (and `finish` after a failure runs
/// there too, from the task's future), so the state needs no lock.
final class UpstreamRelay: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = RecordedAnswer

    private let reply: ForwardedReply
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var head: (status: Int, headers: [Header])?
    /// Cuts the body into pieces when the answer is an SSE stream (nil for any other answer).
    private var splitter: SSESplitter?
    private var body: [UInt8] = []
    /// Real milliseconds from the request's arrival to the answer's head (or the failure before it).
    private(set) var delayMs = 0.0

    /// A relay to `reply`, timing from now (the request's arrival at the front).
    init(reply: ForwardedReply) {
        self.reply = reply
        start = clock.now
    }

    /// Real milliseconds since the request arrived.
    private func elapsedMs() -> Double { (clock.now - start).milliseconds }

    func didReceiveHead(task: HTTPClient.Task<RecordedAnswer>, _ received: HTTPResponseHead) -> EventLoopFuture<Void> {
        delayMs = elapsedMs()
        let status = Int(received.status.code)
        let headers = received.headers.filter { !RecordingProxy.isHopByHop($0.name) }.map { Header($0.name, $0.value) }
        head = (status, headers)
        reply.head(status: status, headers: headers)
        if headers.value(named: "content-type")?.lowercased().hasPrefix("text/event-stream") == true {
            splitter = SSESplitter(startMs: delayMs)
        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<RecordedAnswer>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        let bytes = Array(buffer.readableBytesView)
        reply.send(bytes)
        if splitter != nil { splitter?.feed(bytes, atMs: elapsedMs()) } else { body += bytes }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didFinishRequest(task: HTTPClient.Task<RecordedAnswer>) throws -> RecordedAnswer {
        finish(.complete)
    }

    /// Ends the answer at the front the way the upstream ended (`complete`, or the failure's end) and returns
    /// what was served: a fault when no head came, else the stream or the reply. An upstream that completed is
    /// recorded complete even when the client already left; one cut short because the client left is a hang (it
    /// never ended on its own).
    func finish(_ upstreamEnd: ForwardedEnd) -> RecordedAnswer {
        var end = upstreamEnd
        if end != .complete, reply.clientGone { end = .hang }
        reply.finish(end)
        guard let head else {
            delayMs = elapsedMs()
            switch end {
            case .reset: return .fault(.reset)
            case .hang: return .fault(.silent)
            default: return .fault(.close)
            }
        }
        guard let splitter else { return .reply(status: head.status, headers: head.headers, body: body) }
        let (pieces, leftover) = splitter.finish()
        let streamEnd: StreamEnd
        switch end {
        case .complete: streamEnd = .complete
        case .close: streamEnd = leftover ? .truncate : .close
        case .reset: streamEnd = .reset
        case .hang: streamEnd = .hang
        }
        return .stream(status: head.status, headers: head.headers, pieces: pieces, end: streamEnd)
    }
}
