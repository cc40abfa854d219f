/// Why a child process could not be started: the command line and the reason (`pipe`, `posix_spawn`).
public struct SpawnError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The command line, arguments joined by spaces.
    public var command: String
    /// What failed (`No such file or directory`, `empty command line`...).
    public var reason: String

    /// A spawn error for `command`.
    public init(command: String, reason: String) {
        self.command = command
        self.reason = reason
    }

    /// `cannot start `COMMAND`: REASON`.
    public var description: String { "cannot start `\(command)`: \(reason)" }
}
