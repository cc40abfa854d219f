import CLibevent

/// The last body-less request decoded on a connection, kept so the same request again is not decoded again.
///
/// A polling client sends the same GET with the same headers over and over on one keep-alive connection;
/// comparing its bytes with the previous request's is cheaper than building strings, routing and reading the
/// key anew. Anything different (method, target, a header, a body) is decoded as usual.
struct RequestMemo {
    /// The decoded request.
    let request: IncomingRequest
    private let command: evhttp_cmd_type
    /// The target, then each header name and value, each followed by a NUL byte (as libevent holds them).
    private let wire: [UInt8]

    /// Remembers `decoded`, which was read from `raw`; nil for a request with a body.
    init?(_ decoded: IncomingRequest, raw: UnsafeMutablePointer<evhttp_request>) {
        guard decoded.body.isEmpty else { return nil }
        request = decoded
        command = evhttp_request_get_command(raw)
        var wire: [UInt8] = []
        RequestMemo.append(evhttp_request_get_uri(raw), to: &wire)
        RequestReader.forEachHeader(of: raw) { name, value in
            RequestMemo.append(name, to: &wire)
            RequestMemo.append(value, to: &wire)
        }
        self.wire = wire
    }

    /// Whether `raw` is byte for byte the remembered request (and carries no body).
    func matches(_ raw: UnsafeMutablePointer<evhttp_request>) -> Bool {
        guard evhttp_request_get_command(raw) == command, RequestReader.bodyLength(of: raw) == 0 else { return false }
        return wire.withUnsafeBufferPointer { wire in
            var at = 0
            guard RequestMemo.same(evhttp_request_get_uri(raw), wire, &at) else { return false }
            var same = true
            RequestReader.forEachHeader(of: raw) { name, value in
                if same { same = RequestMemo.same(name, wire, &at) && RequestMemo.same(value, wire, &at) }
            }
            return same && at == wire.count
        }
    }

    private static func append(_ text: UnsafePointer<CChar>?, to wire: inout [UInt8]) {
        guard let text else { return wire.append(0) }
        var cursor = text
        while cursor.pointee != 0 {
            wire.append(UInt8(bitPattern: cursor.pointee))
            cursor += 1
        }
        wire.append(0)
    }

    /// Whether the C string equals the NUL-terminated run at `at` in `wire`; moves `at` past it.
    private static func same(_ text: UnsafePointer<CChar>?, _ wire: UnsafeBufferPointer<UInt8>, _ at: inout Int) -> Bool
    {
        guard var cursor = text else { return false }
        while at < wire.count {
            let byte = UInt8(bitPattern: cursor.pointee)
            guard wire[at] == byte else { return false }
            at += 1
            if byte == 0 { return true }
            cursor += 1
        }
        return false
    }
}
