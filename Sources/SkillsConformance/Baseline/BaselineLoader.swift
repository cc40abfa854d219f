import Foundation
import Yams

/// Strict loading of baseline files: `client:` and a `failures:` list of {scenario, rule, evidence}.
public enum BaselineLoader {
    /// Loads a baseline file.
    public static func load(file: String) throws(InputFailure) -> Baseline {
        var reader = YAMLReader(file: file)
        guard let text = reader.text(ofFile: file) else { throw InputFailure(reader.errors) }
        return try parse(yaml: text, file: file)
    }

    /// Parses baseline text; `file` names it in messages.
    public static func parse(yaml: String, file: String) throws(InputFailure) -> Baseline {
        var reader = YAMLReader(file: file)
        guard let root = reader.root(yaml), let pairs = reader.mapping(root, "", allowed: ["client", "failures"]) else {
            throw InputFailure(reader.errors)
        }
        var client: String?
        var entries: [Baseline.Entry] = []
        var sawFailures = false
        for (key, node) in pairs {
            if key == "client" { client = reader.string(node, key) }
            if key == "failures" {
                sawFailures = true
                guard case .sequence(let items) = node else {
                    reader.fail(node, key, "expected a list of {scenario, rule, evidence}, found \(YAMLReader.kind(node))")
                    continue
                }
                for (index, item) in items.enumerated() {
                    if let entry = self.entry(item, "failures[\(index)]", reader: &reader) {
                        if entries.contains(entry) {
                            reader.fail(item, "failures[\(index)]", "duplicate entry for \(entry.scenario) \(entry.rule.rawValue)")
                        } else {
                            entries.append(entry)
                        }
                    }
                }
            }
        }
        if !sawFailures { reader.fail(root, "failures", "missing (expected a list, `[]` when the client breaks nothing)") }
        guard reader.errors.isEmpty else { throw InputFailure(reader.errors) }
        return Baseline(client: client, entries: entries, source: file)
    }

    static func entry(_ node: Node, _ path: String, reader: inout YAMLReader) -> Baseline.Entry? {
        guard let pairs = reader.mapping(node, path, allowed: ["scenario", "rule", "evidence"]) else { return nil }
        var scenario: String?
        var rule: RuleID?
        var evidence: String?
        for (key, value) in pairs {
            let keyPath = "\(path).\(key)"
            guard let text = reader.string(value, keyPath) else { continue }
            switch key {
            case "scenario": scenario = text
            case "rule":
                rule = RuleID(rawValue: text)
                if rule == nil {
                    reader.fail(value, keyPath, "unknown rule '\(text)' (expected one of: \(RuleID.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
            default:
                evidence = text
                if text.trimmingCharacters(in: .whitespaces).isEmpty { reader.fail(value, keyPath, "expected one line of evidence") }
            }
        }
        for required in ["scenario", "rule", "evidence"] where !pairs.contains(where: { $0.0 == required }) {
            reader.fail(node, "\(path).\(required)", "missing")
        }
        guard let scenario, let rule, let evidence else { return nil }
        return Baseline.Entry(scenario: scenario, rule: rule, evidence: evidence, line: node.mark?.line)
    }
}
