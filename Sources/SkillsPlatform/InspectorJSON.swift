import SkillsCore

/// JSON text exactly as the seed's inspector prints it: Python's `json.dumps(value, ensure_ascii=False, indent=n)`.
public enum InspectorJSON {
    /// Renders `value` with `indent` spaces per level (0 or less: newlines without indentation).
    public static func render(_ value: JSONValue, indent: Int = 2) -> String {
        var out = ""
        write(value, to: &out, unit: String(repeating: " ", count: max(indent, 0)), level: 0)
        return out
    }

    private static func write(_ value: JSONValue, to out: inout String, unit: String, level: Int) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number: out += value.jsonText
        case .string(let text): writeString(text, to: &out)
        case .array(let items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            out += "["
            for (index, item) in items.enumerated() {
                out += index == 0 ? "" : ","
                newline(&out, unit: unit, level: level + 1)
                write(item, to: &out, unit: unit, level: level + 1)
            }
            newline(&out, unit: unit, level: level)
            out += "]"
        case .object(let members):
            guard !members.isEmpty else {
                out += "{}"
                return
            }
            out += "{"
            for (index, (key, member)) in members.enumerated() {
                out += index == 0 ? "" : ","
                newline(&out, unit: unit, level: level + 1)
                writeString(key, to: &out)
                out += ": "
                write(member, to: &out, unit: unit, level: level + 1)
            }
            newline(&out, unit: unit, level: level)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, unit: String, level: Int) {
        out += "\n"
        for _ in 0..<level { out += unit }
    }

    /// Python's escaping with `ensure_ascii=False`: quote, backslash and control characters only.
    private static func writeString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
