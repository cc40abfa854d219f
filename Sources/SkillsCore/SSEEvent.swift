/// One dispatched Server-Sent Event (WHATWG "dispatch the event").
public struct SSEEvent: Sendable, Equatable, CustomStringConvertible {
    /// The event type: the last `event:` field of the block, or `message`.
    public var type: String
    /// The `data:` lines of the block joined with `\n` (the last line end dropped).
    public var data: String
    /// The last event id in force when the event was dispatched (persists across events).
    public var lastEventID: String

    /// Creates an event.
    public init(type: String = "message", data: String, lastEventID: String = "") {
        self.type = type
        self.data = data
        self.lastEventID = lastEventID
    }

    public var description: String {
        "SSEEvent(type: \(type), data: \(data.debugDescription), id: \(lastEventID.debugDescription))"
    }
}
