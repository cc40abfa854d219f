/// The PEM files `skillsmock serve --tls-cert FILE --tls-key FILE` serves HTTPS with.
public struct ServerTLS: Sendable, Equatable {
    /// The server certificate (PEM), optionally followed by its intermediate certificates.
    public var certificateFile: String
    /// The certificate's private key (PEM, unencrypted).
    public var keyFile: String

    /// TLS with this certificate chain and key.
    public init(certificateFile: String, keyFile: String) {
        self.certificateFile = certificateFile
        self.keyFile = keyFile
    }
}
