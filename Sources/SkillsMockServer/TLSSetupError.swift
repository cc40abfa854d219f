/// Why the server's TLS context could not be made from its PEM files; the message names the file.
public struct TLSSetupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong with which file.
    public enum Problem: Sendable, Equatable {
        /// The file does not exist or cannot be read.
        case unreadable
        /// The certificate file holds no usable PEM certificate.
        case badCertificate
        /// The key file holds no usable PEM private key.
        case badKey
        /// The key is not the certificate's.
        case keyMismatch
        /// OpenSSL could not make a context at all.
        case context
    }

    /// What went wrong.
    public let problem: Problem
    /// The file at fault (for `keyMismatch`, the key file; the reason names the certificate).
    public let file: String
    /// The reason as the system or OpenSSL gave it.
    public let reason: String

    /// A failure of one file.
    public init(_ problem: Problem, file: String, reason: String) {
        self.problem = problem
        self.file = file
        self.reason = reason
    }

    public var description: String {
        switch problem {
        case .unreadable: return "TLS file \(file): cannot read it (\(reason))"
        case .badCertificate: return "TLS certificate \(file): not a PEM certificate OpenSSL accepts (\(reason))"
        case .badKey: return "TLS key \(file): not a PEM private key OpenSSL accepts (\(reason))"
        case .keyMismatch: return "TLS key \(file) does not belong to the certificate (\(reason))"
        case .context: return "TLS: cannot make an OpenSSL context (\(reason))"
        }
    }
}
