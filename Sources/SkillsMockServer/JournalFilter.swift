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

    /// Whether a stored entry passes the filter; `keyNumber` is the number of `keyFingerprint`, made once.
    func matches(_ entry: StoredEntry, keyNumber: UInt64?) -> Bool {
        if let since = sinceSeq, entry.seq <= since { return false }
        if keylessOnly, entry.key != nil { return false }
        if key != nil, entry.key == nil || entry.key != keyNumber { return false }
        if let scenario, entry.scenario != scenario { return false }
        return true
    }

    /// Whether an entry passes the filter.
    public func matches(_ entry: JournalEntry) -> Bool {
        if let since = sinceSeq, entry.seq <= since { return false }
        if keylessOnly, entry.key != nil { return false }
        if let fingerprint = keyFingerprint, entry.key != fingerprint { return false }
        if let scenario, entry.scenario != scenario { return false }
        return true
    }
}
