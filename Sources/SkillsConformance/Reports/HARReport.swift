import Foundation
import SkillsCore

/// The whole run's requests as one HTTP Archive (HAR 1.2): every scenario's journal, in run order, each
/// entry naming its scenario (`_scenario`) and placed in wall-clock time by its own run's clock.
public enum HARReport {
    /// The HAR text for a report; requests are shown against `origin` (the fake's root URL).
    public static func text(_ report: ConformanceReport, origin: String = "http://127.0.0.1") -> String {
        var entries: [JSONValue] = []
        for result in report.scenarios {
            let record = result.record
            let clock = HARLog.ClockAnchor(atMs: record.clientStartMs ?? 0, wallClock: record.wallClock)
            for entry in record.journal {
                var har = HARLog.entry(entry, origin: origin, clock: clock)
                if entry.scenario == nil, case .object(var members) = har {
                    members.append(("_scenario", .string(result.scenario.id)))
                    har = .object(members)
                }
                entries.append(har)
            }
        }
        return HARLog.document(harEntries: entries).prettyJSONText + "\n"
    }
}
