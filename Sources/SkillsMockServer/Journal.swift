import SkillsCore

/// Every request the server received, in arrival order; O(1) appends and updates, indexed by key.
final class Journal: @unchecked Sendable {
    /// Response bodies are kept up to this many bytes.
    static let responseBodyLimit = 64 * 1024

    private struct State {
        var entries: [JournalEntry] = []
        /// Sequence number of `entries[0]`.
        var firstSeq = 1
        var nextSeq = 1
        var byKey: [String: [Int]] = [:]
        var keyless: [Int] = []
    }

    private let state = Locked(State())
    let enabled: Bool

    init(enabled: Bool) { self.enabled = enabled }

    /// Records a request and returns its sequence number (given even when journaling is off).
    func append(_ make: (Int) -> JournalEntry) -> Int {
        state.withLock { s in
            let seq = s.nextSeq
            s.nextSeq += 1
            guard enabled else { return seq }
            let entry = make(seq)
            if let key = entry.key { s.byKey[key, default: []].append(seq) } else { s.keyless.append(seq) }
            s.entries.append(entry)
            return seq
        }
    }

    /// Changes the entry `seq` in place; a no-op once the journal was reset past it.
    func update(_ seq: Int, _ change: (inout JournalEntry) -> Void) {
        state.withLock { s in
            let index = seq - s.firstSeq
            guard index >= 0, index < s.entries.count else { return }
            change(&s.entries[index])
        }
    }

    /// Records the answer's status (and body, truncated) when the status line was sent.
    func answered(_ seq: Int, status: Int, body: [UInt8]?, atMs: Double) {
        update(seq) { e in
            e.status = status
            e.answeredMs = atMs
            if let body {
                e.responseBody = String(decoding: body.prefix(Journal.responseBodyLimit), as: UTF8.self)
            }
        }
    }

    /// Records how the response ended.
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
            let candidates: [Int]?
            if let fingerprint = filter.keyFingerprint {
                candidates = s.byKey[fingerprint] ?? []
            } else if filter.keylessOnly {
                candidates = s.keyless
            } else {
                candidates = nil
            }
            let since = filter.sinceSeq ?? 0
            if let candidates {
                var out: [JournalEntry] = []
                for seq in candidates where seq > since {
                    let index = seq - s.firstSeq
                    if index >= 0, index < s.entries.count, filter.matches(s.entries[index]) { out.append(s.entries[index]) }
                }
                return out
            }
            let start = max(0, since - s.firstSeq + 1)
            guard start < s.entries.count else { return [] }
            return s.entries[start...].filter(filter.matches)
        }
    }

    /// Number of entries held.
    var count: Int { state.withLock { $0.entries.count } }

    /// Forgets every entry; sequence numbers keep counting up.
    func reset() {
        state.withLock { s in
            s.entries.removeAll()
            s.byKey.removeAll()
            s.keyless.removeAll()
            s.firstSeq = s.nextSeq
        }
    }
}
