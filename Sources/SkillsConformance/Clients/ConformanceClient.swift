import SkillsCore

/// Everything a client needs for one run.
public struct ClientInvocation: Sendable {
    /// `http://127.0.0.1:PORT/api/v1`.
    public var baseURL: String
    public var model: String
    public var payload: JSONValue
    public var timings: ClientTimings
    /// The run's key; nil runs the client with no key at all.
    public var key: String?
    /// When the runner kills the client.
    public var deadline: Duration

    public init(
        baseURL: String, model: String, payload: JSONValue, timings: ClientTimings, key: String?, deadline: Duration
    ) {
        self.baseURL = baseURL
        self.model = model
        self.payload = payload
        self.timings = timings
        self.key = key
        self.deadline = deadline
    }

    /// `/generation/sse/<model>`.
    public var sseEndpoint: String { "/generation/sse/\(model)" }
    /// `/generation/<model>`.
    public var createEndpoint: String { "/generation/\(model)" }
}

/// How the client ended.
public struct ClientEnd: Sendable, Equatable {
    public var exitCode: Int32?
    public var killedAtDeadline: Bool
    /// Why the client could not run at all, when it could not.
    public var error: String?

    public init(exitCode: Int32?, killedAtDeadline: Bool, error: String? = nil) {
        self.exitCode = exitCode
        self.killedAtDeadline = killedAtDeadline
        self.error = error
    }
}

/// A client implementation under test: the builtin one, or an external program described by a profile.
public protocol ConformanceClient: Sendable {
    /// The name in reports.
    var name: String { get }
    /// Which exit codes it promises.
    var exitConvention: ExitConvention { get }
    /// Runs one `create`; each output line goes to `onLine` as it is printed.
    func run(_ invocation: ClientInvocation, onLine: @escaping @Sendable (ClientLine.Stream, String) -> Void) async
        -> ClientEnd
    /// The client's own category for an HTTP answer, when it has a classifier (profile `classify:`).
    func classify(status: Int, body: String, invocation: ClientInvocation) async -> String?
    /// Whether the client is told its backoff base and cap: RETRY-2 then holds each retry gap to that schedule.
    var receivesBackoff: Bool { get }
    /// Whether the client has a classifier of its own to run `Fixtures/classification.yaml` through.
    var hasClassifier: Bool { get }
    /// What the client's own classifier says of one (status, body) vector (the pseudo-scenario `classify.vectors`).
    func classifyVector(status: Int, body: String, invocation: ClientInvocation) async -> ClassifierAnswer
}

extension ConformanceClient {
    /// Clients are not told their backoff unless they say so.
    public var receivesBackoff: Bool { false }

    /// No classifier unless the client says so.
    public var hasClassifier: Bool { false }

    /// The category `classify` gives, when the client has no richer answer.
    public func classifyVector(status: Int, body: String, invocation: ClientInvocation) async -> ClassifierAnswer {
        let category = await classify(status: status, body: body, invocation: invocation)
        return ClassifierAnswer(category: category, problem: category == nil ? "no category" : nil)
    }
}
