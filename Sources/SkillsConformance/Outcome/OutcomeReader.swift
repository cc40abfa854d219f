import SkillsCore

/// Reads a client's outcome from its JSON lines (SPEC 7). Pure, and never fails on bad lines.
public enum OutcomeReader {
    /// Event names that carry a final answer.
    public static let finalEvents: Set<String> = ["terminal", "timeout", "error"]

    /// The outcome of a run: (1) the last `terminal` / `timeout` / `error` event wherever it stands;
    /// (2) otherwise (no such event, or an `error` event without a category) the classifier's category,
    /// when one was obtained for the run's last HTTP answer (asked only when that answer was non-2xx); (3) otherwise none.
    public static func read(lines: [String], classified: String?, exitCode: Int32?) -> ClientOutcome {
        var outcome = lastFinalEvent(in: lines) ?? ClientOutcome(kind: .none)
        outcome.exit = exitCode
        if needsClassifier(outcome), let classified, !classified.isEmpty {
            outcome.kind = .error
            outcome.category = classified
            outcome.categoryFromClassifier = true
        }
        return outcome
    }

    /// Whether the profile's classifier should be asked: no final event, or an error event without a category.
    public static func needsClassifier(_ outcome: ClientOutcome) -> Bool {
        outcome.kind == .none || (outcome.kind == .error && outcome.category == nil)
    }

    /// The outcome named by the last final event, or nil when no line holds one.
    public static func lastFinalEvent(in lines: [String]) -> ClientOutcome? {
        for (index, line) in lines.enumerated().reversed() {
            guard let object = jsonObject(line), let name = object["event"]?.stringValue,
                finalEvents.contains(name)
            else { continue }
            return outcome(of: object, event: name, line: index)
        }
        return nil
    }

    /// The JSON object on a line, or nil when the line is not one.
    public static func jsonObject(_ line: String) -> JSONValue? {
        let trimmed = line.trimmingWhitespace()
        guard trimmed.hasPrefix("{"), let value = try? JSONValue.parse(trimmed), case .object = value else {
            return nil
        }
        return value
    }

    static func outcome(of object: JSONValue, event: String, line: Int) -> ClientOutcome {
        let ok = object["ok"]?.boolValue
        let category = object["category"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        switch event {
        case "terminal":
            var status = object["status"]?.stringValue.flatMap { $0.trimmingWhitespace().isEmpty ? nil : $0 }
            if status == nil, let response = object["response"] {
                status = GenerationStatus.findStatus(in: response)?.value
            }
            let id = object["generation_id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            return ClientOutcome(
                kind: .terminal, status: status, category: category, ok: ok, line: line, generationID: id)
        case "timeout":
            return ClientOutcome(kind: .timeout, category: category, ok: ok, line: line)
        default:
            if object["error"]?.stringValue == "missing_api_key" {
                return ClientOutcome(kind: .missingKey, category: category, ok: ok, line: line)
            }
            return ClientOutcome(kind: .error, category: category, ok: ok, line: line)
        }
    }
}
