import Foundation
import SkillsCore

/// A scenario's timeline drawn as an inline SVG swimlane for the HTML report: a lane for the client (its start,
/// output lines and exit, and the rules it failed, marked at the lane's end) and a lane per request (a bar from arrival to
/// the connection's end, a tick where it was answered, a dot per stream event, and a mark for how it ended).
/// Hovering shows each mark's text (SVG `<title>`); no script. Every text is escaped.
enum SVGTimeline {
    static let width = 960.0
    static let labelWidth = 150.0
    static let laneHeight = 22.0
    static let axisHeight = 18.0

    /// The SVG element for a scenario's run.
    static func svg(_ r: ScenarioResult) -> String {
        let record = r.record
        let origin = record.clientStartMs ?? record.journal.first?.tMs ?? 0
        let ends = record.journal.map { $0.endedMs ?? $0.answeredMs ?? $0.tMs } + record.output.compactMap(\.tMs)
        let last = ([record.clientEndMs ?? origin] + ends).max() ?? origin
        let span = Swift.max(last - origin, 1)
        let plot = width - labelWidth - 16
        func x(_ t: Double) -> String { String(format: "%.1f", labelWidth + Swift.max(0, t - origin) / span * plot) }
        func y(_ lane: Int) -> Double { axisHeight + Double(lane) * laneHeight }
        let height = y(record.journal.count + 1) + 4
        var out =
            "<svg class=\"timeline-svg\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
        out +=
            "viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"timeline of \(HTMLReport.escape(r.scenario.id))\">\n"
        out += axis(span: span, plot: plot)
        // The client's lane.
        let clientY = y(0)
        out += label("client", y: clientY)
        out +=
            "<line class=\"lane\" x1=\"\(x(origin))\" x2=\"\(x(record.clientEndMs ?? last))\" y1=\"\(clientY + 11)\" y2=\"\(clientY + 11)\"/>\n"
        for line in record.output {
            let t = line.tMs ?? record.clientEndMs ?? origin
            out +=
                "<circle class=\"line \(line.stream == .stdout ? "stdout" : "stderr")\" cx=\"\(x(t))\" cy=\"\(clientY + 11)\" r=\"3\">"
            out += title(at: t - origin, ReportText.clip(line.text)) + "</circle>\n"
        }
        if let end = record.clientEndMs {
            let text =
                record.killedAtDeadline
                ? "killed at the hard deadline" : "exited \(record.exitCode.map(String.init) ?? "?")"
            out +=
                "<rect class=\"exit\" x=\"\(x(end))\" y=\"\(clientY + 4)\" width=\"3\" height=\"14\">"
                + title(at: end - origin, text) + "</rect>\n"
        }
        // The rules the run failed, at the end of the client's lane (a verdict is on the whole run).
        for (index, judgement) in r.judgements.filter(\.failsScenario).enumerated() {
            let cx = labelWidth + plot - Double(index) * 12
            out += "<path class=\"rule-fail\" d=\"M\(String(format: "%.1f", cx)) \(clientY + 2) l5 9 l-10 0 z\">"
            out +=
                "<title>\(HTMLReport.escape(judgement.result.id.rawValue + ": " + judgement.result.detail))</title></path>\n"
        }
        // A lane per request.
        for (index, e) in record.journal.enumerated() {
            let laneY = y(index + 1)
            out += label("#\(e.seq) \(e.method) \(e.kind.rawValue)", y: laneY)
            let endT = e.endedMs ?? last
            let classes = "req \(e.kind.rawValue)" + (e.end == nil ? " open" : "")
            out +=
                "<rect class=\"\(classes)\" x=\"\(x(e.tMs))\" y=\"\(laneY + 5)\" width=\"\(String(format: "%.1f", Swift.max(2, (endT - e.tMs) / span * plot)))\" height=\"12\">"
            out += title(at: e.tMs - origin, "\(e.method) \(e.path)") + "</rect>\n"
            if let status = e.status {
                let t = e.answeredMs ?? e.tMs
                out +=
                    "<rect class=\"answer s\(status / 100)xx\" x=\"\(x(t))\" y=\"\(laneY + 2)\" width=\"2\" height=\"18\">"
                out +=
                    title(at: t - origin, "\(status)" + (e.responseBody.map { " " + ReportText.clip($0) } ?? ""))
                    + "</rect>\n"
            }
            for event in e.events {
                var text = event.event.map { "event: \($0) " } ?? ""
                text += "data: " + ReportText.clip(event.data ?? "")
                out +=
                    "<circle class=\"event\" cx=\"\(x(event.tMs))\" cy=\"\(laneY + 11)\" r=\"3\">"
                    + title(at: event.tMs - origin, text) + "</circle>\n"
            }
            if let end = e.end, let t = e.endedMs {
                out += endMark(end, x: x(t), y: laneY, at: t - origin)
            }
        }
        return out + "</svg>\n"
    }

    /// Tick marks along the top: five steps across the run, in ms from the client's start.
    static func axis(span: Double, plot: Double) -> String {
        var out = ""
        for step in 0...4 {
            let t = span * Double(step) / 4
            let px = String(format: "%.1f", labelWidth + t / span * plot)
            out += "<line class=\"tick\" x1=\"\(px)\" x2=\"\(px)\" y1=\"12\" y2=\"\(axisHeight)\"/>"
            out += "<text class=\"tick\" x=\"\(px)\" y=\"10\">\(RunFacts.ms(t))</text>\n"
        }
        return out
    }

    static func label(_ text: String, y: Double) -> String {
        "<text class=\"lane-label\" x=\"4\" y=\"\(y + 15)\">\(HTMLReport.escape(String(text.prefix(24))))</text>\n"
    }

    static func title(at ms: Double, _ text: String) -> String {
        "<title>\(HTMLReport.escape(String(format: "%.1f ms: ", ms) + text))</title>"
    }

    /// How a connection ended: a cross for a reset, a bar for a close or a complete answer, a notch otherwise.
    static func endMark(_ end: ConnectionEnd, x: String, y: Double, at ms: Double) -> String {
        let tip = title(at: ms, end.rawValue)
        switch end {
        case .reset:
            return "<path class=\"end reset\" d=\"M\(x) \(y + 3) m-4 0 l8 16 m0 -16 l-8 16\">\(tip)</path>\n"
        case .complete, .close:
            return
                "<rect class=\"end \(end.rawValue)\" x=\"\(x)\" y=\"\(y + 3)\" width=\"2\" height=\"16\">\(tip)</rect>\n"
        default:
            return "<path class=\"end fault\" d=\"M\(x) \(y + 3) l4 8 l-4 8 l-4 -8 z\">\(tip)</path>\n"
        }
    }
}
