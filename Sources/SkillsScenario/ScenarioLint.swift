import SkillsCore

/// Consistency checks across a loaded scenario: things that parse but cannot be what the author meant.
///
/// The loader only checks each value; these look at the scenario as a whole. They are warnings for
/// authors (`skillsmock validate` may print them); the shipped catalogue is kept free of them.
public enum ScenarioLint {
    /// Every warning for `scenario`, each naming its source file and the key path concerned.
    public static func warnings(for scenario: Scenario) -> [ScenarioError] {
        var found: [ScenarioError] = []
        func warn(_ keyPath: String, _ message: String) {
            found.append(ScenarioError(file: scenario.source, line: nil, keyPath: keyPath, message: message))
        }
        if !scenario.poll.isEmpty && !scenario.create.contains(where: issuesGenerationID) {
            warn(
                "poll",
                "no poll can be reached: no create step carries \"{gen}\" (expected a create step that issues the id)")
        }
        if scenario.poll.isEmpty, let polls = scenario.expect.polls, !polls.matches(0) {
            warn(
                "expect.polls",
                "\(polls) polls expected, but there are no poll steps (expected poll: steps to answer them)")
        }
        if scenario.client.apiKeyAbsent, let creates = scenario.expect.creates, !creates.matches(0) {
            warn(
                "expect.creates",
                "\(creates) creates expected with api_key: absent (expected 0: a client without a key sends nothing)")
        }
        for (role, steps) in [("create", scenario.create), ("poll", scenario.poll)] {
            for (index, step) in steps.enumerated() {
                for header in headers(of: step) where HeaderName.matches(header.name, "retry-after") {
                    let value = header.value.trimmingWhitespace()
                    let isTemplate = TimeTemplate.token(in: Array(value.utf8), at: 0)?.length == value.utf8.count
                    if !isTemplate, Int(value).map({ $0 < 0 }) ?? true {
                        warn(
                            "\(role)[\(index)].headers.\(header.name)",
                            "\"\(header.value)\" is not whole seconds or a time template (expected a number such as \"1\", or \"{now+3s}\" for an HTTP date 3 s after the answer; a date written in a file is a fixed instant, not relative to the run)"
                        )
                    }
                }
            }
        }
        if let outcome = scenario.expect.outcome, GenerationStatus.terminal.contains(outcome),
            !servesStatus(outcome, in: scenario)
        {
            warn(
                "expect.outcome",
                "\(outcome) is never served by any step (expected a create or poll step carrying that status)")
        }
        return found
    }

    /// Whether a create step can tell the client its generation id.
    static func issuesGenerationID(_ step: Step) -> Bool {
        switch step.kind {
        case .fault: return false
        case .response(let response):
            return mentionsGen(response.body) || response.headers.contains { $0.value.contains("{gen}") }
        case .sse(let script):
            return script.events.contains { item in
                mentionsGen(item.data)
                    || (item.raw.map { String(decoding: $0, as: UTF8.self).contains("{gen}") } ?? false)
            }
        }
    }

    private static func mentionsGen(_ body: Body?) -> Bool {
        switch body {
        case .json(let value)?: return value.jsonText.contains("{gen}")
        case .text(let text)?: return text.contains("{gen}")
        case nil: return false
        }
    }

    private static func headers(of step: Step) -> [Header] {
        switch step.kind {
        case .response(let response): return response.headers
        case .sse(let script): return script.headers
        case .fault: return []
        }
    }

    /// Whether any step's text carries `status` (any case, CANCELLED counted as CANCELED).
    private static func servesStatus(_ status: String, in scenario: Scenario) -> Bool {
        let spellings = status == "CANCELED" ? ["CANCELED", "CANCELLED"] : [status]
        func carries(_ text: String) -> Bool {
            let upper = text.uppercased()
            return spellings.contains { upper.contains($0) }
        }
        for step in scenario.create + scenario.poll {
            switch step.kind {
            case .fault: continue
            case .response(let response):
                if case .json(let value)? = response.body, carries(value.jsonText) { return true }
                if case .text(let text)? = response.body, carries(text) { return true }
            case .sse(let script):
                for item in script.events {
                    if case .json(let value)? = item.data, carries(value.jsonText) { return true }
                    if case .text(let text)? = item.data, carries(text) { return true }
                    if let raw = item.raw, carries(String(decoding: raw, as: UTF8.self)) { return true }
                }
            }
        }
        return false
    }
}
