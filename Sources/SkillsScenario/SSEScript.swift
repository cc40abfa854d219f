/// An SSE stream script.
public struct SSEScript: Sendable, Equatable {
    /// The HTTP status of the stream's head (default 200).
    public var status: Int
    /// Extra or replacing headers (defaults: `Content-Type: text/event-stream`, `Cache-Control: no-cache`).
    public var headers: [Header]
    /// The items in order (`repeat:` already expanded).
    public var events: [SSEItem]
    /// How the stream ends after its last item.
    public var end: StreamEnd

    /// A stream of `events` with a 200 head that ends cleanly by default.
    public init(status: Int = 200, headers: [Header] = [], events: [SSEItem], end: StreamEnd = .complete) {
        self.status = status
        self.headers = headers
        self.events = events
        self.end = end
    }
}
