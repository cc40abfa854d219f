import SkillsCore

/// Which journal entries to read.
public struct JournalFilter: Sendable, Equatable {
    /// A raw API key or its `key:` fingerprint; only that key's requests.
    public var key: String?
    /// Only requests bound to this scenario.
    public var scenario: String?
    /// Only requests that carried no key at all.
    public var keylessOnly: Bool
    /// Only entries with a sequence number above this one.
    public var sinceSeq: Int?

    /// A filter; with no arguments it keeps everything.
    public init(key: String? = nil, scenario: String? = nil, keylessOnly: Bool = false, sinceSeq: Int? = nil) {
        self.key = key
        self.scenario = scenario
        self.keylessOnly = keylessOnly
        self.sinceSeq = sinceSeq
    }

    /// Every entry.
    public static let all = JournalFilter()

    /// The fingerprint the filter's key stands for (a fingerprint is kept as it is).
    var keyFingerprint: String? {
        guard let key else { return nil }
        return JournalFilter.isFingerprint(key) ? key : KeyFingerprint.of(key)
    }

    static func isFingerprint(_ text: String) -> Bool {
        text.hasPrefix("key:") && text.count == 16 && text.dropFirst(4).allSatisfy(\.isHexDigit)
    }

    /// The number of `keyFingerprint`, to compare with entries' key numbers.
    var keyNumber: UInt64? { keyFingerprint.flatMap(KeyFingerprint.number(ofFingerprint:)) }

    /// Whether a stored entry passes the filter; `keyNumber` is the filter's `keyNumber`, made once.
    func matches(_ entry: StoredEntry, keyNumber: UInt64?) -> Bool {
        passes(seq: entry.seq, entryKey: entry.key, scenario: entry.scenario, keyNumber: keyNumber)
    }

    /// Whether an entry passes the filter.
    public func matches(_ entry: JournalEntry) -> Bool {
        // A key that is no fingerprint text has no number, yet the entry is not keyless.
        guard !(keylessOnly && entry.key != nil) else { return false }
        return passes(
            seq: entry.seq, entryKey: entry.key.flatMap(KeyFingerprint.number(ofFingerprint:)),
            scenario: entry.scenario,
            keyNumber: keyNumber)
    }

    private func passes(seq: Int, entryKey: UInt64?, scenario entryScenario: String?, keyNumber: UInt64?) -> Bool {
        if let since = sinceSeq, seq <= since { return false }
        if keylessOnly, entryKey != nil { return false }
        if key != nil, entryKey == nil || entryKey != keyNumber { return false }
        if let scenario, entryScenario != scenario { return false }
        return true
    }
}
