import Foundation

/// The console table: scenario, verdict, failed rules, time; then a summary line.
public enum ConsoleReport {
    public static func text(_ report: ConformanceReport) -> String {
        let header = ["scenario", "verdict", "failed rules", "time"]
        let rows = report.scenarios.map { r -> [String] in
            let failing = r.failingRules.map(\.rawValue)
            let expected = r.judgements.filter { $0.baseline == .expected }.map { $0.result.id.rawValue + "*" }
            let rules = (failing + expected).joined(separator: " ")
            return [
                r.scenario.id, r.passed ? "pass" : "FAIL", rules.isEmpty ? "-" : rules,
                String(format: "%.2fs", r.durationMs / 1000),
            ]
        }
        let widths = header.indices.map { i in ([header[i]] + rows.map { $0[i] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == cells.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }
            .joined(separator: "  ")
        }
        var out = line(header) + "\n" + line(widths.map { String(repeating: "-", count: $0) }) + "\n"
        out += rows.map(line).joined(separator: "\n") + (rows.isEmpty ? "" : "\n")
        out +=
            "\n\(report.client): \(report.scenarios.count) scenario(s), \(report.passedCount) passed, \(report.failedCount) failed"
        out += String(format: " in %.1fs", report.durationMs / 1000) + "\n"
        if let chaos = report.chaos {
            out +=
                "chaos seed \(chaos.seed): \(chaos.count) generated scenario(s) (repeat with --chaos \(chaos.count) --seed \(chaos.seed))\n"
            for shrink in chaos.shrinks { out += "shrunk: \(shrink.summary)\n" }
        }
        if report.baseline != nil {
            out += "(* failure expected by the baseline)\n"
            for entry in report.staleBaselineEntries {
                out += "stale baseline entry: \(entry.scenario) \(entry.rule.rawValue) no longer fails\n"
            }
            for change in report.changedBaselineEntries {
                out +=
                    "changed baseline entry: \(change.entry.scenario) \(change.entry.rule.rawValue) still fails, with evidence of another shape\n"
                out += "  baseline: \(change.entry.evidence)\n  now:      \(change.evidence)\n"
            }
        }
        for r in report.scenarios where !r.passed {
            out +=
                "\n\(r.scenario.id): \(r.scenario.title)\n"
                + (r.vectorChecks == nil ? "  outcome: \(r.outcome.summary)\n" : "")
            if let error = r.clientError { out += "  client error: \(error)\n" }
            for j in r.judgements where j.failsScenario {
                switch j.baseline {
                case .stale?:
                    out +=
                        "  stale baseline entry \(j.result.id.rawValue): now \(j.result.verdict.rawValue): \(j.result.detail)\n"
                case .changed?:
                    out += "  changed baseline entry \(j.result.id.rawValue): the evidence changed shape\n"
                    out += "    baseline: \(j.baselineEvidence ?? "")\n    now:      \(j.evidence)\n"
                default: out += "  \(j.result.detail)\n"
                }
            }
            for check in r.vectorChecks ?? [] where !check.passed { out += "  vector \(check.summary)\n" }
        }
        return out
    }
}
