/// Text helpers shared by the reporters.
enum ReportText {
    /// Longest client line or event data a report shows (a 1 MiB event would swamp every report).
    static let maxLineCharacters = 4096

    /// `text`, cut to `maxLineCharacters` with a note of how much was left out.
    static func clip(_ text: String) -> String {
        guard text.count > maxLineCharacters else { return text }
        return String(text.prefix(maxLineCharacters)) + "… (\(text.count - maxLineCharacters) more characters)"
    }
}
