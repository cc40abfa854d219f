import SkillsCore

/// Writes a scenario as YAML in the section-5 format, so that `ScenarioLoader` reads back the same scenario:
/// the one writer for recorded runs, exported runs and generated chaos scenarios. Deterministic.
///
/// Strings are always double-quoted (YAML escapes for control characters), JSON values are written as YAML
/// flow collections, durations in ms (or whole seconds), raw bytes as `raw:` text, or `raw_hex:` when they are
/// not UTF-8 or hold a byte order mark (YAML readers drop one even inside a quoted scalar).
public enum ScenarioWriter {
    /// How finely delays are written.
    public enum Precision: Sendable {
        /// To 0.1 ms: delays measured on a real clock.
        case tenths
        /// To the microsecond: delays chosen by a generator, which must load back exactly.
        case exact
    }

    /// The YAML text of `scenario`, with `comment` lines (each prefixed `# `) first.
    public static func yaml(_ scenario: Scenario, comment: String? = nil, precision: Precision = .tenths) -> String {
        let duration = { (ms: Double) in
            precision == .tenths ? ScenarioWriter.duration(ms) : ScenarioWriter.exactDuration(ms)
        }
        let step = { (s: Step) in ScenarioWriter.step(s, duration: duration) }
        var out = ""
        if let comment {
            for line in comment.split(separator: "\n", omittingEmptySubsequences: false) { out += "# \(line)\n" }
        }
        out += "id: \(quoted(scenario.id))\n"
        out += "title: \(quoted(scenario.title))\n"
        if !scenario.tags.isEmpty { out += "tags: [\(scenario.tags.map(quoted).joined(separator: ", "))]\n" }
        out += "model: \(quoted(scenario.model))\n"
        out += "payload: \(json(scenario.payload))\n"
        out += "create:\n" + scenario.create.map(step).joined()
        if !scenario.poll.isEmpty { out += "poll:\n" + scenario.poll.map(step).joined() }
        out += client(scenario.client, duration: duration)
        out += expect(scenario.expect, recorded: scenario.tags.contains("recorded"))
        return out
    }

    private static func step(_ step: Step, duration: (Double) -> String) -> String {
        var fields: [String] = []
        switch step.kind {
        case .fault(let fault):
            fields.append("fault: \(fault.rawValue)")
        case .response(let response):
            fields.append("status: \(response.status)")
            if !response.headers.isEmpty { fields.append("headers: \(headers(response.headers))") }
            switch response.body {
            case .json(let value)?: fields.append("body: \(json(value))")
            case .text(let text)?: fields.append("body: \(quoted(text))")
            case nil: break
            }
        case .sse(let script):
            var out = "  - sse:\n"
            if script.events.isEmpty {
                out = "  - sse: []\n"
            }
            for item in script.events { out += "      - \(self.item(item, duration: duration))\n" }
            out += "    end: \(script.end.rawValue)\n"
            if script.status != 200 { out += "    status: \(script.status)\n" }
            if !script.headers.isEmpty { out += "    headers: \(headers(script.headers))\n" }
            if step.delayMs > 0 { out += "    delay: \(duration(step.delayMs))\n" }
            return out
        }
        if step.delayMs > 0 { fields.append("delay: \(duration(step.delayMs))") }
        return "  - {\(fields.joined(separator: ", "))}\n"
    }

    private static func item(_ item: SSEItem, duration: (Double) -> String) -> String {
        var fields: [String] = []
        if item.delayMs > 0 { fields.append("delay: \(duration(item.delayMs))") }
        if let raw = item.raw {
            if let text = String(validating: raw, as: UTF8.self), !text.unicodeScalars.contains("\u{FEFF}") {
                fields.append("raw: \(quoted(text))")
            } else {
                fields.append("raw_hex: \(quoted(raw.map { hex($0) }.joined(separator: " ")))")
            }
        }
        if let comment = item.comment { fields.append("comment: \(quoted(comment))") }
        if let event = item.event { fields.append("event: \(quoted(event))") }
        if let id = item.id { fields.append("id: \(quoted(id))") }
        if let retry = item.retry { fields.append("retry: \(retry)") }
        switch item.data {
        case .json(let value)?: fields.append("data: \(json(value))")
        case .text(let text)?: fields.append("data: \(quoted(text))")
        case nil: break
        }
        if item.dribble { fields.append("dribble: true") }
        return "{\(fields.joined(separator: ", "))}"
    }

    private static func client(_ client: ClientSettings, duration: (Double) -> String) -> String {
        var fields: [String] = []
        if let ms = client.pollIntervalMs { fields.append("poll_interval: \(duration(ms))") }
        if let ms = client.pollTimeoutMs { fields.append("poll_timeout: \(duration(ms))") }
        if let ms = client.sseIdleTimeoutMs { fields.append("sse_idle_timeout: \(duration(ms))") }
        if let ms = client.requestTimeoutMs { fields.append("request_timeout: \(duration(ms))") }
        if client.apiKeyAbsent { fields.append("api_key: absent") }
        return fields.isEmpty ? "" : "client: {\(fields.joined(separator: ", "))}\n"
    }

    private static func expect(_ expect: Expectation, recorded: Bool) -> String {
        var lines: [String] = []
        if let outcome = expect.outcome { lines.append("  outcome: \(quoted(outcome))") }
        if let exit = expect.exit { lines.append("  exit: \(exit)") }
        if let creates = expect.creates { lines.append("  creates: \(count(creates))") }
        if let polls = expect.polls { lines.append("  polls: \(count(polls))") }
        guard !lines.isEmpty else { return "" }
        let note =
            recorded
            ? "  # recorded: what the run was served, not what a correct client must do; edit before judging" : nil
        return "expect:\(note ?? "")\n" + lines.joined(separator: "\n") + "\n"
    }

    private static func count(_ check: CountCheck) -> String {
        check.op == .eq ? "\(check.value)" : quoted(check.description)
    }

    private static func headers(_ headers: [Header]) -> String {
        "{" + headers.map { "\(quoted($0.name)): \(quoted($0.value))" }.joined(separator: ", ") + "}"
    }

    /// To 0.1 ms: `30ms`, `12.3ms` for 12.34, `2s`.
    static func duration(_ ms: Double) -> String { exactDuration((ms * 10).rounded() / 10) }

    /// To the microsecond: `250ms`, `2s`, `12.5ms`, `0.25ms`.
    static func exactDuration(_ ms: Double) -> String {
        if ms.rounded() == ms {
            return ms.truncatingRemainder(dividingBy: 1000) == 0 && ms != 0 ? "\(Int(ms) / 1000)s" : "\(Int(ms))ms"
        }
        var text = String(Int((ms * 1000).rounded()))
        while text.count < 4 { text = "0" + text }
        var fraction = String(text.suffix(3))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(text.dropLast(3)).\(fraction)ms"
    }

    /// A JSON value as a YAML flow value.
    static func json(_ value: JSONValue) -> String {
        switch value {
        case .object(let members):
            return "{" + members.map { "\(quoted($0.0)): \(json($0.1))" }.joined(separator: ", ") + "}"
        case .array(let items):
            return "[" + items.map(json).joined(separator: ", ") + "]"
        case .string(let text):
            return quoted(text)
        default:
            return value.jsonText
        }
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                let v = scalar.value
                if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || v == 0xFEFF {
                    let digits = String(v, radix: 16)
                    out += "\\u" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }
}
