import AsyncHTTPClient
import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A call that got no usable HTTP answer: refused, reset, closed, timed out. Always transient.
public struct NetworkFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why the call failed, coarsely.
    public enum Reason: String, Sendable, Equatable {
        case timeout
        case connectionRefused = "connection_refused"
        case connectionReset = "connection_reset"
        case connectionClosed = "connection_closed"
        case other = "network_error"
    }

    /// The coarse reason.
    public var reason: Reason
    /// What the network layer said (never contains the key: request headers are not part of it).
    public var detail: String

    /// Creates a failure.
    public init(reason: Reason, detail: String) {
        self.reason = reason
        self.detail = detail
    }

    /// Maps any error thrown by the HTTP stack to a failure reason.
    public init(_ error: any Error) {
        let text = String(describing: error)
        detail = text
        if let client = error as? HTTPClientError {
            switch client {
            case .readTimeout, .connectTimeout, .deadlineExceeded, .writeTimeout, .getConnectionFromPoolTimeout:
                reason = .timeout
            case .remoteConnectionClosed:
                reason = .connectionClosed
            default:
                reason = NetworkFailure.reason(forText: text)
            }
            return
        }
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNRESET: reason = .connectionReset
            case ECONNREFUSED: reason = .connectionRefused
            case EPIPE, ENOTCONN: reason = .connectionClosed
            case ETIMEDOUT: reason = .timeout
            default: reason = .other
            }
            return
        }
        reason = NetworkFailure.reason(forText: text)
    }

    private static func reason(forText text: String) -> Reason {
        let lowered = text.lowercased()
        if lowered.contains("refused") { return .connectionRefused }
        if lowered.contains("reset") { return .connectionReset }
        if lowered.contains("timeout") || lowered.contains("timed out") { return .timeout }
        if lowered.contains("closed") || lowered.contains("unexpected time") || lowered.contains("eof") {
            return .connectionClosed
        }
        return .other
    }

    public var description: String { "\(reason.rawValue): \(detail)" }
}
