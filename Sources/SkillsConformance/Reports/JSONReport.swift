import Foundation
import SkillsCore

/// The JSON report (SPEC 8, stable): extends the documented shape, never renames or drops.
public enum JSONReport {
    /// The report as a JSON value, keys in the documented order.
    public static func value(_ report: ConformanceReport) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("client", .string(report.client)),
            ("started", .string(timestamp(report.started))),
            ("duration_ms", .number(report.durationMs.rounded())),
            (
                "summary",
                .object([
                    ("scenarios", .number(Double(report.scenarios.count))),
                    ("passed", .number(Double(report.passedCount))),
                    ("failed", .number(Double(report.failedCount))),
                ])
            ),
            ("scenarios", .array(report.scenarios.map(scenario))),
        ]
        if let baseline = report.baseline {
            members.append(
                (
                    "baseline",
                    .object([
                        ("file", .string(baseline.source)),
                        ("entries", .number(Double(baseline.entries.count))),
                        (
                            "stale",
                            .array(
                                report.staleBaselineEntries.map {
                                    .object([("scenario", .string($0.scenario)), ("rule", .string($0.rule.rawValue))])
                                })
                        ),
                        (
                            "changed",
                            .array(
                                report.changedBaselineEntries.map {
                                    .object([
                                        ("scenario", .string($0.entry.scenario)),
                                        ("rule", .string($0.entry.rule.rawValue)),
                                        ("baseline_evidence", .string($0.entry.evidence)),
                                        ("evidence", .string($0.evidence)),
                                    ])
                                })
                        ),
                    ])
                ))
        }
        if let chaos = report.chaos {
            let seed: JSONValue = chaos.seed <= 1 << 53 ? .number(Double(chaos.seed)) : .string(String(chaos.seed))
            members.append(
                (
                    "chaos",
                    .object([
                        ("seed", seed),
                        ("count", .number(Double(chaos.count))),
                        (
                            "shrunk",
                            .array(
                                chaos.shrinks.map { s in
                                    .object([
                                        ("scenario", .string(s.original.id)), ("rule", .string(s.rule.rawValue)),
                                        ("shrunk_id", .string(s.shrunk.id)),
                                        ("size_before", .number(Double(s.original.size))),
                                        ("size_after", .number(Double(s.shrunk.size))),
                                        ("steps", .number(Double(s.accepted))),
                                        ("runs", .number(Double(s.attempts))),
                                        ("duration_ms", .number(s.elapsedMs.rounded())),
                                        ("bounded", .bool(s.bounded)), ("file", s.file.map(JSONValue.string) ?? .null),
                                    ])
                                })
                        ),
                    ])
                ))
        }
        return .object(members)
    }

    /// The report as indented JSON text.
    public static func text(_ report: ConformanceReport) -> String { value(report).prettyJSONText + "\n" }

    static func scenario(_ result: ScenarioResult) -> JSONValue {
        let o = result.outcome
        var members: [(String, JSONValue)] = [
            ("id", .string(result.scenario.id)),
            ("verdict", .string(result.passed ? "pass" : "fail")),
            ("duration_ms", .number(result.durationMs.rounded())),
            (
                "outcome",
                .object([
                    ("kind", .string(o.kind.rawValue)),
                    ("status", o.normalizedStatus.map(JSONValue.string) ?? .null),
                    ("category", o.category.map(JSONValue.string) ?? .null),
                    ("ok", o.ok.map(JSONValue.bool) ?? .null),
                    ("exit", o.exit.map { .number(Double($0)) } ?? .null),
                ])
            ),
            ("rules", .array(result.judgements.map(rule))),
            ("requests", .array(requests(result.record))),
            ("title", .string(result.scenario.title)),
            ("killed", .bool(result.record.killedAtDeadline)),
            ("output", .array(result.record.output.map { .string(ReportText.clip($0.text)) })),
        ]
        if let error = result.clientError { members.append(("client_error", .string(error))) }
        let late = LatenessSummary(samples: result.record.serverLateMs)
        members.append(
            (
                "server_late_ms",
                .object([
                    ("p50", .number(rounded(late.p50))), ("p99", .number(rounded(late.p99))),
                    ("max", .number(rounded(late.max))), ("samples", .number(Double(late.count))),
                ])
            ))
        members.append(("time_scale", .number(result.record.timings.timeScale)))
        members.append(("timing_rerun", .bool(result.record.timingRerun)))
        if let checks = result.vectorChecks { members.append(("vectors", .array(checks.map(vector)))) }
        return .object(members)
    }

    static func rule(_ j: ScenarioResult.Judgement) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(j.result.id.rawValue)),
            ("verdict", .string(j.result.verdict.rawValue)),
            ("detail", .string(j.result.detail)),
        ]
        if let mark = j.baseline { members.append(("baseline", .string(mark.rawValue))) }
        if let recorded = j.baselineEvidence { members.append(("baseline_evidence", .string(recorded))) }
        if j.baseline == .changed { members.append(("evidence", .string(j.evidence))) }
        return .object(members)
    }

    /// One check of `classify.vectors`: the vector, the category expected and the one the classifier gave.
    static func vector(_ check: ClassificationCheck) -> JSONValue {
        .object([
            ("line", check.vector.line.map { .number(Double($0)) } ?? .null),
            ("status", .number(Double(check.vector.status))),
            ("body", .string(ReportText.clip(check.vector.body))),
            ("expected", .string(check.vector.category)),
            ("actual", check.answer.category.map(JSONValue.string) ?? .null),
            ("verdict", .string(check.passed ? "pass" : "fail")),
            ("problem", check.answer.problem.map(JSONValue.string) ?? .null),
        ])
    }

    /// The run's requests, `t_ms` relative to the client's start (or the first request).
    static func requests(_ record: RunRecord) -> [JSONValue] {
        let origin = record.clientStartMs ?? record.journal.first?.tMs ?? 0
        return record.journal.map { e in
            .object([
                ("t_ms", .number((e.tMs - origin).rounded())),
                ("method", .string(e.method)),
                ("path", .string(e.path)),
                ("status", e.status.map { .number(Double($0)) } ?? .null),
                ("end", e.end.map { .string($0.rawValue) } ?? .null),
            ])
        }
    }

    /// Milliseconds to a hundredth.
    static func rounded(_ ms: Double) -> Double { (ms * 100).rounded() / 100 }

    /// ISO 8601 with milliseconds, UTC.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
