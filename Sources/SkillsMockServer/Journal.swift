import SkillsCore

/// Every request the server received, in arrival order; O(1) appends and updates, indexed by key.
///
/// Entries are built by the caller outside the lock; the lock only numbers and stores them. Storage is
/// chunked, so growing never copies what is already there.
final class Journal: @unchecked Sendable {
    /// Response bodies are kept up to this many bytes.
    static let responseBodyLimit = 64 * 1024

    private struct State {
        var entries = ChunkedEntries()
        /// Sequence number of the first stored entry.
        var firstSeq = 1
        var nextSeq = 1
        var byKey: [String: [Int]] = [:]
        var keyless: [Int] = []
    }

    private let state = Locked(State())
    /// Whether entries are kept (sequence numbers are handed out either way).
    let enabled: Bool

    init(enabled: Bool) { self.enabled = enabled }

    /// Numbers and stores an entry (its `seq` is overwritten); returns the sequence number.
    func append(_ entry: JournalEntry) -> Int {
        var entry = entry
        return state.withLock { s in
            let seq = s.nextSeq
            s.nextSeq += 1
            guard enabled else { return seq }
            entry.seq = seq
            if let key = entry.key { s.byKey[key, default: []].append(seq) } else { s.keyless.append(seq) }
            s.entries.append(entry)
            return seq
        }
    }

    /// A sequence number without an entry (journaling off).
    func nextSeq() -> Int {
        state.withLock { s in
            s.nextSeq += 1
            return s.nextSeq - 1
        }
    }

    /// Changes the entry `seq` in place; a no-op once the journal was reset past it, or when journaling is off.
    func update(_ seq: Int, _ change: (inout JournalEntry) -> Void) {
        guard enabled else { return }
        state.withLock { s in
            let index = seq - s.firstSeq
            guard index >= 0, index < s.entries.count else { return }
            change(&s.entries[index])
        }
    }

    /// Records the answer's status (and body, truncated) when the status line was sent.
    func answered(_ seq: Int, status: Int, body: [UInt8]?, atMs: Double) {
        let text = body.map(Journal.bodyText)
        update(seq) { e in
            e.status = status
            e.answeredMs = atMs
            if let text { e.responseBody = text }
        }
    }

    /// Records a complete answer and its end in one step.
    func completed(_ seq: Int, status: Int, body text: String, atMs: Double) {
        guard enabled else { return }
        update(seq) { e in
            e.status = status
            e.answeredMs = atMs
            e.responseBody = text
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
            let since = filter.sinceSeq ?? 0
            let candidates: [Int]?
            if let fingerprint = filter.keyFingerprint {
                candidates = s.byKey[fingerprint] ?? []
            } else if filter.keylessOnly {
                candidates = s.keyless
            } else {
                candidates = nil
            }
            var out: [JournalEntry] = []
            if let candidates {
                for seq in candidates where seq > since {
                    let index = seq - s.firstSeq
                    if index >= 0, index < s.entries.count, filter.matches(s.entries[index]) { out.append(s.entries[index]) }
                }
                return out
            }
            var index = max(0, since - s.firstSeq + 1)
            while index < s.entries.count {
                if filter.matches(s.entries[index]) { out.append(s.entries[index]) }
                index += 1
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
    private var chunks: [[JournalEntry]] = []
    private(set) var count = 0

    mutating func append(_ entry: JournalEntry) {
        if chunks.isEmpty || chunks[chunks.count - 1].count == ChunkedEntries.chunkSize {
            var chunk: [JournalEntry] = []
            chunk.reserveCapacity(ChunkedEntries.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(entry)
        count += 1
    }

    subscript(index: Int) -> JournalEntry {
        get { chunks[index / ChunkedEntries.chunkSize][index % ChunkedEntries.chunkSize] }
        set { chunks[index / ChunkedEntries.chunkSize][index % ChunkedEntries.chunkSize] = newValue }
        // In place: no copy of the entry (and its arrays) on every update.
        _modify { yield &chunks[index / ChunkedEntries.chunkSize][index % ChunkedEntries.chunkSize] }
    }
}
