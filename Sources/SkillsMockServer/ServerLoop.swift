import CLibevent
import Foundation
import SkillsCore

/// One event loop on its own thread: an `event_base`, an evhttp accepting on its own `SO_REUSEPORT`
/// socket, and the responses it drives. Everything libevent happens on that thread; other threads only
/// ask it to stop (`event_base_once`).
final class ServerLoop: @unchecked Sendable {
    private let core: ServerCore
    private let base: OpaquePointer
    private let http: OpaquePointer
    private var thread: Thread?
    private let exited = DispatchSemaphore(value: 0)
    /// bufferevent address → connection number; read and written only on the loop thread.
    private var connections: [UnsafeMutableRawPointer: Int] = [:]
    /// Connections waiting for a request, by bufferevent address; loop thread only.
    private var deadlines: [UnsafeMutableRawPointer: RequestDeadline] = [:]

    /// Sets up the loop around a listening socket (which it then owns).
    init(core: ServerCore, listenFD: Int32) throws(MockServerError) {
        self.core = core
        guard let base = event_base_new() else { throw MockServerError("event_base_new failed") }
        guard let http = evhttp_new(base) else {
            event_base_free(base)
            throw MockServerError("evhttp_new failed")
        }
        self.base = base
        self.http = http
        let context = Unmanaged.passUnretained(self).toOpaque()
        evhttp_set_allowed_methods(http, 0x1FF)
        evhttp_set_default_content_type(http, nil)
        evhttp_set_max_headers_size(http, core.configuration.maxHeaderBytes)
        evhttp_set_max_body_size(http, core.configuration.maxBodyBytes)
        evhttp_set_gencb(http, loopRequestArrived, context)
        evhttp_set_bevcb(http, loopConnectionAccepted, context)
        guard evhttp_accept_socket_with_handle(http, listenFD) != nil else {
            evhttp_free(http)
            for deadline in deadlines.values { deadline.dispose() }
            deadlines = [:]
            event_base_free(base)
            throw MockServerError("evhttp could not accept on socket \(listenFD)")
        }
    }

    /// Runs the loop on a new thread.
    func start(name: String) {
        let thread = Thread { [self] in
            event_base_dispatch(base)
            // Freeing evhttp closes every connection; close callbacks end the drivers still running.
            evhttp_free(http)
            for deadline in deadlines.values { deadline.dispose() }
            deadlines = [:]
            event_base_free(base)
            exited.signal()
        }
        thread.name = name
        self.thread = thread
        thread.start()
    }

    /// Asks the loop to stop from any thread and waits until its thread has cleaned up.
    func stop() {
        guard thread != nil else { return }
        var now = timeval(tv_sec: 0, tv_usec: 0)
        event_base_once(base, -1, Int16(EV_TIMEOUT), loopBreak, UnsafeMutableRawPointer(base), &now)
        exited.wait()
        thread = nil
    }

    fileprivate func connectionAccepted() -> OpaquePointer? {
        let bev = bufferevent_socket_new(base, -1, Int32(BEV_OPT_CLOSE_ON_FREE.rawValue))
        if let bev {
            connections[UnsafeMutableRawPointer(bev)] = core.nextConnectionID()
            watch(bev)?.attachSoon()
        }
        return bev
    }

    /// A new deadline for the next request on this bufferevent's connection (replacing any stale one).
    private func watch(_ bev: OpaquePointer) -> RequestDeadline? {
        let key = UnsafeMutableRawPointer(bev)
        deadlines.removeValue(forKey: key)?.dispose()
        let deadline = RequestDeadline(
            base: base, bufferevent: bev, limitMs: core.configuration.requestTimeoutMs, clock: core.clock
        ) { [unowned self] over in
            if deadlines[over.key] === over { deadlines.removeValue(forKey: over.key) }
        }
        deadlines[key] = deadline
        return deadline
    }

    /// The response went out whole and the connection stays open: the next request gets a deadline.
    fileprivate func requestCompleted(_ request: UnsafeMutablePointer<evhttp_request>) {
        guard let connection = evhttp_request_get_connection(request),
            let bev = evhttp_connection_get_bufferevent(connection)
        else { return }
        watch(bev)?.arm(connection: connection)
    }

    fileprivate func requestArrived(_ request: UnsafeMutablePointer<evhttp_request>) {
        let connection = evhttp_request_get_connection(request)
        var connectionID = 0
        var peer = ""
        if let connection {
            if let bev = evhttp_connection_get_bufferevent(connection) {
                connectionID = connections[UnsafeMutableRawPointer(bev)] ?? 0
                deadlines.removeValue(forKey: UnsafeMutableRawPointer(bev))?.dispose()
            }
            var address: UnsafeMutablePointer<CChar>?
            var port: UInt16 = 0
            evhttp_connection_get_peer(connection, &address, &port)
            if let address { peer = String(cString: address) }
        }
        let incoming = IncomingRequest(
            method: ServerLoop.method(of: request),
            uri: String(cString: evhttp_request_get_uri(request)),
            headers: ServerLoop.headers(of: request), body: ServerLoop.body(of: request),
            connection: connectionID, peer: peer)
        let dispatch = core.dispatch(incoming)
        evhttp_request_set_on_complete_cb(request, loopRequestCompleted, Unmanaged.passUnretained(self).toOpaque())
        ResponseDriver(
            base: base, request: request, plan: dispatch.plan, seq: dispatch.seq, journal: core.journal,
            clock: core.clock, timeScale: core.configuration.timeScale,
            dribbleGapMs: core.configuration.dribbleGapMs
        ).start()
    }

    private static func method(of request: UnsafeMutablePointer<evhttp_request>) -> String {
        switch evhttp_request_get_command(request) {
        case EVHTTP_REQ_GET: return "GET"
        case EVHTTP_REQ_POST: return "POST"
        case EVHTTP_REQ_HEAD: return "HEAD"
        case EVHTTP_REQ_PUT: return "PUT"
        case EVHTTP_REQ_DELETE: return "DELETE"
        case EVHTTP_REQ_OPTIONS: return "OPTIONS"
        case EVHTTP_REQ_TRACE: return "TRACE"
        case EVHTTP_REQ_CONNECT: return "CONNECT"
        case EVHTTP_REQ_PATCH: return "PATCH"
        default: return "UNKNOWN"
        }
    }

    private static func headers(of request: UnsafeMutablePointer<evhttp_request>) -> [(name: String, value: String)] {
        var out: [(name: String, value: String)] = []
        guard let list = evhttp_request_get_input_headers(request) else { return out }
        var item = list.pointee.tqh_first
        while let pair = item {
            out.append((String(cString: pair.pointee.key), String(cString: pair.pointee.value)))
            item = pair.pointee.next.tqe_next
        }
        return out
    }

    private static func body(of request: UnsafeMutablePointer<evhttp_request>) -> [UInt8] {
        guard let buffer = evhttp_request_get_input_buffer(request) else { return [] }
        let length = evbuffer_get_length(buffer)
        guard length > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: length)
        _ = bytes.withUnsafeMutableBytes { evbuffer_copyout(buffer, $0.baseAddress, length) }
        return bytes
    }
}

private func loop(_ arg: UnsafeMutableRawPointer?) -> ServerLoop? {
    arg.map { Unmanaged<ServerLoop>.fromOpaque($0).takeUnretainedValue() }
}

private let loopRequestArrived: @convention(c) (UnsafeMutablePointer<evhttp_request>?, UnsafeMutableRawPointer?) -> Void = {
    request, arg in
    guard let request else { return }
    loop(arg)?.requestArrived(request)
}

private let loopRequestCompleted: @convention(c) (UnsafeMutablePointer<evhttp_request>?, UnsafeMutableRawPointer?) -> Void = {
    request, arg in
    guard let request else { return }
    loop(arg)?.requestCompleted(request)
}

private let loopConnectionAccepted: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> OpaquePointer? = { _, arg in
    loop(arg)?.connectionAccepted()
}

private let loopBreak: @convention(c) (Int32, Int16, UnsafeMutableRawPointer?) -> Void = { _, _, arg in
    if let arg { event_base_loopbreak(OpaquePointer(arg)) }
}
