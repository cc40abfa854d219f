import SkillsCore

/// Renders JSON with a chosen indentation, as Python's `json.dumps(indent=n)` does.
public enum IndentedJSON {
    /// The value as text; `indent` spaces per level (negative counts as 0: newlines, no spaces).
    public static func render(_ value: JSONValue, indent: Int) -> String {
        var out = ""
        write(value, indent: String(repeating: " ", count: max(0, indent)), level: 0, to: &out)
        return out
    }

    private static func write(_ value: JSONValue, indent: String, level: Int, to out: inout String) {
        switch value {
        case .array(let items) where !items.isEmpty:
            out += "["
            for (index, item) in items.enumerated() {
                out += index == 0 ? "\n" : ",\n"
                out += String(repeating: indent, count: level + 1)
                write(item, indent: indent, level: level + 1, to: &out)
            }
            out += "\n" + String(repeating: indent, count: level) + "]"
        case .object(let members) where !members.isEmpty:
            out += "{"
            for (index, (key, member)) in members.enumerated() {
                out += index == 0 ? "\n" : ",\n"
                out += String(repeating: indent, count: level + 1)
                out += JSONValue.string(key).jsonText + ": "
                write(member, indent: indent, level: level + 1, to: &out)
            }
            out += "\n" + String(repeating: indent, count: level) + "}"
        default:
            out += value.jsonText
        }
    }
}
