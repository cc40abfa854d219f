import SkillsCore

/// One problem in a scenario file: "FILE:LINE: KEY.PATH: message (expected ...)".
public typealias ScenarioError = SourceError

/// Every problem the loader found, in file order; thrown instead of a partial result.
public struct ScenarioLoadFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problems, grouped by file in load order, each file's in document order.
    public var errors: [ScenarioError]

    /// A failure carrying `errors` (never empty when thrown by the loader).
    public init(errors: [ScenarioError]) {
        self.errors = errors
    }

    /// One line per problem.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
