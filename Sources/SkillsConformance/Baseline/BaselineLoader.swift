import Foundation
import SkillsScenario
import Yams

/// Strict loading of baseline files: `client:` and a `failures:` list of {scenario, rule, evidence}.
public enum BaselineLoader {
    static let keys = ["client", "failures"]
    static let entryKeys = ["scenario", "rule", "evidence"]

    /// Loads a baseline file.
    public static func load(file: String) throws(InputFailure) -> Baseline {
        try parse(yaml: InputFile.text(of: file), file: file)
    }

    /// Parses baseline text; `file` names it in messages.
    static func parse(yaml: String, file: String) throws(InputFailure) -> Baseline {
        let document = try InputFile.root(of: yaml, file: file, expected: "a baseline")
        let root = document.root
        var reader = document.reader
        guard let top = reader.fields(root, .root, allowed: keys, expected: "a mapping with keys client, failures")
        else {
            throw InputFailure(reader.problemsInDocumentOrder)
        }
        let client = top["client"].flatMap {
            reader.string($0, .root.appending("client"), expected: "the client's name", allowNumbers: true)
        }
        var entries: [Baseline.Entry] = []
        if let node = top["failures"] {
            let path = NodePath.root.appending("failures")
            for (index, item) in (reader.list(node, path, expected: "a list of {scenario, rule, evidence}") ?? [])
                .enumerated()
            {
                guard let entry = self.entry(item, path.appending(index), reader: &reader) else { continue }
                if entries.contains(entry) {
                    reader.report(
                        item, path.appending(index), "duplicate entry for \(entry.scenario) \(entry.rule.rawValue)")
                } else {
                    entries.append(entry)
                }
            }
        } else {
            reader.missing(top, "failures", expected: "a list, `[]` when the client breaks nothing")
        }
        guard reader.problems.isEmpty else { throw InputFailure(reader.problemsInDocumentOrder) }
        return Baseline(client: client, entries: entries, source: file)
    }

    static func entry(_ node: Node, _ path: NodePath, reader: inout NodeReader) -> Baseline.Entry? {
        guard
            let fields = reader.fields(node, path, allowed: entryKeys, expected: "a mapping {scenario, rule, evidence}")
        else { return nil }
        var scenario: String?
        var rule: RuleID?
        var evidence: String?
        for member in fields.members {
            let keyPath = path.appending(member.key)
            let value = member.value
            switch member.key {
            case "scenario":
                scenario = reader.string(value, keyPath, expected: "a scenario id", allowNumbers: true)
            case "rule":
                let names = RuleID.allCases.map(\.rawValue).joined(separator: ", ")
                guard let text = reader.string(value, keyPath, expected: "a rule id: \(names)") else { continue }
                rule = RuleID(rawValue: text)
                if rule == nil { reader.report(value, keyPath, "unknown rule '\(text)' (expected one of: \(names))") }
            case "evidence":
                evidence = reader.string(value, keyPath, expected: "one line of evidence", allowNumbers: true)
                if evidence?.trimmingCharacters(in: .whitespaces).isEmpty == true {
                    reader.report(value, keyPath, "is blank (expected one line of evidence)")
                }
            default:
                break  // `fields` let only the known keys through
            }
        }
        if !fields.has("scenario") { reader.missing(fields, "scenario", expected: "a scenario id") }
        if !fields.has("rule") { reader.missing(fields, "rule", expected: "a rule id") }
        if !fields.has("evidence") { reader.missing(fields, "evidence", expected: "one line of evidence") }
        guard let scenario, let rule, let evidence else { return nil }
        return Baseline.Entry(scenario: scenario, rule: rule, evidence: evidence, line: node.mark?.line)
    }
}
