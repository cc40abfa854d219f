import SkillsCore

/// CLASS-1: an error outcome carries the seed's category for the run's last non-2xx answer.
enum ClassificationRule {
    static func class1(_ c: RuleContext) -> RuleResult {
        let o = c.outcome
        guard o.kind == .error else { return .notApplicable(.class1, "the outcome is \(o.summary), not an error") }
        guard let answer = c.facts.lastNon2xx, let status = answer.status else {
            return .notApplicable(.class1, "no non-2xx HTTP answer in the run (connection faults have no category of their own)")
        }
        let expected = ErrorClassifier.classify(status: status, body: answer.responseBody ?? "").rawValue
        let source = "last non-2xx answer \(status) to \(answer.method) \(answer.path)"
        guard let category = o.category else {
            return .fail(.class1, expected: "category \(expected) (\(source))", actual: "an error without a category")
        }
        guard category == expected else {
            return .fail(.class1, expected: "category \(expected) (\(source))", actual: "category \(category)")
        }
        let via = o.categoryFromClassifier ? " (from the profile's classify command)" : ""
        return .pass(.class1, "category \(category)\(via) for the \(source)")
    }
}
