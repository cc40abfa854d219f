import Foundation
import SkillsCore

/// A self-contained HTML page (inline CSS, no scripts, no external assets): summary, then each scenario's
/// timeline of requests, stream events, faults and client lines, and every rule's verdict. Failed scenarios open.
public enum HTMLReport {
    public static func text(_ report: ConformanceReport) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <title>skillsmock conform: \(escape(report.client))</title>
            <style>\(css)</style></head><body>
            <h1>Conformance of <code>\(escape(report.client))</code></h1>

            """
        out += "<section id=\"summary\" class=\"\(report.passed ? "pass" : "fail")\"><p>"
        out +=
            "\(report.scenarios.count) scenario(s): <b>\(report.passedCount) passed</b>, <b>\(report.failedCount) failed</b>"
        out +=
            String(format: " in %.1f s", report.durationMs / 1000)
            + ", started \(escape(JSONReport.timestamp(report.started))).</p>"
        if let chaos = report.chaos {
            out += "<p>Chaos seed <code>\(chaos.seed)</code>: \(chaos.count) generated scenario(s).</p>"
            for shrink in chaos.shrinks { out += "<p>Shrunk: \(escape(shrink.summary))</p>" }
        }
        if let baseline = report.baseline {
            out += "<p>Baseline <code>\(escape(baseline.source))</code>: \(baseline.entries.count) known failure(s)"
            let stale = report.staleBaselineEntries
            out +=
                stale.isEmpty
                ? ", none stale"
                : ", stale: " + stale.map { escape("\($0.scenario) \($0.rule.rawValue)") }.joined(separator: ", ")
            let changed = report.changedBaselineEntries
            out +=
                changed.isEmpty
                ? ", none changed.</p>"
                : ", changed: "
                    + changed.map { escape("\($0.entry.scenario) \($0.entry.rule.rawValue)") }.joined(separator: ", ")
                    + ".</p>"
        }
        out +=
            "<table class=\"overview\"><thead><tr><th>scenario</th><th>verdict</th><th>failed rules</th><th>outcome</th><th>time</th></tr></thead><tbody>\n"
        for r in report.scenarios {
            out +=
                "<tr class=\"\(r.passed ? "pass" : "fail")\"><td><a href=\"#\(anchor(r.scenario.id))\">\(escape(r.scenario.id))</a></td>"
            out +=
                "<td>\(r.passed ? "pass" : "fail")</td><td>\(escape(r.failedRules.map(\.rawValue).joined(separator: " ")))</td>"
            out +=
                "<td>\(escape(r.outcome.summary))</td><td>" + String(format: "%.2f s", r.durationMs / 1000)
                + "</td></tr>\n"
        }
        out += "</tbody></table></section>\n"
        for r in report.scenarios { out += scenario(r) }
        out += "</body></html>\n"
        return out
    }

    static func scenario(_ r: ScenarioResult) -> String {
        let verdict = r.passed ? "pass" : "fail"
        var out =
            "<details class=\"scenario \(verdict)\" id=\"\(anchor(r.scenario.id))\" data-scenario=\"\(escape(r.scenario.id))\"\(r.passed ? "" : " open")>\n"
        out +=
            "<summary><span class=\"badge \(verdict)\">\(verdict)</span> <code>\(escape(r.scenario.id))</code> — \(escape(r.scenario.title))</summary>\n"
        if let checks = r.vectorChecks { return out + rules(r) + vectors(checks) + "</details>\n" }
        let t = r.record.timings
        out +=
            "<p class=\"meta\">outcome <b>\(escape(r.outcome.summary))</b>, exit \(r.record.exitCode.map(String.init) ?? "none")"
        if r.record.killedAtDeadline { out += ", <b>killed at the hard deadline</b>" }
        out +=
            "; scale \(t.timeScale), poll interval \(RunFacts.ms(t.pollIntervalMs)), poll timeout \(RunFacts.ms(t.pollTimeoutMs)), idle timeout \(RunFacts.ms(t.sseIdleTimeoutMs)), backoff \(RunFacts.ms(t.backoffBaseMs))…\(RunFacts.ms(t.backoffMaxMs))</p>\n"
        if let error = r.clientError { out += "<p class=\"fail\">client error: \(escape(error))</p>\n" }
        out += rules(r)
        out += "<h3>Timeline</h3>\n" + SVGTimeline.svg(r)
        out += "<ol class=\"timeline\" data-timeline=\"\(escape(r.scenario.id))\">\n"
        for item in timeline(r.record) {
            out += "<li class=\"\(item.kind)\"><span class=\"t\">" + String(format: "%8.1f ms", item.tMs) + "</span> "
            out += "<span class=\"k\">\(item.kind)</span> <span class=\"x\">\(escape(item.text))</span></li>\n"
        }
        out += "</ol>\n</details>\n"
        return out
    }

    /// The table of every rule's verdict, with the baseline's standing (a changed entry shows both evidences).
    static func rules(_ r: ScenarioResult) -> String {
        var out = "<table class=\"rules\"><thead><tr><th>rule</th><th>verdict</th><th>detail</th></tr></thead><tbody>\n"
        for j in r.judgements {
            var mark = j.result.verdict.rawValue
            var detail = escape(j.result.detail)
            switch j.baseline {
            case .expected?: mark += " (baseline)"
            case .stale?: mark += " (stale baseline entry)"
            case .changed?:
                mark += " (changed baseline entry)"
                detail +=
                    "<br><b>baseline evidence:</b> \(escape(j.baselineEvidence ?? ""))<br><b>evidence now:</b> \(escape(j.evidence))"
            case nil: break
            }
            let css = j.failsScenario ? "fail" : (j.baseline == .expected ? "expected" : j.result.verdict.rawValue)
            out +=
                "<tr class=\"\(css)\"><td>\(escape(j.result.id.rawValue))</td><td>\(escape(mark))</td><td>\(detail)</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    /// The checks of `classify.vectors`, in the timeline's place: one line per vector (file line, verdict, what
    /// the classifier said against what the seed says).
    static func vectors(_ checks: [ClassificationCheck]) -> String {
        var out =
            "<h3>Vectors</h3>\n<ol class=\"timeline\" data-timeline=\"\(escape(ClassificationVectorRun.scenarioID))\">\n"
        for c in checks {
            let kind = c.passed ? "pass" : "fault"
            out += "<li class=\"\(kind)\"><span class=\"t\">line \(c.vector.line.map(String.init) ?? "?")</span> "
            out +=
                "<span class=\"k\">\(c.passed ? "pass" : "FAIL")</span> <span class=\"x\">\(escape(c.summary))</span></li>\n"
        }
        return out + "</ol>\n"
    }

    /// One line of a scenario's timeline.
    struct Item {
        var tMs: Double
        var order: Int
        var kind: String
        var text: String
    }

    /// Requests, answers, stream events, ends/faults and client lines, merged by time (relative to the client's start).
    static func timeline(_ record: RunRecord) -> [Item] {
        let origin = record.clientStartMs ?? record.journal.first?.tMs ?? 0
        var items: [Item] = []
        var order = 0
        func add(_ t: Double, _ kind: String, _ text: String) {
            items.append(Item(tMs: t - origin, order: order, kind: kind, text: text))
            order += 1
        }
        if let start = record.clientStartMs { add(start, "client", "client started") }
        for e in record.journal {
            var request = "\(e.method) \(e.path)"
            if let accept = e.header("Accept") { request += "  Accept: \(accept)" }
            if let auth = e.header("Authorization") {
                request += "  Authorization: \(auth)"
            } else {
                request += "  (no Authorization)"
            }
            add(e.tMs, "request", request)
            if let status = e.status {
                var answer = "\(status) to #\(e.seq)"
                if let body = e.responseBody, !body.isEmpty { answer += "  " + String(body.prefix(300)) }
                add(e.answeredMs ?? e.tMs, "answer", answer)
            }
            for ev in e.events {
                var text = ev.event.map { "event: \($0)  " } ?? ""
                if let id = ev.id { text += "id: \(id)  " }
                text += "data: " + ReportText.clip(ev.data ?? "")
                add(ev.tMs, "event", text)
            }
            let end = e.end?.rawValue ?? "still open"
            let kind = end.hasPrefix("fault") || end == "reset" || end == "truncate" ? "fault" : "end"
            add(e.endedMs ?? e.answeredMs ?? e.tMs, kind, "#\(e.seq) \(end)")
        }
        for line in record.output {
            add(
                line.tMs ?? record.clientEndMs ?? origin, line.stream == .stdout ? "client" : "stderr",
                ReportText.clip(line.text))
        }
        if let end = record.clientEndMs {
            add(
                end, "client",
                record.killedAtDeadline
                    ? "client killed at the hard deadline" : "client exited \(record.exitCode.map(String.init) ?? "?")")
        }
        return items.sorted { ($0.tMs, $0.order) < ($1.tMs, $1.order) }
    }

    static func anchor(_ id: String) -> String {
        "s-" + String(id.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
    }

    /// Escapes text for HTML element content and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if scalar.value < 0x20, scalar != "\n", scalar != "\t" {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    static let css = """
        body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
        code{font-family:ui-monospace,monospace}
        table{border-collapse:collapse;margin:.5em 0}
        td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
        table.rules td:first-child,table.rules td:nth-child(2){white-space:nowrap}
        tr.fail td{background:#fde2e2} tr.warn td{background:#fff4d6} tr.expected td{background:#eee}
        tr.pass td:nth-child(2){color:#1a7f37} tr.info td{color:#666}
        #summary.fail{border-left:6px solid #c62828;padding-left:.8em} #summary.pass{border-left:6px solid #2e7d32;padding-left:.8em}
        details.scenario{border:1px solid #ccc;margin:.6em 0;padding:.3em .8em}
        details.fail{border-color:#c62828}
        .badge{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-weight:bold}
        .badge.pass{background:#2e7d32} .badge.fail{background:#c62828}
        .meta{color:#555}
        ol.timeline{list-style:none;padding-left:0;font-family:ui-monospace,monospace;font-size:12px}
        ol.timeline li{white-space:pre-wrap;word-break:break-all;padding:1px 0}
        ol.timeline .t{color:#777} ol.timeline .k{display:inline-block;width:5em;font-weight:bold}
        li.request .k{color:#1565c0} li.answer .k{color:#2e7d32} li.event .k{color:#6a1b9a}
        li.fault .k{color:#c62828} li.client .k{color:#ef6c00} li.stderr .k{color:#8d6e63}
        svg.timeline-svg{display:block;max-width:100%;height:auto;font:11px ui-monospace,monospace;margin:.3em 0}
        svg .lane{stroke:#bbb} svg .tick{stroke:#999;fill:#777} svg .lane-label{fill:#333}
        svg .req{fill:#bbdefb} svg .req.poll{fill:#c8e6c9} svg .req.open{fill:#fff3e0}
        svg .answer{fill:#2e7d32} svg .answer.s4xx,svg .answer.s5xx{fill:#c62828}
        svg .event{fill:#6a1b9a} svg .line.stdout{fill:#ef6c00} svg .line.stderr{fill:#8d6e63}
        svg .exit{fill:#ef6c00} svg .rule-fail{fill:#c62828}
        svg .end{fill:#555} svg .end.reset{stroke:#c62828;stroke-width:2;fill:none} svg .end.fault{fill:#c62828}
        """
}
