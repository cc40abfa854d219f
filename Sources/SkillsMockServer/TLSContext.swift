import CLibevent
import Foundation

/// One OpenSSL server context per server, made from its PEM files, that hands each accepted connection an
/// OpenSSL bufferevent in the accepting state (evhttp's per-connection bufferevent callback).
///
/// The context is only read once made (`SSL_new` is thread-safe), so every loop shares it.
///
/// `@unchecked Sendable`: it holds an `SSL_CTX` pointer, which the compiler cannot check; it is safe because the
/// context is never changed after `init` and OpenSSL allows `SSL_new` on a shared context from any thread.
final class TLSContext: @unchecked Sendable {
    private let context: OpaquePointer

    /// Loads the certificate chain and key and checks that they belong together; every failure names its file.
    init(_ files: ServerTLS) throws(TLSSetupError) {
        for file in [files.certificateFile, files.keyFile] {
            if access(file, R_OK) != 0 {
                throw TLSSetupError(.unreadable, file: file, reason: String(cString: strerror(errno)))
            }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
                throw TLSSetupError(.unreadable, file: file, reason: "a directory, not a PEM file")
            }
        }
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_server_method()) else {
            throw TLSSetupError(.context, file: files.certificateFile, reason: TLSContext.takeErrors().text)
        }
        // An encrypted key must fail, not prompt for a passphrase on the terminal.
        SSL_CTX_set_default_passwd_cb(context, tlsNoPassphrase)
        guard SSL_CTX_use_certificate_chain_file(context, files.certificateFile) == 1 else {
            SSL_CTX_free(context)
            throw TLSSetupError(.badCertificate, file: files.certificateFile, reason: TLSContext.takeErrors().text)
        }
        // Loading the key also checks it against the certificate: a mismatch fails here, not only below.
        guard SSL_CTX_use_PrivateKey_file(context, files.keyFile, SSL_FILETYPE_PEM) == 1,
            SSL_CTX_check_private_key(context) == 1
        else {
            SSL_CTX_free(context)
            let errors = TLSContext.takeErrors()
            if errors.mismatch {
                throw TLSSetupError(
                    .keyMismatch, file: files.keyFile, reason: "certificate \(files.certificateFile): \(errors.text)")
            }
            throw TLSSetupError(.badKey, file: files.keyFile, reason: errors.text)
        }
        self.context = context
    }

    deinit { SSL_CTX_free(context) }

    /// A new OpenSSL bufferevent for evhttp to put an accepted socket in (it sets the descriptor); the TLS
    /// handshake runs before evhttp reads the request. A peer that leaves without a TLS close_notify counts as
    /// an ordinary EOF (`allow_dirty_shutdown`), as a plain socket's would.
    func bufferevent(base: OpaquePointer) -> OpaquePointer? {
        guard let ssl = SSL_new(context) else {
            ERR_clear_error()
            return nil
        }
        let options = Int32(BEV_OPT_CLOSE_ON_FREE.rawValue)
        guard let bev = bufferevent_openssl_socket_new(base, -1, ssl, BUFFEREVENT_SSL_ACCEPTING, options) else {
            SSL_free(ssl)
            return nil
        }
        bufferevent_openssl_set_allow_dirty_shutdown(bev, 1)
        return bev
    }

    /// OpenSSL's queued errors on this thread (emptied) as text, or a generic reason when there are none, and
    /// whether one says that a key does not match its certificate.
    static func takeErrors() -> (text: String, mismatch: Bool) {
        var reasons: [String] = []
        var mismatch = false
        var code = ERR_get_error()
        while code != 0 {
            defer { code = ERR_get_error() }
            let reason = ERR_GET_REASON(code)
            if ERR_GET_LIB(code) == ERR_LIB_X509,
                reason == X509_R_KEY_VALUES_MISMATCH || reason == X509_R_KEY_TYPE_MISMATCH
            {
                mismatch = true
            }
            let text: String
            if let reason = ERR_reason_error_string(code) {
                text = String(cString: reason)
            } else {
                var buffer = [CChar](repeating: 0, count: 256)
                ERR_error_string_n(code, &buffer, buffer.count)
                text = String(cString: buffer)
            }
            if !reasons.contains(text) { reasons.append(text) }
        }
        return (reasons.isEmpty ? "unknown OpenSSL error" : reasons.joined(separator: "; "), mismatch)
    }
}

/// The passphrase callback: there is none to give.
private let tlsNoPassphrase:
    @convention(c) (UnsafeMutablePointer<CChar>?, Int32, Int32, UnsafeMutableRawPointer?) -> Int32 = {
        _, _, _, _ in 0
    }
