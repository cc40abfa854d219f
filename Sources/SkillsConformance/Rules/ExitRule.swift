/// EXIT-1: the exit code follows the seed's convention for the outcome.
enum ExitRule {
    static func exit1(_ c: RuleContext) -> RuleResult {
        guard c.record.exitConvention == .seed else {
            return .notApplicable(.exit1, "the client declares `exit_codes: none`")
        }
        guard let actual = c.record.exitCode else {
            return .notApplicable(
                .exit1, c.record.killedAtDeadline ? "the client was killed (no exit code)" : "no exit code")
        }
        guard let expected = c.outcome.seedExitCode else {
            return .notApplicable(.exit1, "the outcome \(c.outcome.summary) has no exit code of its own")
        }
        guard actual == expected else {
            return .fail(.exit1, expected: "exit \(expected) for \(c.outcome.summary)", actual: "exit \(actual)")
        }
        return .pass(.exit1, "exit \(actual) for \(c.outcome.summary)")
    }
}
