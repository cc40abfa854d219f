import SkillsCore
import Synchronization

/// Every request the server received, in arrival order; O(1) appends and updates, indexed by key.
///
/// Recording a request copies its text into a byte arena and stores one fixed-size record: no allocation of
/// its own per request. Entries become `JournalEntry` values only when read. Storage is chunked, so growing
/// never copies what is already there.
final class Journal: Sendable {
    /// Response bodies are kept up to this many bytes.
    static let responseBodyLimit = 64 * 1024

    /// What the server knows of a request as it arrives.
    struct Arrival {
        var request: IncomingRequest
        var tMs: Double
        /// The bearer key (journaled as its fingerprint only).
        var key: String?
        var scenario: String?
        var kind: RequestKind
        var generationID: String?
        /// A reply sent at once, recorded as answered and complete in the same step.
        var reply: ResponsePlan.Reply?
        /// The plan answering the request (kept for `GET /__admin/runs/scenario`).
        var plan: ResponsePlan?
    }

    private struct State {
        var entries = ChunkedEntries()
        var arena = ByteArena()
        /// Sequence number of the first stored entry.
        var firstSeq = 1
        var nextSeq = 1
        /// Sequence numbers by key fingerprint number.
        var byKey: [UInt64: [Int]] = [:]
        var keyless: [Int] = []
    }

    private let state = Mutex(State())
    /// Whether entries are kept (sequence numbers are handed out either way).
    let enabled: Bool

    init(enabled: Bool) { self.enabled = enabled }

    /// Numbers and stores a request; returns its sequence number.
    func append(_ arrival: Arrival) -> Int {
        guard enabled else { return nextSeq() }
        let request = arrival.request
        let keyNumber = arrival.key.map(KeyFingerprint.number(of:))
        return withUnsafeTemporaryAllocation(of: HeaderRedaction?.self, capacity: request.headers.count) { redactions in
            var headerBytes = 0
            var keyHeaderSeen = false
            for (index, header) in request.headers.enumerated() {
                var redaction: HeaderRedaction?
                if HeaderName.matches(header.name, "Authorization") {
                    // The first Authorization header is the one the key was read from.
                    if let keyNumber, !keyHeaderSeen {
                        redaction = HeaderRedaction(number: keyNumber, bearer: true)
                    } else {
                        redaction = HeaderRedaction(value: header.value)
                    }
                    keyHeaderSeen = true
                }
                redactions.initializeElement(at: index, to: redaction)
                headerBytes += header.name.utf8.count + 2 + (redaction?.length ?? header.value.utf8.count)
            }
            defer { _ = redactions.deinitialize() }
            return state.withLock { s in
                let seq = s.nextSeq
                s.nextSeq += 1
                let arena = s.arena
                let headers = arena.append(count: headerBytes) { out in
                    var at = 0
                    for (index, header) in request.headers.enumerated() {
                        at += Journal.copy(header.name, to: out, at: at)
                        out[at] = 0
                        at += 1
                        if let redaction = redactions[index] {
                            redaction.write(into: UnsafeMutableRawBufferPointer(rebasing: out[at...]))
                            at += redaction.length
                        } else {
                            at += Journal.copy(header.value, to: out, at: at)
                        }
                        out[at] = 0
                        at += 1
                    }
                }
                var entry = StoredEntry(
                    seq: seq, connection: request.connection, tMs: arrival.tMs, method: request.method,
                    path: arena.append(request.uri), headers: headers, body: arena.append(request.body), key: keyNumber,
                    scenario: arrival.scenario, kind: arrival.kind, generationID: arrival.generationID)
                entry.plan = arrival.plan
                if let reply = arrival.reply {
                    entry.status = reply.status
                    entry.responseBody = reply.journalText
                    entry.retryAfter = reply.retryAfter
                    entry.answeredMs = arrival.tMs
                    entry.end = .complete
                    entry.endedMs = arrival.tMs
                }
                if let keyNumber { s.byKey[keyNumber, default: []].append(seq) } else { s.keyless.append(seq) }
                s.entries.append(entry)
                return seq
            }
        }
    }

    /// Copies a string's bytes into `out` at `at`; returns how many.
    private static func copy(_ text: String, to out: UnsafeMutableRawBufferPointer, at: Int) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            UnsafeMutableRawBufferPointer(rebasing: out[at..<at + bytes.count]).copyMemory(
                from: UnsafeRawBufferPointer(bytes))
            return bytes.count
        }
    }

    /// The last sequence number handed out (0 before the first request): a cheap watermark.
    var lastSeq: Int { state.withLock { $0.nextSeq - 1 } }

    /// A sequence number without an entry (journaling off).
    func nextSeq() -> Int {
        state.withLock { s in
            s.nextSeq += 1
            return s.nextSeq - 1
        }
    }

    /// Changes the entry `seq` in place; a no-op once the journal was reset past it, or when journaling is off.
    func update(_ seq: Int, _ change: (inout StoredEntry) -> Void) {
        guard enabled else { return }
        state.withLock { s in
            let index = seq - s.firstSeq
            guard index >= 0, index < s.entries.count else { return }
            change(&s.entries[index])
        }
    }

    /// Records the answer's status (and body, truncated) when the status line was sent.
    func answered(_ seq: Int, status: Int, body: [UInt8]?, retryAfter: String? = nil, atMs: Double) {
        let text = body.map(Journal.bodyText)
        update(seq) { e in
            e.status = status
            e.answeredMs = atMs
            if let text { e.responseBody = text }
            if let retryAfter { e.retryAfter = retryAfter }
        }
    }

    /// Records a complete answer and its end in one step.
    func completed(_ seq: Int, status: Int, body text: String, retryAfter: String? = nil, atMs: Double) {
        guard enabled else { return }
        update(seq) { e in
            e.status = status
            e.answeredMs = atMs
            e.responseBody = text
            if let retryAfter { e.retryAfter = retryAfter }
            if e.end == nil {
                e.end = .complete
                e.endedMs = atMs
            }
        }
    }

    /// Records how the response ended (the first end recorded stays).
    func ended(_ seq: Int, _ end: ConnectionEnd, atMs: Double) {
        update(seq) { e in
            guard e.end == nil else { return }
            e.end = end
            e.endedMs = atMs
        }
    }

    /// Entries passing the filter, in arrival order.
    func entries(_ filter: JournalFilter) -> [JournalEntry] {
        state.withLock { s in
            var out: [JournalEntry] = []
            Journal.visit(s, filter) { out.append($0.entry(in: s.arena)) }
            return out
        }
    }

    /// How many entries passing the filter were answered (a status sent) or ended, read without building them:
    /// what a `wait_count` admin call looks at every few milliseconds on the loop.
    func answeredCount(_ filter: JournalFilter) -> Int {
        state.withLock { s in
            var count = 0
            Journal.visit(s, filter) { if $0.answeredMs != nil || $0.end != nil { count += 1 } }
            return count
        }
    }

    /// Calls `body` with each stored entry passing the filter, in arrival order (under the caller's lock).
    private static func visit(_ s: State, _ filter: JournalFilter, _ body: (StoredEntry) -> Void) {
        let keyNumber = filter.keyNumber
        let since = filter.sinceSeq ?? 0
        let candidates: [Int]?
        if let keyNumber {
            candidates = s.byKey[keyNumber] ?? []
        } else if filter.keylessOnly {
            candidates = s.keyless
        } else {
            candidates = nil
        }
        if let candidates {
            for seq in candidates where seq > since {
                let index = seq - s.firstSeq
                if index >= 0, index < s.entries.count, filter.matches(s.entries[index], keyNumber: keyNumber) {
                    body(s.entries[index])
                }
            }
            return
        }
        var index = max(0, since - s.firstSeq + 1)
        while index < s.entries.count {
            if filter.matches(s.entries[index], keyNumber: keyNumber) { body(s.entries[index]) }
            index += 1
        }
    }

    /// The run export's view of the entries passing the filter: each public entry with its plan and chunk times.
    func exportRecords(_ filter: JournalFilter) -> [RunExport.Record] {
        let keyNumber = filter.keyNumber
        return state.withLock { s in
            let candidates = keyNumber.map { s.byKey[$0] ?? [] } ?? (filter.keylessOnly ? s.keyless : nil)
            var out: [RunExport.Record] = []
            func take(_ index: Int) {
                let stored = s.entries[index]
                guard filter.matches(stored, keyNumber: keyNumber) else { return }
                out.append(
                    RunExport.Record(entry: stored.entry(in: s.arena), plan: stored.plan, chunkMs: stored.chunkMs))
            }
            if let candidates {
                for seq in candidates {
                    let index = seq - s.firstSeq
                    if index >= 0, index < s.entries.count { take(index) }
                }
            } else {
                for index in 0..<s.entries.count { take(index) }
            }
            return out
        }
    }

    /// Number of entries held.
    var count: Int { state.withLock { $0.entries.count } }

    /// Forgets every entry; sequence numbers keep counting up.
    func reset() {
        state.withLock { s in
            s.entries = ChunkedEntries()
            s.arena = ByteArena()
            s.byKey.removeAll()
            s.keyless.removeAll()
            s.firstSeq = s.nextSeq
        }
    }

    static func bodyText(_ body: [UInt8]) -> String {
        String(decoding: body.prefix(responseBodyLimit), as: UTF8.self)
    }
}

/// Journal entries in fixed-size chunks: appends never move stored entries.
struct ChunkedEntries {
    private static let chunkSize = 4096
    private var chunks: [[StoredEntry]] = []
    private(set) var count = 0

    mutating func append(_ entry: StoredEntry) {
        if chunks.isEmpty || chunks[chunks.count - 1].count == ChunkedEntries.chunkSize {
            var chunk: [StoredEntry] = []
            chunk.reserveCapacity(ChunkedEntries.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(entry)
        count += 1
    }

    subscript(index: Int) -> StoredEntry {
        get { chunks[index / ChunkedEntries.chunkSize][index % ChunkedEntries.chunkSize] }
        set { chunks[index / ChunkedEntries.chunkSize][index % ChunkedEntries.chunkSize] = newValue }
        // In place: no copy of the entry (and its arrays) on every update.
        _modify { yield &chunks[index / ChunkedEntries.chunkSize][index % ChunkedEntries.chunkSize] }
    }
}
