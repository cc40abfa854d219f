/// An external client described by a profile file (SPEC 7, stable).
public struct ClientProfile: Sendable, Equatable {
    public var name: String
    /// The command line of a `create` run, with placeholders (argv, no shell).
    public var run: [String]
    /// The command line that classifies a non-2xx answer (`{status}`, `{body}`), when the client has one.
    public var classify: [String]?
    /// Extra environment variables, in file order (placeholders allowed in values).
    public var env: [EnvironmentVariable]
    /// Which exit codes the client promises.
    public var exitCodes: ExitConvention
    /// The profile file, for messages.
    public var source: String

    public init(
        name: String, run: [String], classify: [String]? = nil, env: [EnvironmentVariable] = [],
        exitCodes: ExitConvention = .seed, source: String = "<memory>"
    ) {
        self.name = name
        self.run = run
        self.classify = classify
        self.env = env
        self.exitCodes = exitCodes
        self.source = source
    }
}

/// One `env:` entry of a profile.
public struct EnvironmentVariable: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
