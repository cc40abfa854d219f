import SkillsCore

/// One problem in a profile or baseline file: "FILE:LINE: KEY.PATH: message".
public typealias InputError = SourceError

/// Every problem found in one input file.
public struct InputFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var errors: [InputError]

    public init(_ errors: [InputError]) { self.errors = errors }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
