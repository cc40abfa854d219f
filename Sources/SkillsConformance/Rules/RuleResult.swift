/// One rule's verdict on one run, with the evidence behind it.
public struct RuleResult: Sendable, Equatable, Codable {
    /// The rule judged.
    public var id: RuleID
    public var verdict: RuleVerdict
    /// What was seen; a failure or warning quotes the requirement with the expected and the actual.
    public var detail: String

    public init(id: RuleID, verdict: RuleVerdict, detail: String) {
        self.id = id
        self.verdict = verdict
        self.detail = detail
    }

    /// The rule held; `detail` says what was checked.
    public static func pass(_ id: RuleID, _ detail: String) -> RuleResult {
        RuleResult(id: id, verdict: .pass, detail: detail)
    }

    /// The rule did not apply to this run.
    public static func notApplicable(_ id: RuleID, _ reason: String) -> RuleResult {
        RuleResult(id: id, verdict: .info, detail: "not applicable: " + reason)
    }

    /// Informational verdict that is not a "not applicable".
    public static func info(_ id: RuleID, _ detail: String) -> RuleResult {
        RuleResult(id: id, verdict: .info, detail: detail)
    }

    /// The rule was broken: quotes the requirement, then what was expected and what happened.
    public static func fail(_ id: RuleID, expected: String, actual: String) -> RuleResult {
        RuleResult(id: id, verdict: .fail, detail: quote(id, expected: expected, actual: actual))
    }

    /// Allowed but not recommended: quotes the requirement, then what was expected and what happened.
    public static func warn(_ id: RuleID, expected: String, actual: String) -> RuleResult {
        RuleResult(id: id, verdict: .warn, detail: quote(id, expected: expected, actual: actual))
    }

    static func quote(_ id: RuleID, expected: String, actual: String) -> String {
        "\(id.rawValue) \"\(id.requirement)\" expected: \(expected); actual: \(actual)"
    }
}
