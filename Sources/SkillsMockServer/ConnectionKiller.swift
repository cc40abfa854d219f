import CLibevent
import Foundation

/// Ends an evhttp connection the hard ways: FIN without a proper HTTP ending, true TCP RST, garbage bytes.
/// Every function frees the connection (and any request on it), which runs its close callback (the loop's
/// `ClientConnection` forgets it there); call them on the connection's loop only.
///
/// Over TLS each ending is the same one under the session: `close` and `garbage` end the session with a
/// close_notify before the FIN (so the client's HTTP layer sees a clean end of stream where it would over TCP),
/// `garbage` writes its bytes inside the session, and `reset` sends the RST with no close_notify.
enum ConnectionKiller {
    /// Bytes that are no HTTP at all (sent by the `garbage` fault).
    static let garbage: [UInt8] = Array("\u{16}\u{03}\u{01}GARBAGE \u{00}\u{ff}\u{fe} not http at all\r\n\r\n".utf8)

    /// FIN: frees the connection; libevent shuts the socket down for writing, then closes it. A TLS session is
    /// closed (close_notify) first.
    static func close(_ connection: OpaquePointer) {
        if let bev = evhttp_connection_get_bufferevent(connection), let ssl = TLSSession.established(bev) {
            TLSSession.closeNotify(ssl)
        }
        evhttp_connection_free(connection)
    }

    /// Writes `bytes` to the connection at once, past its output buffer: straight to the socket, or inside the
    /// TLS session once its handshake is done (never raw bytes into a TLS connection).
    static func sendNow(_ bytes: [UInt8], on bev: OpaquePointer) {
        if TLSSession.isTLS(bev) {
            if let ssl = TLSSession.established(bev) { TLSSession.write(bytes, to: ssl) }
            return
        }
        let fd = bufferevent_getfd(bev)
        guard fd >= 0 else { return }
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// RST: the peer sees ECONNRESET (over TLS too: the descriptor of an OpenSSL bufferevent is found the same
    /// way, and no close_notify goes out).
    ///
    /// `evhttp_connection_free` calls `shutdown`, which would send a FIN whatever `SO_LINGER` says. So the
    /// socket is duplicated, a dummy socket is `dup2`ed over the original descriptor for libevent to shut
    /// down and close, and the duplicate, with `SO_LINGER {1, 0}`, is closed last: that close sends the RST.
    static func reset(_ connection: OpaquePointer) {
        let fd = bufferevent_getfd(evhttp_connection_get_bufferevent(connection))
        guard fd >= 0 else {
            evhttp_connection_free(connection)
            return
        }
        let keep = dup(fd)
        if keep >= 0 {
            var linger = Foundation.linger(l_onoff: 1, l_linger: 0)
            setsockopt(keep, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Foundation.linger>.size))
            let dummy = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            if dummy >= 0 {
                dup2(dummy, fd)
                Foundation.close(dummy)
            }
        }
        evhttp_connection_free(connection)
        if keep >= 0 { Foundation.close(keep) }
    }

    /// Writes non-HTTP bytes straight to the socket (inside the TLS session, over TLS), then closes it (FIN).
    static func garbage(_ connection: OpaquePointer) {
        if let bev = evhttp_connection_get_bufferevent(connection) { sendNow(garbage, on: bev) }
        close(connection)
    }

    /// Bytes still waiting in the connection's output buffer (not yet handed to the kernel).
    static func pendingOutput(_ connection: OpaquePointer) -> Int {
        guard let bev = evhttp_connection_get_bufferevent(connection) else { return 0 }
        return evbuffer_get_length(bufferevent_get_output(bev))
    }

    /// Makes libevent notice a peer that goes away while no reply is being written: reading is enabled
    /// with no read callback (as evhttp itself does while writing), so EOF reaches the close callback.
    static func watchForClose(_ connection: OpaquePointer) {
        guard let bev = evhttp_connection_get_bufferevent(connection) else { return }
        var write: bufferevent_data_cb?
        var event: bufferevent_event_cb?
        var arg: UnsafeMutableRawPointer?
        bufferevent_getcb(bev, nil, &write, &event, &arg)
        bufferevent_setcb(bev, nil, write, event, arg)
        bufferevent_enable(bev, Int16(EV_READ))
    }
}
