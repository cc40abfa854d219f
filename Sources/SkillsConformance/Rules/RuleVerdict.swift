/// The verdict of one rule on one run (SPEC 6).
public enum RuleVerdict: String, Sendable, Codable, CaseIterable {
    /// The run satisfied the rule.
    case pass
    /// The run broke the rule.
    case fail
    /// Allowed, but not recommended.
    case warn
    /// The rule did not apply to this run, or there was nothing to judge.
    case info
}
