import CLibevent
import Foundation
import SkillsScenario

/// A request the forwarding front received, handed to its `ForwardingHandler`.
public struct ForwardedRequest: Sendable {
    public var method: String
    /// The request target as sent (path and query).
    public var uri: String
    /// Header pairs in arrival order.
    public var headers: [Header]
    public var body: [UInt8]
}

/// How the forwarding front ends an answer, the way its source ended.
public enum ForwardedEnd: Sendable, Equatable {
    /// The terminating chunk; the connection stays usable.
    case complete
    /// FIN without the terminating chunk (also how a cut mid-event reaches the client).
    case close
    /// TCP RST.
    case reset
    /// Stay open and silent until the client leaves.
    case hang
}

/// Decides the answer to each forwarded request, from any thread, through its `ForwardedReply`.
public protocol ForwardingHandler: Sendable {
    /// Called on the loop thread; must not block (start the work elsewhere).
    func handle(_ request: ForwardedRequest, reply: ForwardedReply)
}

/// A libevent HTTP front whose answers come from a handler elsewhere (the recorder's upstream): one loop on a
/// thread of its own, with a locked `event_base` so other threads can post work to it (`event_base_once`).
///
/// `@unchecked Sendable`: it holds libevent pointers (`event_base`, `evhttp`) and its thread; it is safe because
/// every evhttp call happens on the loop thread, the base is made with locks so other threads only post work
/// to it (`event_base_once`), and `thread` is set and cleared by the owner's `start`/`stop` only.
public final class ForwardingServer: @unchecked Sendable {
    private let handler: any ForwardingHandler
    private let base: OpaquePointer
    private let http: OpaquePointer
    private var thread: Thread?
    /// The bound port.
    public let port: Int
    /// `http://127.0.0.1:PORT`.
    public let baseURL: String

    /// Binds `host:port` (0 picks a free port); `start()` runs the loop.
    public init(host: String = "127.0.0.1", port: Int = 0, handler: any ForwardingHandler) throws {
        _ = MockServer.processPrepared
        self.handler = handler
        guard let base = event_base_new() else { throw MockServerError.eventLoopFailed("event_base_new failed") }
        guard let http = evhttp_new(base) else {
            event_base_free(base)
            throw MockServerError.eventLoopFailed("evhttp_new failed")
        }
        let listening: (fd: Int32, port: Int, loopback: Bool)
        do {
            listening = try ListenSocket.open(host: host, port: port)
        } catch {
            evhttp_free(http)
            event_base_free(base)
            throw error
        }
        guard evhttp_accept_socket_with_handle(http, listening.fd) != nil else {
            Foundation.close(listening.fd)
            evhttp_free(http)
            event_base_free(base)
            throw MockServerError.eventLoopFailed("evhttp could not accept on \(host):\(port)")
        }
        self.base = base
        self.http = http
        self.port = listening.port
        self.baseURL = "http://\(host.contains(":") ? "[\(host)]" : host):\(listening.port)"
        evhttp_set_allowed_methods(http, 0x1FF)
        evhttp_set_default_content_type(http, nil)
        evhttp_set_gencb(http, forwardingRequestArrived, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Runs the loop on a thread of its own.
    public func start() {
        let thread = Thread { [self] in
            event_base_loop(self.base, EVLOOP_NO_EXIT_ON_EMPTY)
            evhttp_free(self.http)
            event_base_free(self.base)
        }
        thread.name = "skillsmock-forward"
        self.thread = thread
        thread.start()
    }

    /// Stops the loop (open connections are closed).
    public func stop() {
        event_base_loopbreak(base)
    }

    /// Runs `work` on the loop thread soon (callable from any thread).
    func post(_ work: @escaping () -> Void) {
        let box = Unmanaged.passRetained(WorkBox(work)).toOpaque()
        var now = timeval(tv_sec: 0, tv_usec: 0)
        event_base_once(base, -1, Int16(EV_TIMEOUT), forwardingWork, box, &now)
    }

    /// Runs `work` on the loop thread after `ms`.
    func post(afterMs ms: Double, _ work: @escaping () -> Void) {
        let box = Unmanaged.passRetained(WorkBox(work)).toOpaque()
        let micros = Int(ms * 1000)
        var tv = timeval(tv_sec: micros / 1_000_000, tv_usec: Int(micros % 1_000_000))
        event_base_once(base, -1, Int16(EV_TIMEOUT), forwardingWork, box, &tv)
    }

    fileprivate func requestArrived(_ request: UnsafeMutablePointer<evhttp_request>) {
        let incoming = RequestReader.decode(request, connection: 0, peer: "")
        let headers = incoming.headers.map { Header($0.name, $0.value) }
        let (method, uri, body) = (incoming.method, incoming.uri, incoming.body)
        let reply = ForwardedReply(server: self, request: request)
        reply.attach()
        handler.handle(ForwardedRequest(method: method, uri: uri, headers: headers, body: body), reply: reply)
    }
}

/// A closure carried through libevent's `void *`.
private final class WorkBox {
    let work: () -> Void
    init(_ work: @escaping () -> Void) { self.work = work }
}

private let forwardingWork: @convention(c) (Int32, Int16, UnsafeMutableRawPointer?) -> Void = { _, _, arg in
    guard let arg else { return }
    let box = Unmanaged<WorkBox>.fromOpaque(arg).takeRetainedValue()
    box.work()
}

private let forwardingRequestArrived:
    @convention(c) (UnsafeMutablePointer<evhttp_request>?, UnsafeMutableRawPointer?) -> Void = {
        request, arg in
        guard let request, let arg else { return }
        Unmanaged<ForwardingServer>.fromOpaque(arg).takeUnretainedValue().requestArrived(request)
    }
