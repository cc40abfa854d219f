import CLibevent

/// Reads the parts of an evhttp request into Swift values.
enum RequestReader {
    /// The request decoded, on connection `connection` from `peer`.
    static func decode(_ request: UnsafeMutablePointer<evhttp_request>, connection: Int, peer: String)
        -> IncomingRequest
    {
        var headers: [(name: String, value: String)] = []
        forEachHeader(of: request) { name, value in
            headers.append((name.map { String(cString: $0) } ?? "", value.map { String(cString: $0) } ?? ""))
        }
        return IncomingRequest(
            method: method(of: request), uri: String(cString: evhttp_request_get_uri(request)), headers: headers,
            body: body(of: request), connection: connection, peer: peer)
    }

    /// Calls `body` with each header's name and value, in arrival order.
    static func forEachHeader(
        of request: UnsafeMutablePointer<evhttp_request>,
        _ body: (UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void
    ) {
        guard let list = evhttp_request_get_input_headers(request) else { return }
        var item = list.pointee.tqh_first
        while let pair = item {
            body(pair.pointee.key, pair.pointee.value)
            item = pair.pointee.next.tqe_next
        }
    }

    /// Bytes of the request body.
    static func bodyLength(of request: UnsafeMutablePointer<evhttp_request>) -> Int {
        guard let buffer = evhttp_request_get_input_buffer(request) else { return 0 }
        return evbuffer_get_length(buffer)
    }

    private static func method(of request: UnsafeMutablePointer<evhttp_request>) -> String {
        switch evhttp_request_get_command(request) {
        case EVHTTP_REQ_GET: return "GET"
        case EVHTTP_REQ_POST: return "POST"
        case EVHTTP_REQ_HEAD: return "HEAD"
        case EVHTTP_REQ_PUT: return "PUT"
        case EVHTTP_REQ_DELETE: return "DELETE"
        case EVHTTP_REQ_OPTIONS: return "OPTIONS"
        case EVHTTP_REQ_TRACE: return "TRACE"
        case EVHTTP_REQ_CONNECT: return "CONNECT"
        case EVHTTP_REQ_PATCH: return "PATCH"
        default: return "UNKNOWN"
        }
    }

    private static func body(of request: UnsafeMutablePointer<evhttp_request>) -> [UInt8] {
        guard let buffer = evhttp_request_get_input_buffer(request) else { return [] }
        let length = evbuffer_get_length(buffer)
        guard length > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: length)
        _ = bytes.withUnsafeMutableBytes { evbuffer_copyout(buffer, $0.baseAddress, length) }
        return bytes
    }
}
