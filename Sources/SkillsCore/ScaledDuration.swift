/// Formats and parses the durations used in scenario files and options (`250ms`, `2s`, `1.5s`, `1m`).
public enum DurationText {
    /// Milliseconds for a duration string with a unit (`ms`, `s`, `m`), or nil when malformed.
    public static func milliseconds(_ text: String) -> Double? {
        let t = text.trimmingWhitespace()
        let units: [(String, Double)] = [("ms", 1), ("s", 1000), ("m", 60_000)]
        for (suffix, factor) in units where t.hasSuffix(suffix) {
            let number = String(t.dropLast(suffix.count))
            guard !number.isEmpty, number.allSatisfy({ $0.isNumber || $0 == "." }),
                let v = Double(number), v >= 0, v.isFinite
            else { return nil }
            return v * factor
        }
        return nil
    }

    /// `250ms` / `2s` style text for milliseconds.
    public static func format(ms: Double) -> String {
        if ms >= 1000, (ms / 1000).rounded() == ms / 1000 { return "\(Int(ms / 1000))s" }
        if ms.rounded() == ms { return "\(Int(ms))ms" }
        return "\(ms)ms"
    }
}
