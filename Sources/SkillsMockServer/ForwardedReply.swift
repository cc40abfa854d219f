import CLibevent
import SkillsCore
import SkillsScenario
import Synchronization

/// The answer to one forwarded request: its head, its bytes as they come, and how it ends. Callable from any
/// thread; each call is carried out on the front's loop thread, in order. Once the client is gone (or the
/// answer ended) further calls do nothing.
///
/// `@unchecked Sendable`: it holds the evhttp request and connection pointers and their loop-thread state; it
/// is safe because every public call only posts a closure to the front's loop, which alone touches that state,
/// and what other threads read (`clientGone`, the gone action) sits behind `Mutex`es.
public final class ForwardedReply: @unchecked Sendable {
    private let server: ForwardingServer
    // Loop-thread state.
    private var request: UnsafeMutablePointer<evhttp_request>?
    private var connection: OpaquePointer?
    private var started = false
    private var finished = false
    private var retained: Unmanaged<ForwardedReply>?
    private let goneLock = Mutex<(@Sendable () -> Void)?>(nil)
    private let goneFlag = Mutex(false)

    init(server: ForwardingServer, request: UnsafeMutablePointer<evhttp_request>) {
        self.server = server
        self.request = request
    }

    /// Whether the client went away before the answer ended.
    public var clientGone: Bool { goneFlag.withLock { $0 } }

    /// Calls `action` once when the client goes away before the answer ended (at once if it already did).
    public func onClientGone(_ action: @escaping @Sendable () -> Void) {
        let already = goneFlag.withLock { $0 }
        if already {
            action()
            return
        }
        goneLock.withLock { $0 = action }
    }

    /// Sends the status line and headers (the body follows chunked).
    public func head(status: Int, headers: [Header]) {
        server.post { [self] in
            guard let request, !finished, !started else { return }
            started = true
            let output = evhttp_request_get_output_headers(request)
            for header in headers { evhttp_add_header(output, header.name, header.value) }
            evhttp_send_reply_start(request, Int32(status), HTTPReason.phrase(status))
        }
    }

    /// Sends bytes of the body at once.
    public func send(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        server.post { [self] in
            guard let request, !finished, started else { return }
            let buffer = evbuffer_new()
            bytes.withUnsafeBytes { _ = evbuffer_add(buffer, $0.baseAddress, $0.count) }
            evhttp_send_reply_chunk(request, buffer)
            evbuffer_free(buffer)
        }
    }

    /// Ends the answer the way its source ended (before any head: `close`/`reset` are faults, `hang` is silence).
    public func finish(_ end: ForwardedEnd) {
        server.post { [self] in self.end(end) }
    }

    // MARK: - Loop thread

    /// Watches the connection for the client going away (called on the loop thread at arrival).
    func attach() {
        guard let request, let connection = evhttp_request_get_connection(request) else { return }
        self.connection = connection
        let unmanaged = Unmanaged.passRetained(self)
        retained = unmanaged
        evhttp_connection_set_closecb(connection, forwardedClientClosed, unmanaged.toOpaque())
        ConnectionKiller.watchForClose(connection)
    }

    private func end(_ end: ForwardedEnd) {
        guard let request, !finished else { return }
        switch end {
        case .hang:
            return
        case .complete:
            finished = true
            detach()
            if !started {
                evhttp_send_reply(request, 502, HTTPReason.phrase(502), nil)
            } else {
                evhttp_send_reply_end(request)
            }
            release()
        case .close, .reset:
            guard let connection else { return }
            // The bytes queued go out first; then the break.
            if ConnectionKiller.pendingOutput(connection) > 0 {
                server.post(afterMs: 1) { [self] in self.end(end) }
                return
            }
            finished = true
            detach()
            if end == .reset {
                // One more loop turn so the kernel sent the last bytes before the RST.
                server.post(afterMs: 2) { [self] in
                    ConnectionKiller.reset(connection)
                    release()
                }
            } else {
                ConnectionKiller.close(connection)
                release()
            }
        }
    }

    fileprivate func clientClosed() {
        guard !finished, let request else { return }
        finished = true
        detach()
        if evhttp_request_get_connection(request) == nil { evhttp_send_reply_end(request) }
        goneFlag.withLock { $0 = true }
        let action = goneLock.withLock { value -> (@Sendable () -> Void)? in
            defer { value = nil }
            return value
        }
        action?()
        release()
    }

    private func detach() {
        if let connection { evhttp_connection_set_closecb(connection, nil, nil) }
    }

    private func release() {
        request = nil
        connection = nil
        let unmanaged = retained
        retained = nil
        unmanaged?.release()
    }
}

private let forwardedClientClosed: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Void = { _, arg in
    guard let arg else { return }
    Unmanaged<ForwardedReply>.fromOpaque(arg).takeUnretainedValue().clientClosed()
}
