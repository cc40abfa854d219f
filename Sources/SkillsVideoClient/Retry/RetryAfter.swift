import SkillsCore

/// Parses `Retry-After` header values given in seconds (HTTP dates are not used by the platform).
public enum RetryAfter {
    /// Seconds for a `Retry-After` value of ASCII digits (surrounding whitespace allowed), else nil.
    public static func seconds(_ value: String?) -> Double? {
        guard let value else { return nil }
        let trimmed = value.trimmingWhitespace()
        guard !trimmed.isEmpty, trimmed.utf8.count <= 9, trimmed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let number = Int(trimmed)
        else { return nil }
        return Double(number)
    }
}
