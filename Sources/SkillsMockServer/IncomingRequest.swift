import Foundation
import SkillsCore

/// A request as read off the wire, detached from libevent, with its route and bearer key worked out once.
/// A class: one decoded request is shared by reference (a connection reuses it for an identical request).
final class IncomingRequest: Sendable {
    let method: String
    /// The request target as sent (path and query).
    let uri: String
    /// Header pairs in arrival order.
    let headers: [(name: String, value: String)]
    let body: [UInt8]
    /// Server-wide connection number.
    let connection: Int
    /// Peer address text (`127.0.0.1`, `::1`...).
    let peer: String
    /// Where the method and target lead.
    let route: Route
    /// The bearer token of the first `Authorization` header, when well formed (`Bearer <non-empty>`).
    let bearerKey: String?

    init(
        method: String, uri: String, headers: [(name: String, value: String)], body: [UInt8], connection: Int,
        peer: String
    ) {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
        self.connection = connection
        self.peer = peer
        route = Route(method: method, path: uri)
        bearerKey = IncomingRequest.value(of: "Authorization", in: headers).flatMap(BearerToken.parse)
    }

    /// The first header of that name (any case).
    func header(_ name: String) -> String? { IncomingRequest.value(of: name, in: headers) }

    /// The value of the first header of that name (any case).
    private static func value(of name: String, in headers: [(name: String, value: String)]) -> String? {
        headers.first(headerNamed: name) { $0.name }?.value
    }

    /// The path without its query.
    var path: String { String(uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "") }

    /// Query parameters, percent-decoded (`+` as space).
    var query: [String: String] {
        guard let q = uri.split(separator: "?", maxSplits: 1).dropFirst().first else { return [:] }
        var out: [String: String] = [:]
        for pair in q.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = IncomingRequest.decode(String(parts[0]))
            out[name] = parts.count > 1 ? IncomingRequest.decode(String(parts[1])) : ""
        }
        return out
    }

    /// Whether the peer is on the loopback interface.
    var isLoopbackPeer: Bool {
        Loopback.contains(peer)
    }

    private static func decode(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
                let v = UInt8(String(decoding: bytes[i + 1...i + 2], as: UTF8.self), radix: 16)
            {
                out.append(v)
                i += 3
            } else {
                out.append(bytes[i] == UInt8(ascii: "+") ? UInt8(ascii: " ") : bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
