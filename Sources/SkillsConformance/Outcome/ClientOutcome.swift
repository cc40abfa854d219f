import SkillsCore

/// The client's final answer, as read from its output (SPEC 7) and reported in SPEC 8.
public struct ClientOutcome: Sendable, Equatable {
    /// What kind of final answer it was.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case terminal, error, timeout
        case missingKey = "missing_key"
        case none
    }

    public var kind: Kind
    /// The status reported (as printed; compare with `normalizedStatus`).
    public var status: String?
    /// The error category reported (or given by the profile's classifier).
    public var category: String?
    /// The `ok` flag, when printed.
    public var ok: Bool?
    /// The client's exit code, when it exited.
    public var exit: Int32?
    /// Where the outcome came from: the 0-based output line, nil when from the classifier or nowhere.
    public var line: Int?
    /// Whether the category came from the profile's `classify` command.
    public var categoryFromClassifier: Bool
    /// The generation id the final event names (`generation_id`), when it names one.
    public var generationID: String?

    public init(
        kind: Kind, status: String? = nil, category: String? = nil, ok: Bool? = nil, exit: Int32? = nil,
        line: Int? = nil, categoryFromClassifier: Bool = false, generationID: String? = nil
    ) {
        self.kind = kind
        self.status = status
        self.category = category
        self.ok = ok
        self.exit = exit
        self.line = line
        self.categoryFromClassifier = categoryFromClassifier
        self.generationID = generationID
    }

    /// The status upper-cased, `CANCELLED` folded into `CANCELED`.
    public var normalizedStatus: String? { status.map(GenerationStatus.normalize) }

    /// Short text for tables and details: `COMPLETED`, `error/transient`, `timeout`, `missing_key`, `none`.
    public var summary: String {
        switch kind {
        case .terminal: return "terminal " + (normalizedStatus ?? "(no status)")
        case .error: return "error/" + (category ?? "(no category)")
        case .timeout: return "timeout"
        case .missingKey: return "missing_key"
        case .none: return "none"
        }
    }

    /// Whether the outcome matches a scenario's `expect.outcome` word.
    public func matches(expected: String) -> Bool {
        let word = expected.trimmingWhitespace()
        switch kind {
        case .terminal:
            guard let s = normalizedStatus else { return false }
            return GenerationStatus.normalize(word) == s
        case .error: return category == word
        case .timeout: return word == "timeout"
        case .missingKey: return word == "missing_key"
        case .none: return false
        }
    }

    /// The exit code the seed's convention gives this outcome; nil when the outcome does not determine one.
    public var seedExitCode: Int32? {
        switch kind {
        case .terminal:
            guard let s = status, GenerationStatus.isTerminal(s) else { return nil }
            return GenerationStatus.isSuccess(s) ? 0 : 10
        case .timeout: return 11
        case .missingKey: return 1
        case .error:
            guard let c = category, let cat = ErrorCategory(rawValue: c) else { return nil }
            return cat.exitCode
        case .none: return nil
        }
    }
}
