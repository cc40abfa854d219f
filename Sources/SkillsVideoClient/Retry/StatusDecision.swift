import SkillsCore

/// What a payload (SSE event data or poll answer) says about the generation. Pure.
public struct StatusDecision: Sendable, Equatable {
    /// The status text as found (trimmed, original case), when any.
    public var status: String?
    /// The key the status was found under (`status`, `state`, ...).
    public var statusKey: String?
    /// The generation id the payload carries, when any.
    public var generationID: String?
    /// Whether the status ends the generation (COMPLETED, SUCCEEDED, FAILED, CANCELED/CANCELLED, any case).
    public var isTerminal: Bool
    /// Whether the status is a successful end (COMPLETED, SUCCEEDED).
    public var isSuccess: Bool

    /// Reads status and id from a payload, searching nested keys as the seed does; never looks at event names.
    public init(payload: JSONValue?) {
        let found = payload.flatMap { GenerationStatus.findStatus(in: $0) }
        status = found?.value
        statusKey = found?.key
        generationID = payload.flatMap { GenerationStatus.findID(in: $0)?.value }
        isTerminal = found.map { GenerationStatus.isTerminal($0.value) } ?? false
        isSuccess = found.map { GenerationStatus.isSuccess($0.value) } ?? false
    }

    /// The exit code for a terminal status: 0 on success, 10 for failed or canceled; nil when not terminal.
    public var terminalExitCode: Int32? {
        guard isTerminal else { return nil }
        return isSuccess ? 0 : 10
    }
}
