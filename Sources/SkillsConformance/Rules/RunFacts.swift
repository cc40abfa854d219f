import Foundation
import SkillsCore
import SkillsScenario

/// Facts derived once from a run's journal, shared by the rules. Pure.
struct RunFacts: Sendable {
    /// A generation id the client could see, and when.
    struct SeenID: Sendable, Equatable {
        var id: String
        /// Server-clock milliseconds when it went out (event blank line, or answer).
        var tMs: Double
        /// The create entry that carried it.
        var seq: Int
    }

    /// A status the server served (from a served event or a 2xx poll answer).
    struct ServedStatus: Sendable, Equatable {
        var status: String
        var tMs: Double
        var seq: Int
        var fromPoll: Bool
        /// Went out just before a TCP reset, which may have destroyed it in the client's receive buffer.
        var atRisk: Bool = false
    }

    /// The last event sent this close before a `reset` end may never reach the client (an RST discards unread data).
    static let resetGraceMs = 20.0

    /// Whether `event`, the last of `events`, went out within the reset grace before the entry's reset.
    static func atRisk(_ event: ServedEvent, of entry: JournalEntry, events: [ServedEvent]) -> Bool {
        guard entry.end == .reset, let ended = entry.endedMs, event == events.last else { return false }
        return event.tMs >= ended - resetGraceMs
    }

    let entries: [JournalEntry]
    let creates: [JournalEntry]
    let polls: [JournalEntry]
    /// The scripted step each bound entry was answered with, by `seq`.
    let steps: [Int: Step]
    let seenIDs: [SeenID]
    let servedStatuses: [ServedStatus]
    /// The transient failures among creates and polls (SPEC 6, RETRY-2), by `seq`.
    let transientFailures: [Int: TransientFailure]
    /// The wall-clock time at server-clock millisecond ``wallClockServerMs``.
    let wallClock: Date
    /// The server-clock millisecond ``wallClock`` was read at.
    let wallClockServerMs: Double

    init(record: RunRecord) {
        entries = record.journal
        wallClock = record.wallClock
        wallClockServerMs = record.clientStartMs ?? 0
        creates = entries.filter { $0.kind.isCreate }
        polls = entries.filter { $0.kind == .poll }
        steps = RunFacts.mapSteps(entries: entries, scenario: record.scenario)
        var ids: [SeenID] = []
        var statuses: [ServedStatus] = []
        for entry in entries where entry.kind.isCreate && RunFacts.isSuccess(entry) {
            let events = entry.events
            if let body = entry.responseBody, let json = JSONValue.parseOrText(body),
                let id = GenerationStatus.findID(in: json)?.value
            {
                ids.append(SeenID(id: id, tMs: entry.answeredMs ?? entry.tMs, seq: entry.seq))
            }
            // Every served event counts as seen: the server keeps 25 ms of real time between its last bytes
            // and a scripted reset, so no event it journaled can die in the client's receive buffer.
            for event in events {
                guard let json = event.data.flatMap(JSONValue.parseOrText) else { continue }
                if let id = GenerationStatus.findID(in: json)?.value {
                    ids.append(SeenID(id: id, tMs: event.tMs, seq: entry.seq))
                }
                if let status = GenerationStatus.findStatus(in: json)?.value {
                    statuses.append(
                        ServedStatus(
                            status: GenerationStatus.normalize(status), tMs: event.tMs,
                            seq: entry.seq, fromPoll: false))
                }
            }
        }
        for entry in polls where RunFacts.isSuccess(entry) {
            if let body = entry.responseBody, let json = JSONValue.parseOrText(body),
                let status = GenerationStatus.findStatus(in: json)?.value
            {
                statuses.append(
                    ServedStatus(
                        status: GenerationStatus.normalize(status),
                        tMs: entry.answeredMs ?? entry.tMs, seq: entry.seq, fromPoll: true))
            }
        }
        seenIDs = ids
        servedStatuses = statuses
        let idCarriers = Set(ids.map(\.seq))
        var failures: [Int: TransientFailure] = [:]
        for entry in entries where entry.kind.isCreate || entry.kind == .poll {
            if let failure = TransientFailure(entry, carriedID: idCarriers.contains(entry.seq)) {
                failures[entry.seq] = failure
            }
        }
        transientFailures = failures
    }

    /// The n-th bound create gets create step n (the last repeats); likewise for polls.
    ///
    /// Every bound entry of a run's journal was answered from the run's scenario (a timing re-run binds the
    /// run to a rescaled copy under another id), so any bound entry counts.
    static func mapSteps(entries: [JournalEntry], scenario: Scenario) -> [Int: Step] {
        var map: [Int: Step] = [:]
        var createIndex = 0
        var pollIndex = 0
        for entry in entries where entry.scenario != nil {
            if entry.kind.isCreate, !scenario.create.isEmpty {
                map[entry.seq] = scenario.create[min(createIndex, scenario.create.count - 1)]
                createIndex += 1
            } else if entry.kind == .poll, !scenario.poll.isEmpty {
                map[entry.seq] = scenario.poll[min(pollIndex, scenario.poll.count - 1)]
                pollIndex += 1
            }
        }
        return map
    }

    /// Whether the entry was answered 2xx.
    static func isSuccess(_ entry: JournalEntry) -> Bool {
        entry.status.map { (200..<300).contains($0) } ?? false
    }

    /// Whether the entry is one of the run's transient failures.
    func isTransientFailure(_ entry: JournalEntry) -> Bool { transientFailures[entry.seq] != nil }

    /// When the client must have seen the entry fail (see ``TransientFailure/seenMs``); its arrival otherwise.
    func failureTime(_ entry: JournalEntry) -> Double {
        transientFailures[entry.seq]?.seenMs ?? entry.answeredMs ?? entry.tMs
    }

    /// The served terminal statuses, in time order.
    var terminalStatuses: [ServedStatus] {
        servedStatuses.filter { GenerationStatus.isTerminal($0.status) }.sorted { $0.tMs < $1.tMs }
    }

    /// Whether the create entry's stream served a terminal event.
    func servedTerminalEvent(_ entry: JournalEntry) -> Bool {
        servedStatuses.contains { $0.seq == entry.seq && !$0.fromPoll && GenerationStatus.isTerminal($0.status) }
    }

    /// The last answer of the run with a non-2xx status.
    var lastNon2xx: JournalEntry? {
        entries.last { e in e.status.map { !(200..<300).contains($0) } ?? false }
    }

    /// The `Retry-After` the entry's answer carried, in milliseconds (an HTTP-date less the answer's wall-clock
    /// time): the value the server journaled as sent (time templates resolved), else the scripted step's.
    func retryAfterMs(_ entry: JournalEntry) -> Double? {
        let now = wallClockTime(ofServerMs: entry.answeredMs ?? entry.tMs)
        if let sent = entry.retryAfter {
            return steps[entry.seq] == nil ? nil : RetryAfter.parse(sent, now: now).map { $0.delay(now: now) * 1000 }
        }
        return steps[entry.seq].flatMap { ScenarioFacts.retryAfterMs($0, now: now) }
    }

    /// The wall-clock time of a server-clock millisecond of this run.
    func wallClockTime(ofServerMs ms: Double) -> Date {
        wallClock.addingTimeInterval((ms - wallClockServerMs) / 1000)
    }

    /// The id a poll asked for: the journal's, else the last path segment.
    static func polledID(_ entry: JournalEntry) -> String {
        if let id = entry.generationID { return id }
        let path = entry.path.split(separator: "?").first.map(String.init) ?? entry.path
        return path.split(separator: "/").last.map(String.init) ?? ""
    }

    /// Milliseconds as short text: `52ms`, `1.2s`.
    static func ms(_ value: Double) -> String {
        if value >= 10_000 { return String(format: "%.1fs", value / 1000) }
        return "\(Int(value.rounded()))ms"
    }

    /// Milliseconds with one decimal where it matters: `46.5ms`, `2ms`.
    static func preciseMs(_ value: Double) -> String {
        let tenths = (value * 10).rounded() / 10
        if tenths == tenths.rounded() { return "\(Int(tenths))ms" }
        return String(format: "%.1fms", tenths)
    }
}
