import CLibevent
import Foundation
import SkillsCore

/// One event loop on its own thread: an `event_base`, an evhttp accepting on its own `SO_REUSEPORT`
/// socket, and the responses it drives. Everything libevent happens on that thread, so the base takes no
/// locks (`EVENT_BASE_FLAG_NOLOCK`); other threads only ask it to stop, by writing a byte to its wake pipe.
///
/// `@unchecked Sendable`: it holds libevent pointers and loop-thread state (its connection table); it is safe
/// because only the loop's thread touches them, and other threads only write to the wake pipe (`stop`) and
/// wait on `exited`.
final class ServerLoop: @unchecked Sendable {
    private let core: ServerCore
    private let base: OpaquePointer
    private let http: OpaquePointer
    private var thread: Thread?
    private let exited = DispatchSemaphore(value: 0)
    /// Open connections by bufferevent address, from accept until evhttp closes them; loop thread only.
    private var connections: [UnsafeMutableRawPointer: ClientConnection] = [:]
    /// A pipe whose read end the loop watches: a byte written to `wake.write` stops the loop.
    private let wake: (read: Int32, write: Int32)
    private let wakeEvent: OpaquePointer
    /// The loop's lag probe; nil when the configuration turns it off.
    private let probe: LoopLagProbe?
    /// Makes each accepted connection's OpenSSL bufferevent; nil serves plain HTTP.
    private let tls: TLSContext?

    /// Sets up the loop around a listening socket (which it then owns); with `tls`, its connections speak HTTPS.
    init(core: ServerCore, listenFD: Int32, tls: TLSContext? = nil) throws(MockServerError) {
        self.core = core
        self.tls = tls
        guard let base = ServerLoop.makeBase() else { throw MockServerError.eventLoopFailed("event_base_new failed") }
        guard let http = evhttp_new(base) else {
            event_base_free(base)
            throw MockServerError.eventLoopFailed("evhttp_new failed")
        }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            evhttp_free(http)
            event_base_free(base)
            throw MockServerError.eventLoopFailed("pipe() failed: \(String(cString: strerror(errno)))")
        }
        for fd in fds { evutil_make_socket_closeonexec(fd) }
        evutil_make_socket_nonblocking(fds[0])
        guard let wakeEvent = event_new(base, fds[0], Int16(EV_READ), loopBreak, UnsafeMutableRawPointer(base)) else {
            for fd in fds { Foundation.close(fd) }
            evhttp_free(http)
            event_base_free(base)
            throw MockServerError.eventLoopFailed("event_new failed")
        }
        event_add(wakeEvent, nil)
        self.wake = (fds[0], fds[1])
        self.wakeEvent = wakeEvent
        self.base = base
        self.http = http
        let probeMs = core.configuration.lagProbeIntervalMs
        probe =
            probeMs > 0 ? LoopLagProbe(base: base, intervalMs: probeMs, core: core) : nil
        let context = Unmanaged.passUnretained(self).toOpaque()
        evhttp_set_allowed_methods(http, 0x1FF)
        evhttp_set_default_content_type(http, nil)
        evhttp_set_max_headers_size(http, core.configuration.maxHeaderBytes)
        evhttp_set_max_body_size(http, core.configuration.maxBodyBytes)
        evhttp_set_gencb(http, loopRequestArrived, context)
        evhttp_set_bevcb(http, loopConnectionAccepted, context)
        guard evhttp_accept_socket_with_handle(http, listenFD) != nil else {
            probe?.dispose()
            evhttp_free(http)
            event_free(wakeEvent)
            Foundation.close(wake.read)
            Foundation.close(wake.write)
            event_base_free(base)
            throw MockServerError.eventLoopFailed("evhttp could not accept on socket \(listenFD)")
        }
    }

    /// An `event_base` without locks (one thread uses it) that batches epoll changes made in one loop turn
    /// (evhttp toggles read and write interest several times per request; batched, most toggles never reach
    /// the kernel), with precise timers.
    ///
    /// Without `EVENT_BASE_FLAG_PRECISE_TIMER`, libevent 2.1 keeps time with `CLOCK_MONOTONIC_COARSE` (4 ms
    /// ticks on this kind of machine): timers then fire up to a tick early or late (a 5 ms timer fired a median
    /// 3.3 ms late, measured). With it, libevent reads `CLOCK_MONOTONIC` and waits on a timerfd (a median
    /// 0.05 ms late), at one `timerfd_settime` per loop turn: about one per ten requests under load.
    ///
    /// libevent warns that the change list misbehaves with `dup`ed descriptors still registered. The one
    /// `dup` here (`ConnectionKiller.reset`) closes both copies within one callback, before the next epoll call.
    private static func makeBase() -> OpaquePointer? {
        guard let config = event_config_new() else { return nil }
        defer { event_config_free(config) }
        event_config_set_flag(config, Int32(EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST.rawValue))
        event_config_set_flag(config, Int32(EVENT_BASE_FLAG_NOLOCK.rawValue))
        event_config_set_flag(config, Int32(EVENT_BASE_FLAG_PRECISE_TIMER.rawValue))
        return event_base_new_with_config(config)
    }

    /// Runs the loop on a new thread.
    func start(name: String) {
        let thread = Thread { [self] in
            probe?.start()
            event_base_dispatch(base)
            probe?.dispose()
            // Freeing evhttp closes every connection; close callbacks end the drivers still running.
            evhttp_free(http)
            for client in connections.values {
                client.dispose()
                core.connectionClosed()
            }
            connections = [:]
            event_free(wakeEvent)
            Foundation.close(wake.read)
            Foundation.close(wake.write)
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
        var byte: UInt8 = 1
        while Foundation.write(wake.write, &byte, 1) < 0, errno == EINTR {}
        exited.wait()
        thread = nil
    }

    fileprivate func connectionAccepted() -> OpaquePointer? {
        let made: OpaquePointer?
        if let tls {
            made = tls.bufferevent(base: base)
        } else {
            made = bufferevent_socket_new(base, -1, Int32(BEV_OPT_CLOSE_ON_FREE.rawValue))
        }
        guard let bev = made else { return nil }
        let client = ClientConnection(
            id: core.connectionOpened(), base: base, bufferevent: bev,
            limitMs: core.configuration.requestTimeoutMs
        ) { [unowned self] gone in
            if connections[gone.key] === gone { connections.removeValue(forKey: gone.key) }
            core.connectionClosed()
        }
        // A stale entry at the same address would be a connection evhttp freed without telling: drop it.
        if let stale = connections.updateValue(client, forKey: client.key) {
            stale.dispose()
            core.connectionClosed()
        }
        return bev
    }

    /// The loop's connection for an evhttp connection.
    private func client(of connection: OpaquePointer) -> ClientConnection? {
        guard let bev = evhttp_connection_get_bufferevent(connection) else { return nil }
        return connections[UnsafeMutableRawPointer(bev)]
    }

    /// The response went out whole and the connection stays open: the next request gets a deadline.
    fileprivate func requestCompleted(_ request: UnsafeMutablePointer<evhttp_request>) {
        guard let connection = evhttp_request_get_connection(request) else { return }
        client(of: connection)?.responseCompleted()
    }

    fileprivate func requestArrived(_ request: UnsafeMutablePointer<evhttp_request>) {
        guard let connection = evhttp_request_get_connection(request), let client = client(of: connection) else {
            // evhttp hands requests out on connections it accepted through this loop only.
            evhttp_send_error(request, 500, "connection not tracked")
            return
        }
        client.requestArrived(on: connection)
        let incoming = client.decode(request)
        let dispatch = core.dispatch(incoming)
        evhttp_request_set_on_complete_cb(request, loopRequestCompleted, Unmanaged.passUnretained(self).toOpaque())
        if dispatch.immediate, case .reply(let reply) = dispatch.plan {
            ResponseDriver.sendReply(reply, to: request)
            return
        }
        ResponseDriver(base: base, request: request, client: client, dispatch: dispatch, core: core).start()
    }
}

private func loop(_ arg: UnsafeMutableRawPointer?) -> ServerLoop? {
    arg.map { Unmanaged<ServerLoop>.fromOpaque($0).takeUnretainedValue() }
}

private let loopRequestArrived:
    @convention(c) (UnsafeMutablePointer<evhttp_request>?, UnsafeMutableRawPointer?) -> Void = {
        request, arg in
        guard let request else { return }
        loop(arg)?.requestArrived(request)
    }

private let loopRequestCompleted:
    @convention(c) (UnsafeMutablePointer<evhttp_request>?, UnsafeMutableRawPointer?) -> Void = {
        request, arg in
        guard let request else { return }
        loop(arg)?.requestCompleted(request)
    }

private let loopConnectionAccepted: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> OpaquePointer? = {
    _, arg in
    loop(arg)?.connectionAccepted()
}

private let loopBreak: @convention(c) (Int32, Int16, UnsafeMutableRawPointer?) -> Void = { _, _, arg in
    if let arg { event_base_loopbreak(OpaquePointer(arg)) }
}
