import Foundation

/// JUnit XML: one testsuite, one testcase per scenario, a `<failure>` quoting each failing rule.
public enum JUnitReport {
    public static func text(_ report: ConformanceReport) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let seconds = seconds(report.durationMs)
        out +=
            "<testsuites name=\"skillsmock conform\" tests=\"\(report.scenarios.count)\" failures=\"\(report.failedCount)\" time=\"\(seconds)\">\n"
        out +=
            "  <testsuite name=\"\(escape("conformance." + report.client))\" tests=\"\(report.scenarios.count)\" failures=\"\(report.failedCount)\" errors=\"0\" skipped=\"0\" time=\"\(seconds)\" timestamp=\"\(JSONReport.timestamp(report.started))\">\n"
        if let chaos = report.chaos {
            out +=
                "    <properties><property name=\"chaos.seed\" value=\"\(chaos.seed)\"/><property name=\"chaos.count\" value=\"\(chaos.count)\"/></properties>\n"
        }
        for result in report.scenarios {
            let group = result.scenario.id.split(separator: ".").first.map(String.init) ?? "scenario"
            out +=
                "    <testcase classname=\"\(escape("conformance." + group))\" name=\"\(escape(result.scenario.id))\" time=\"\(JUnitReport.seconds(result.durationMs))\">\n"
            let failing = result.judgements.filter(\.failsScenario)
            if !failing.isEmpty {
                let ids = failing.map(\.result.id.rawValue).joined(separator: ", ")
                let body = failing.map { j -> String in
                    switch j.baseline {
                    case .stale?:
                        return
                            "\(j.result.id.rawValue): stale baseline entry (the rule now gives \(j.result.verdict.rawValue)): \(j.result.detail)"
                    case .changed?:
                        return
                            "\(j.result.id.rawValue): changed baseline entry (the evidence changed shape)\nbaseline: \(j.baselineEvidence ?? "")\nnow: \(j.evidence)"
                    default: return j.result.detail
                    }
                }.joined(separator: "\n")
                out +=
                    "      <failure message=\"\(escape("failed: " + ids))\" type=\"\(escape(failing[0].result.id.rawValue))\">\(escape(body))</failure>\n"
            }
            let notes = result.judgements.filter { $0.result.verdict == .warn || $0.baseline == .expected }
            let lines = result.record.output.map { "[\($0.stream.rawValue)] \(ReportText.clip($0.text))" }
            let vectors = (result.vectorChecks ?? []).map { "[vector \($0.passed ? "pass" : "FAIL")] \($0.summary)" }
            let output = (lines + vectors).joined(separator: "\n")
            let summary =
                "outcome: \(result.outcome.summary)\n"
                + notes.map { "\($0.baseline == .expected ? "baseline" : "warn") \($0.result.detail)" }.joined(
                    separator: "\n")
            out += "      <system-out>\(escape(summary + "\n" + output))</system-out>\n"
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    static func seconds(_ ms: Double) -> String { String(format: "%.3f", ms / 1000) }

    /// Escapes XML text and attributes; characters XML 1.0 forbids become U+FFFD.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                let allowed = (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) || v >= 0x10000
                if allowed { out.unicodeScalars.append(scalar) } else { out += "\u{FFFD}" }
            }
        }
        return out
    }
}
