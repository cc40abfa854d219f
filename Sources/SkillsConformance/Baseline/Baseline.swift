import Foundation
import SkillsCore

/// The failures a client is known to have (`--baseline`): the run passes when its failures are exactly these.
public struct Baseline: Sendable, Equatable {
    /// One known failure: a rule the client really breaks on a scenario, with one line of evidence.
    public struct Entry: Sendable, Equatable, Hashable {
        public var scenario: String
        public var rule: RuleID
        public var evidence: String
        /// Line in the baseline file, for messages.
        public var line: Int?

        public init(scenario: String, rule: RuleID, evidence: String, line: Int? = nil) {
            self.scenario = scenario
            self.rule = rule
            self.evidence = evidence
            self.line = line
        }

        public static func == (a: Entry, b: Entry) -> Bool { a.scenario == b.scenario && a.rule == b.rule }
        public func hash(into hasher: inout Hasher) {
            hasher.combine(scenario)
            hasher.combine(rule)
        }
    }

    /// The client the baseline was recorded for.
    public var client: String?
    public var entries: [Entry]
    /// The file, for messages.
    public var source: String

    public init(client: String?, entries: [Entry], source: String = "<memory>") {
        self.client = client
        self.entries = entries
        self.source = source
    }

    /// Whether the baseline lists this (scenario, rule) failure.
    func expects(scenario: String, rule: RuleID) -> Bool {
        entries.contains { $0.scenario == scenario && $0.rule == rule }
    }

    /// The entry for a (scenario, rule), when listed.
    func entry(scenario: String, rule: RuleID) -> Entry? {
        entries.first { $0.scenario == scenario && $0.rule == rule }
    }

    /// The entry for a (scenario, rule), when listed, and how its evidence compares with a failure's `detail`.
    func standing(scenario: String, rule: RuleID, detail: String) -> (entry: Entry, sameShape: Bool)? {
        guard let entry = entry(scenario: scenario, rule: rule) else { return nil }
        return (entry, EvidenceShape.sameShape(entry.evidence, Baseline.evidence(of: detail)))
    }

    /// The evidence a baseline records for a failure: the "expected: ...; actual: ..." part of its detail, on one
    /// line, cut to 240 characters (ending in `…` when cut).
    static func evidence(of detail: String) -> String {
        var oneLine = detail.replacingOccurrences(of: "\n", with: " ")
        if let range = oneLine.range(of: "\" expected: ") { oneLine = "expected: " + oneLine[range.upperBound...] }
        return oneLine.count > 240 ? String(oneLine.prefix(239)) + String(EvidenceShape.cutMarker) : oneLine
    }

    /// The baseline's YAML text (what `--write-baseline` style tooling and tests produce).
    public var yamlText: String {
        var out = "# Failures this client really has; `skillsmock conform --baseline` passes when exactly these fail.\n"
        if let client { out += "client: \(Baseline.quote(client))\n" }
        out += entries.isEmpty ? "failures: []\n" : "failures:\n"
        for e in entries {
            out +=
                "  - scenario: \(Baseline.quote(e.scenario))\n    rule: \(e.rule.rawValue)\n    evidence: \(Baseline.quote(e.evidence))\n"
        }
        return out
    }

    /// A YAML double-quoted scalar: JSON string syntax is a subset of it, so the JSON writer quotes it.
    static func quote(_ text: String) -> String { JSONValue.string(text).jsonText }
}
