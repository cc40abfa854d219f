/// Why the server could not start: a bad configuration, an address it cannot use or bind, or libevent failing.
///
/// Callers match a kind with `==` or in a `catch` (`catch MockServerError.bindFailed`); two errors are equal
/// when their kinds are, whatever their messages. New kinds break no one's `switch`.
public struct MockServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of failure.
    private enum Code: Sendable, Equatable {
        case invalidConfiguration, unusableHost, unprotectedAdmin, bindFailed, eventLoopFailed
    }

    private let code: Code
    /// What failed, naming the culprit.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// A configuration value out of range (loops, time scale, request timeout, probe interval, size limits).
    public static let invalidConfiguration = MockServerError(.invalidConfiguration, "invalid server configuration")
    /// The host is no address and resolves to none.
    public static let unusableHost = MockServerError(.unusableHost, "the host cannot be used")
    /// A host that is not a loopback address, with no admin token to guard the admin API.
    public static let unprotectedAdmin = MockServerError(
        .unprotectedAdmin, "a non-loopback host needs an admin token")
    /// The listening socket could not be made, bound or put to listen.
    public static let bindFailed = MockServerError(.bindFailed, "the listening socket could not be bound")
    /// libevent could not make an event loop, its evhttp, its wake pipe, or accept on the socket.
    public static let eventLoopFailed = MockServerError(.eventLoopFailed, "the event loop could not be set up")

    /// An `invalidConfiguration` error saying which value and why.
    static func invalidConfiguration(_ message: String) -> MockServerError { .init(.invalidConfiguration, message) }
    /// An `unusableHost` error naming the host.
    static func unusableHost(_ message: String) -> MockServerError { .init(.unusableHost, message) }
    /// An `unprotectedAdmin` error naming the host.
    static func unprotectedAdmin(_ message: String) -> MockServerError { .init(.unprotectedAdmin, message) }
    /// A `bindFailed` error naming the address and the reason.
    static func bindFailed(_ message: String) -> MockServerError { .init(.bindFailed, message) }
    /// An `eventLoopFailed` error naming the call that failed.
    static func eventLoopFailed(_ message: String) -> MockServerError { .init(.eventLoopFailed, message) }

    /// Same kind, whatever the messages.
    public static func == (lhs: MockServerError, rhs: MockServerError) -> Bool { lhs.code == rhs.code }

    /// Whether `error` is a `MockServerError` of `pattern`'s kind (for `catch MockServerError.bindFailed`).
    public static func ~= (pattern: MockServerError, error: any Error) -> Bool {
        (error as? MockServerError).map { $0.code == pattern.code } ?? false
    }
}
