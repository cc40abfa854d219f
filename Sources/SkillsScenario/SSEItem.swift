/// One item of an SSE stream: an event, a comment, or raw bytes.
public struct SSEItem: Sendable, Equatable {
    /// Delay before this item (scaled).
    public var delayMs: Double
    /// The `event:` field (one line).
    public var event: String?
    /// `data:` payload: JSON is serialized compactly; text may hold newlines (one `data:` line each).
    public var data: Body?
    /// The `id:` field (one line; empty resets the last event id).
    public var id: String?
    /// The `retry:` field, in milliseconds.
    public var retry: Int?
    /// `comment: x` sends `: x` and a blank line.
    public var comment: String?
    /// Exact bytes, sent as they are (no blank line added).
    public var raw: [UInt8]?
    /// Send this item's bytes one at a time.
    public var dribble: Bool

    /// An item; give event fields, a comment, or raw bytes.
    public init(
        delayMs: Double = 0, event: String? = nil, data: Body? = nil, id: String? = nil, retry: Int? = nil,
        comment: String? = nil, raw: [UInt8]? = nil, dribble: Bool = false
    ) {
        self.delayMs = delayMs
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry
        self.comment = comment
        self.raw = raw
        self.dribble = dribble
    }
}
