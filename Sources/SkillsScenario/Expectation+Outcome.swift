import SkillsCore

extension Expectation {
    /// Terminal statuses an `expect.outcome` may name (upper case; `CANCELLED` is folded into `CANCELED`).
    public static let terminalOutcomes = ["COMPLETED", "SUCCEEDED", "FAILED", "CANCELED"]
    /// Outcomes that are not a terminal status or an error category.
    public static let specialOutcomes = ["timeout", "missing_key"]
    /// Every value `expect.outcome` accepts after normalisation.
    public static var allOutcomes: [String] {
        terminalOutcomes + ErrorCategory.allCases.map(\.rawValue) + specialOutcomes
    }

    /// The canonical spelling of an outcome (`CANCELLED` → `CANCELED`), or nil when it is not one.
    public static func normalizedOutcome(_ text: String) -> String? {
        if text == "CANCELLED" { return "CANCELED" }
        return allOutcomes.contains(text) ? text : nil
    }

    /// The exit code a correct client ends with for an outcome (SPEC 4), or nil for an unknown outcome.
    public static func exitCode(forOutcome outcome: String) -> Int? {
        switch outcome {
        case "COMPLETED", "SUCCEEDED": return 0
        case "FAILED", "CANCELED", "CANCELLED": return 10
        case "timeout": return 11
        case "missing_key": return 1
        default: return ErrorCategory(rawValue: outcome).map { Int($0.exitCode) }
        }
    }
}
