import SkillsCore

/// Writes a `Scenario` as a scenario file (SPEC 5) that `ScenarioLoader` reads back to the same model.
///
/// Deterministic: the same scenario gives the same bytes. Strings are written double-quoted with JSON-style
/// escapes (a subset of YAML's), JSON values as flow mappings and lists, raw SSE bytes as `raw:` when they are
/// UTF-8 and `raw_hex:` otherwise. The `source` is not written.
public enum ScenarioYAMLWriter {
    /// The file text for `scenario`.
    public static func text(for scenario: Scenario) -> String {
        var out = ""
        out += "id: \(scenario.id)\n"
        out += "title: \(quoted(scenario.title))\n"
        if !scenario.tags.isEmpty { out += "tags: [\(scenario.tags.joined(separator: ", "))]\n" }
        out += "model: \(scenario.model)\n"
        out += "payload: \(json(scenario.payload))\n"
        let client = clientText(scenario.client)
        if !client.isEmpty { out += "client: {\(client.joined(separator: ", "))}\n" }
        out += "create:\n"
        for step in scenario.create { out += stepText(step) }
        if !scenario.poll.isEmpty {
            out += "poll:\n"
            for step in scenario.poll { out += stepText(step) }
        }
        let expect = expectText(scenario.expect)
        if !expect.isEmpty {
            out += "expect:\n"
            for line in expect { out += "  \(line)\n" }
        }
        return out
    }

    static func clientText(_ c: ClientSettings) -> [String] {
        var fields: [String] = []
        if let v = c.pollIntervalMs { fields.append("poll_interval: \(duration(v))") }
        if let v = c.pollTimeoutMs { fields.append("poll_timeout: \(duration(v))") }
        if let v = c.sseIdleTimeoutMs { fields.append("sse_idle_timeout: \(duration(v))") }
        if let v = c.requestTimeoutMs { fields.append("request_timeout: \(duration(v))") }
        if c.apiKeyAbsent { fields.append("api_key: absent") }
        return fields
    }

    static func expectText(_ e: Expectation) -> [String] {
        var lines: [String] = []
        if let v = e.outcome { lines.append("outcome: \(v)") }
        if let v = e.exit { lines.append("exit: \(v)") }
        if let v = e.creates { lines.append("creates: \(count(v))") }
        if let v = e.polls { lines.append("polls: \(count(v))") }
        return lines
    }

    static func count(_ check: CountCheck) -> String {
        check.op == .eq ? String(check.value) : quoted(check.description)
    }

    static func stepText(_ step: Step) -> String {
        var fields: [String] = []
        if step.delayMs != 0 { fields.append("delay: \(duration(step.delayMs))") }
        switch step.kind {
        case .fault(let fault):
            fields.append("fault: \(fault.rawValue)")
        case .response(let r):
            fields.append("status: \(r.status)")
            if !r.headers.isEmpty { fields.append("headers: \(headers(r.headers))") }
            if let body = r.body { fields.append("body: \(bodyText(body))") }
        case .sse(let script):
            var out = "  - "
            if step.delayMs != 0 { out += "delay: \(duration(step.delayMs))\n    " }
            if script.status != 200 { out += "status: \(script.status)\n    " }
            if !script.headers.isEmpty { out += "headers: \(headers(script.headers))\n    " }
            out += "sse:\n"
            for item in script.events { out += "      - {\(itemFields(item).joined(separator: ", "))}\n" }
            out += "    end: \(script.end.rawValue)\n"
            return out
        }
        return "  - {\(fields.joined(separator: ", "))}\n"
    }

    static func itemFields(_ item: SSEItem) -> [String] {
        var fields: [String] = []
        if item.delayMs != 0 { fields.append("delay: \(duration(item.delayMs))") }
        if let v = item.event { fields.append("event: \(quoted(v))") }
        if let v = item.id { fields.append("id: \(quoted(v))") }
        if let v = item.retry { fields.append("retry: \(v)") }
        if let v = item.data { fields.append("data: \(bodyText(v))") }
        if let v = item.comment { fields.append("comment: \(quoted(v))") }
        if let raw = item.raw {
            // YAML readers drop a byte order mark even inside a quoted scalar: such bytes go as hex.
            if let text = String(validating: raw, as: UTF8.self), !text.unicodeScalars.contains("\u{FEFF}") {
                fields.append("raw: \(quoted(text))")
            } else {
                fields.append("raw_hex: \"\(raw.map { hex($0) }.joined(separator: " "))\"")
            }
        }
        if item.dribble { fields.append("dribble: true") }
        return fields
    }

    static func headers(_ headers: [Header]) -> String {
        "{" + headers.map { "\(quoted($0.name)): \(quoted($0.value))" }.joined(separator: ", ") + "}"
    }

    static func bodyText(_ body: Body) -> String {
        switch body {
        case .json(let value): return json(value)
        case .text(let text): return quoted(text)
        }
    }

    /// Milliseconds as a duration the loader reads: `250ms`, `2s`; fractions kept to the microsecond.
    static func duration(_ ms: Double) -> String {
        if ms.rounded() == ms { return ms.truncatingRemainder(dividingBy: 1000) == 0 && ms != 0 ? "\(Int(ms) / 1000)s" : "\(Int(ms))ms" }
        var text = String(Int((ms * 1000).rounded()))
        while text.count < 4 { text = "0" + text }
        var fraction = String(text.suffix(3))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(text.dropLast(3)).\(fraction)ms"
    }

    /// A JSON value as a YAML flow value (mappings keep their order).
    static func json(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number: return value.jsonText
        case .string(let s): return quoted(s)
        case .array(let items): return "[" + items.map(json).joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.map { "\(quoted($0.0)): \(json($0.1))" }.joined(separator: ", ") + "}"
        }
    }

    /// A YAML double-quoted scalar: `\\`, `\"`, `\n`, `\r`, `\t`, other controls and YAML's own line breaks as `\uXXXX`.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                let v = scalar.value
                if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || v == 0xFEFF {
                    out += "\\u" + String(repeating: "0", count: 4 - String(v, radix: 16).count) + String(v, radix: 16, uppercase: true)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
