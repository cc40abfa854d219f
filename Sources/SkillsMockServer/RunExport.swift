import SkillsCore
import SkillsScenario

/// What the server served to one run, as a scenario that replays it (`GET /__admin/runs/scenario`, SPEC 10).
///
/// Each create and poll of the run becomes a step from the plan that answered it, with the delays measured on
/// the server clock: before the head, before each stream chunk. Pure: it reads journal records only.
enum RunExport {
    /// A journal entry with what the export needs beyond the public entry.
    struct Record {
        var entry: JournalEntry
        var plan: ResponsePlan?
        /// Start and finish of each non-empty chunk sent, as pairs (server clock, ms).
        var chunkMs: [Double]
    }

    /// The recording of a run's records (`nil` when they hold no create or poll); `timeScale` scales the
    /// scripted delays of answers that never went out (a fault that stayed silent, a reply the client left).
    static func recording(of records: [Record], fingerprint: String, timeScale: Double) -> ScenarioRecording? {
        let calls = records.filter { $0.entry.kind.isCreate || $0.entry.kind == .poll }
        guard !calls.isEmpty else { return nil }
        let generationID =
            calls.first(where: { $0.entry.kind.isCreate && $0.entry.generationID != nil })?.entry.generationID
            ?? calls.first(where: { $0.entry.generationID != nil })?.entry.generationID
        let scenario = records.first?.entry.scenario
        let suffix = String(fingerprint.dropFirst("key:".count))
        let id = "recorded.\(scenario ?? "default-world").\(suffix)"
        let title =
            "Run \(fingerprint) as served (\(scenario.map { "scenario \($0)" } ?? "default world"), \(calls.count) calls)"
        return ScenarioRecording(
            id: id, title: title, generationID: generationID,
            exchanges: calls.compactMap { exchange($0, timeScale: timeScale) })
    }

    /// One record as an exchange; nil when it has no plan (journaled before plans were kept).
    static func exchange(_ record: Record, timeScale: Double) -> RecordedExchange? {
        let entry = record.entry
        guard let plan = record.plan else { return nil }
        let body = Array(entry.body.utf8)
        switch plan {
        case .reply(let reply):
            let delay = entry.answeredMs.map { $0 - entry.tMs } ?? reply.delayMs * timeScale
            return RecordedExchange(
                kind: entry.kind, path: entry.path, requestBody: body, delayMs: delay,
                answer: .reply(status: reply.status, headers: reply.headers, body: reply.body))
        case .fault(let delayMs, let fault):
            let delay = entry.endedMs.map { $0 - entry.tMs } ?? delayMs * timeScale
            return RecordedExchange(
                kind: entry.kind, path: entry.path, requestBody: body,
                delayMs: fault == .silent ? delayMs * timeScale : delay,
                answer: .fault(fault))
        case .awaitJournal:
            return nil
        case .stream(let stream):
            let delay = entry.answeredMs.map { $0 - entry.tMs } ?? stream.delayMs * timeScale
            let chunks = stream.chunks.filter { !$0.bytes.isEmpty }
            var pieces: [RecordedPiece] = []
            var previous = entry.answeredMs ?? entry.tMs
            var index = 0
            // A chunk whose bytes were queued counts as sent: when the client hangs up at once (after a terminal
            // event), its close can reach the loop before the drain callback, which then never comes.
            while index < chunks.count, 2 * index < record.chunkMs.count {
                let start = record.chunkMs[2 * index]
                let finish = 2 * index + 1 < record.chunkMs.count ? record.chunkMs[2 * index + 1] : start
                pieces.append(
                    RecordedPiece(delayMs: start - previous, bytes: chunks[index].bytes, dribble: chunks[index].dribble)
                )
                previous = finish
                index += 1
            }
            let allSent = index == chunks.count
            let end: StreamEnd
            switch entry.end {
            case .complete?: end = .complete
            case .close?: end = .close
            case .reset?: end = .reset
            case .truncate?: end = .truncate
            default: end = allSent ? stream.end : .hang
            }
            return RecordedExchange(
                kind: entry.kind, path: entry.path, requestBody: body, delayMs: delay,
                answer: .stream(status: stream.status, headers: stream.headers, pieces: pieces, end: end))
        }
    }
}
