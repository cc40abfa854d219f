import SkillsCore

/// A journal entry as the journal keeps it: request text in the journal's `ByteArena`, keys as fingerprint
/// numbers, everything else inline. It becomes a `JournalEntry` only when read.
///
/// The response fields carry `JournalEntry`'s names, so updates read the same on both.
struct StoredEntry {
    var seq: Int
    var connection: Int
    var tMs: Double
    var method: String
    var path: ArenaText
    /// Header names and journaled values, each followed by a NUL byte (HTTP header text holds no NUL).
    var headers: ArenaText
    var body: ArenaText
    /// Fingerprint number of the bearer key (`KeyFingerprint.number(of:)`).
    var key: UInt64?
    var scenario: String?
    var kind: RequestKind
    var generationID: String?
    var status: Int?
    var responseBody: String?
    var retryAfter: String?
    var events: [ServedEvent] = []
    var answeredMs: Double?
    var end: ConnectionEnd?
    var endedMs: Double?
    /// Lateness of the response's scripted timers, ms; empty (no allocation) for the many entries without any.
    var lateMs: [Double] = []
    /// The plan that answered the request (shared with the run's cached plans), for the run export.
    var plan: ResponsePlan?
    /// For streams: when each non-empty chunk started and finished going out (server clock, ms), as pairs.
    var chunkMs: [Double] = []

    /// The public form, its text read from `arena`.
    func entry(in arena: ByteArena) -> JournalEntry {
        JournalEntry(
            seq: seq, connection: connection, tMs: tMs, method: method, path: arena.string(path),
            headers: StoredEntry.headerPairs(arena.bytes(headers)), body: arena.string(body),
            key: key.map(KeyFingerprint.text(of:)), scenario: scenario, kind: kind, generationID: generationID,
            status: status, responseBody: responseBody, events: events, answeredMs: answeredMs, end: end,
            endedMs: endedMs, lateMs: lateMs, retryAfter: retryAfter)
    }

    /// `[name, value]` pairs from NUL-terminated names and values.
    static func headerPairs(_ bytes: UnsafeRawBufferPointer) -> [[String]] {
        var pairs: [[String]] = []
        var fields: [String] = []
        var start = 0
        for index in 0..<bytes.count where bytes[index] == 0 {
            fields.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
            start = index + 1
            if fields.count == 2 {
                pairs.append(fields)
                fields = []
            }
        }
        return pairs
    }
}

/// How one `Authorization` value is journaled: a key fingerprint, after `Bearer ` when the value used that scheme.
struct HeaderRedaction {
    var number: UInt64
    var bearer: Bool

    /// Bytes of the journaled value.
    var length: Int { (bearer ? 7 : 0) + KeyFingerprint.length }

    /// Writes the journaled value (`length` bytes).
    func write(into out: UnsafeMutableRawBufferPointer) {
        var at = 0
        if bearer {
            for byte in "Bearer ".utf8 {
                out[at] = byte
                at += 1
            }
        }
        KeyFingerprint.write(number, into: UnsafeMutableRawBufferPointer(rebasing: out[at...]))
    }

    /// The redaction of an `Authorization` value: `Bearer <token>` keeps its scheme and fingerprints the
    /// token, anything else is fingerprinted whole.
    init(value: String) {
        if let token = BearerToken.parse(value) {
            self.init(number: KeyFingerprint.number(of: token), bearer: true)
            return
        }
        let parts = value.split(separator: " ", maxSplits: 1)
        if parts.count == 2, HeaderName.matches(String(parts[0]), "bearer") {
            self.init(number: KeyFingerprint.number(of: String(parts[1]).trimmingWhitespace()), bearer: true)
        } else {
            self.init(number: KeyFingerprint.number(of: value), bearer: false)
        }
    }

    init(number: UInt64, bearer: Bool) {
        self.number = number
        self.bearer = bearer
    }
}
