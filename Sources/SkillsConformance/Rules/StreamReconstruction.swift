import SkillsCore
import SkillsScenario
import SkillsVideoClient

/// The events a stream with `raw:` items served, rebuilt from its script.
///
/// The server journals the events of structured items but cannot name the events hidden in raw bytes, so
/// a stream holding `raw:` items is replayed through a WHATWG parser: each event counts from the item that
/// completed it (time: the answer plus the scaled item delays), only up to the entry's end; an event left
/// incomplete at the end of the stream is never dispatched.
enum StreamReconstruction {
    /// The rebuilt events, or nil when the step has no raw bytes (the journal's events are then exact).
    static func events(of entry: JournalEntry, step: Step, timeScale: Double) -> [ServedEvent]? {
        guard case .sse(let script) = step.kind, script.events.contains(where: { $0.raw != nil }) else { return nil }
        var parser = SSEParser()
        var t = entry.answeredMs ?? entry.tMs
        let limit = (entry.endedMs ?? .infinity) + 1
        var served: [ServedEvent] = []
        for item in script.events {
            t += item.delayMs * timeScale
            if t > limit { break }
            for event in parser.feed(bytes(of: item, generationID: entry.generationID)) {
                served.append(ServedEvent(tMs: t, event: event.type == "message" ? nil : event.type, data: event.data,
                                          id: event.lastEventID.isEmpty ? nil : event.lastEventID))
            }
        }
        return served
    }

    /// An item's bytes as the server sends them (`{gen}` substituted).
    static func bytes(of item: SSEItem, generationID: String?) -> [UInt8] {
        let gen = generationID ?? "{gen}"
        if let raw = item.raw { return replacing(Array("{gen}".utf8), with: Array(gen.utf8), in: raw) }
        var lines: [String] = []
        if let comment = item.comment { lines += split(comment).map { ": " + $0.replacingAll("{gen}", with: gen) } }
        if let event = item.event { lines.append("event: " + event.replacingAll("{gen}", with: gen)) }
        if let id = item.id { lines.append("id: " + id.replacingAll("{gen}", with: gen)) }
        if let retry = item.retry { lines.append("retry: \(retry)") }
        if let data = item.data {
            let text: String
            switch data {
            case .json(let value): text = value.substituting("{gen}", with: gen).jsonText
            case .text(let t): text = t.replacingAll("{gen}", with: gen)
            }
            lines += split(text).map { "data: " + $0 }
        }
        if lines.isEmpty { return [] }
        return Array((lines.map { $0 + "\n" }.joined() + "\n").utf8)
    }

    /// Byte-wise replacement (invalid UTF-8 survives).
    static func replacing(_ token: [UInt8], with replacement: [UInt8], in bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if i + token.count <= bytes.count, bytes[i..<(i + token.count)].elementsEqual(token) {
                out += replacement
                i += token.count
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    static func split(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
