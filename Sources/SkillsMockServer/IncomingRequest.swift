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
        bearerKey = IncomingRequest.value(of: "Authorization", in: headers).flatMap(IncomingRequest.bearerToken)
    }

    /// The first header of that name (any case).
    func header(_ name: String) -> String? { IncomingRequest.value(of: name, in: headers) }

    /// The value of the first header of that name (any case).
    private static func value(of name: String, in headers: [(name: String, value: String)]) -> String? {
        headers.first(where: { sameName($0.name, name) })?.value
    }

    /// ASCII case-insensitive equality of header names, without allocating.
    static func sameName(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var a = a
        var b = b
        return a.withUTF8 { x in b.withUTF8 { y in sameLetters(x, y) } }
    }

    /// ASCII case-insensitive equality of two byte runs of the same length.
    private static func sameLetters(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        for i in 0..<x.count where x[i] != y[i] {
            let lower = x[i] | 0x20
            guard lower == y[i] | 0x20, lower >= 0x61, lower <= 0x7A else { return false }
        }
        return true
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

    /// The token of an `Authorization` value `Bearer <token>` (scheme in any case, one space, the token
    /// trimmed of spaces and tabs); nil for anything else.
    static func bearerToken(_ value: String) -> String? {
        var value = value
        return value.withUTF8 { bytes -> String? in
            let scheme: StaticString = "bearer"
            guard bytes.count > 7, bytes[6] == UInt8(ascii: " "),
                scheme.withUTF8Buffer({ sameLetters(UnsafeBufferPointer(rebasing: bytes[0..<6]), $0) })
            else { return nil }
            let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
            var first = 7
            while first < bytes.count, isSpace(bytes[first]) { first += 1 }
            var last = bytes.count - 1
            while last >= first, isSpace(bytes[last]) { last -= 1 }
            guard first <= last else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[first...last]), as: UTF8.self)
        }
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
