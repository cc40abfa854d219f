import SkillsCore

/// CLASS-1: an error outcome carries the seed's category for the run's last non-2xx answer.
enum ClassificationRule {
    static func class1(_ c: RuleContext) -> RuleResult {
        let o = c.outcome
        guard o.kind == .error else { return .notApplicable(.class1, "the outcome is \(o.summary), not an error") }
        guard let answer = c.facts.lastNon2xx, let status = answer.status else {
            return .notApplicable(
                .class1, "no non-2xx HTTP answer in the run (connection faults have no category of their own)")
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

extension ClassificationRule {
    /// CLASS-1 on the pseudo-scenario `classify.vectors`: every vector gets the seed's category from the client's
    /// own classifier; a failure names each vector it misclassified.
    static func vectors(_ checks: [ClassificationCheck], source: String, classifier: Bool) -> RuleResult {
        guard classifier else {
            return .notApplicable(.class1, "the client has no classifier (the profile has no `classify` command)")
        }
        guard !checks.isEmpty else { return .notApplicable(.class1, "\(source) holds no vectors") }
        let failed = checks.filter { !$0.passed }
        guard !failed.isEmpty else {
            return .pass(.class1, "\(checks.count) vector(s) of \(source): every one got the seed's category")
        }
        return .fail(
            .class1, expected: "the seed's category for each of the \(checks.count) vector(s) of \(source)",
            actual: "\(failed.count) misclassified: " + failed.map(\.summary).joined(separator: "; "))
    }
}
