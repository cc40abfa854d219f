/// A plain HTTP answer.
public struct Response: Sendable, Equatable {
    /// The HTTP status code (100-599).
    public var status: Int
    /// Header pairs in order.
    public var headers: [Header]
    /// The body, or nil for none.
    public var body: Body?

    /// A response; 200 with no headers and no body by default.
    public init(status: Int = 200, headers: [Header] = [], body: Body? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
