import CLibevent
import Foundation

/// What the connection killers need of a connection's TLS session, when its bufferevent is an OpenSSL one:
/// writing bytes inside the session at once, and ending it with a close_notify. Loop thread only.
enum TLSSession {
    /// The connection's OpenSSL session when its handshake is done; nil for a plain socket or a handshake still
    /// under way (nothing can be written inside the session yet).
    static func established(_ bev: OpaquePointer) -> OpaquePointer? {
        guard let ssl = bufferevent_openssl_get_ssl(bev), SSL_is_init_finished(ssl) == 1 else { return nil }
        return ssl
    }

    /// Whether the bufferevent is an OpenSSL one.
    static func isTLS(_ bev: OpaquePointer) -> Bool {
        bufferevent_openssl_get_ssl(bev) != nil
    }

    /// Encrypts and writes `bytes` straight to the socket (as `send` would on a plain one), bypassing the
    /// bufferevent's output; the socket's send buffer takes them or they are lost, as with `send`.
    static func write(_ bytes: [UInt8], to ssl: OpaquePointer) {
        _ = bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
        ERR_clear_error()
    }

    /// Sends the TLS close_notify, so that the FIN which follows is the session's proper end: the client's
    /// TLS layer then reports a clean end of stream, as TCP does for a plain connection.
    static func closeNotify(_ ssl: OpaquePointer) {
        _ = SSL_shutdown(ssl)
        ERR_clear_error()
    }
}
