/// `EXPECT-outcome`, `EXPECT-exit`, `EXPECT-creates`, `EXPECT-polls`: the scenario's own `expect:` block.
enum ExpectationRules {
    static func outcome(_ c: RuleContext) -> RuleResult {
        guard let expected = c.scenario.expect.outcome else {
            return .notApplicable(.expectOutcome, "no expect.outcome")
        }
        guard c.outcome.matches(expected: expected) else {
            return .fail(.expectOutcome, expected: expected, actual: c.outcome.summary)
        }
        return .pass(.expectOutcome, "outcome \(c.outcome.summary)")
    }

    static func exit(_ c: RuleContext) -> RuleResult {
        guard let expected = c.scenario.expect.exit else { return .notApplicable(.expectExit, "no expect.exit") }
        guard c.record.exitConvention == .seed else {
            return .notApplicable(.expectExit, "the client declares `exit_codes: none`")
        }
        guard let actual = c.record.exitCode, actual == Int32(expected) else {
            return .fail(
                .expectExit, expected: "exit \(expected)",
                actual: c.record.exitCode.map { "exit \($0)" }
                    ?? (c.record.killedAtDeadline ? "killed at the hard deadline" : "no exit code"))
        }
        return .pass(.expectExit, "exit \(actual)")
    }

    static func creates(_ c: RuleContext) -> RuleResult {
        guard let check = c.scenario.expect.creates else { return .notApplicable(.expectCreates, "no expect.creates") }
        let count = c.facts.creates.count
        guard check.matches(count) else {
            return .fail(.expectCreates, expected: "creates \(check)", actual: "\(count) create request(s)")
        }
        return .pass(.expectCreates, "\(count) create request(s), expected \(check)")
    }

    static func polls(_ c: RuleContext) -> RuleResult {
        guard let check = c.scenario.expect.polls else { return .notApplicable(.expectPolls, "no expect.polls") }
        let count = c.facts.polls.count
        guard check.matches(count) else {
            return .fail(.expectPolls, expected: "polls \(check)", actual: "\(count) poll request(s)")
        }
        return .pass(.expectPolls, "\(count) poll request(s), expected \(check)")
    }
}
