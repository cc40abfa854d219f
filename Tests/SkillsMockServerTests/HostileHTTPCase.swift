import Foundation

/// One hostile client: what it sends (bytes, pauses, half-close), what must come back, and how many journal
/// entries it leaves (requests evhttp rejects itself never reach the server's code, so are not journaled).
struct HostileHTTPCase: Sendable, CustomStringConvertible {
    /// One thing the client does.
    enum Action: Sendable {
        case send([UInt8])
        case pause(ms: Int)
        case halfClose
    }

    let name: String
    let actions: [Action]
    /// Statuses of the responses, in order.
    let statuses: [Int]
    /// The other statuses accepted, where libevent races with the client (its reads against the answer).
    var orStatuses: [Int]?
    /// Journal entries the case adds.
    let journaled: Int
    /// The path the last journal entry must show, when it matters.
    var journaledPath: String?
    /// Text the last response body must hold, when it matters.
    var bodyHolds: String?
    /// HTTP version of the first response's status line, when it matters.
    var version: String?

    var description: String { name }

    /// Server limits the corpus runs with (small, so that the cases stay cheap).
    static let requestTimeoutMs = 1500.0
    static let maxBodyBytes = 256 * 1024
    static let maxHeaderBytes = 64 * 1024

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// `METHOD PATH HTTP/1.1` with Host, an API key, `Connection: close`, then `extra` lines and the body.
    static func request(
        _ method: String, _ path: String, key: String = "sk-hostile", extra: [String] = [], body: String = "",
        close: Bool = true
    ) -> [UInt8] {
        var lines = ["\(method) \(path) HTTP/1.1", "Host: 127.0.0.1", "Authorization: Bearer \(key)"]
        if close { lines.append("Connection: close") }
        if !body.isEmpty { lines.append("Content-Length: \(body.utf8.count)") }
        lines += extra
        return bytes(lines.joined(separator: "\r\n") + "\r\n\r\n" + body)
    }

    static let credits = request("GET", "/api/v1/credits")

    /// The corpus.
    static let all: [HostileHTTPCase] = [
        // Request lines.
        HostileHTTPCase(
            name: "request line of garbage is 400", actions: [.send(bytes("HELLO THERE\r\n\r\n"))], statuses: [400],
            journaled: 0),
        HostileHTTPCase(
            name: "method alone is 400", actions: [.send(bytes("GET\r\n\r\n"))], statuses: [400], journaled: 0),
        HostileHTTPCase(
            name: "binary bytes instead of a request line are 400",
            actions: [.send([0x16, 0x03, 0x01, 0x00, 0xFF, 0xFE, 0x0D, 0x0A, 0x0D, 0x0A])], statuses: [400],
            journaled: 0),
        HostileHTTPCase(
            name: "unknown method BREW is 501 from libevent",
            actions: [.send(request("BREW", "/api/v1/credits"))], statuses: [501], journaled: 0),
        HostileHTTPCase(
            name: "lowercase method is unknown to libevent: 501",
            actions: [.send(request("get", "/api/v1/credits"))], statuses: [501], journaled: 0),
        HostileHTTPCase(
            name: "known method on the wrong endpoint is the server's 405",
            actions: [.send(request("DELETE", "/api/v1/credits"))], statuses: [405], journaled: 1),
        HostileHTTPCase(
            name: "HTTP/1.0 without Host is served and closed",
            actions: [.send(bytes("GET /api/v1/credits HTTP/1.0\r\nAuthorization: Bearer sk-hostile\r\n\r\n"))],
            statuses: [200], journaled: 1, version: "HTTP/1.0"),
        HostileHTTPCase(
            name: "HTTP/1.0 keep-alive serves two requests on one connection",
            actions: [
                .send(
                    bytes(
                        "GET /api/v1/credits HTTP/1.0\r\nAuthorization: Bearer sk-hostile\r\nConnection: keep-alive\r\n\r\n"
                    )),
                .pause(ms: 100),
                .send(bytes("GET /api/v1/credits HTTP/1.0\r\nAuthorization: Bearer sk-hostile\r\n\r\n")),
            ], statuses: [200, 200], journaled: 2),
        HostileHTTPCase(
            name: "HTTP/0.9 request line (no version) is 400", actions: [.send(bytes("GET /api/v1/credits\r\n\r\n"))],
            statuses: [400], journaled: 0),
        HostileHTTPCase(
            name: "HTTP/2.0 in an HTTP/1 request line is 400 (libevent 2.1 knows no 505)",
            actions: [.send(bytes("GET /api/v1/credits HTTP/2.0\r\nHost: x\r\n\r\n"))], statuses: [400], journaled: 0),
        HostileHTTPCase(
            name: "malformed version is 400",
            actions: [.send(bytes("GET /api/v1/credits HTTP/one\r\nHost: x\r\n\r\n"))],
            statuses: [400], journaled: 0),
        // Headers.
        HostileHTTPCase(
            name: "header line without a colon is 400",
            actions: [.send(bytes("GET /api/v1/credits HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n"))], statuses: [400],
            journaled: 0),
        HostileHTTPCase(
            name: "one header over 64 KiB is 400: libevent 2.1 answers every header overflow Bad Request, no 431",
            actions: [
                .send(request("GET", "/api/v1/credits", extra: ["X-Big: " + String(repeating: "a", count: 70 * 1024)]))
            ],
            statuses: [400], journaled: 0),
        HostileHTTPCase(
            name: "many small headers over 64 KiB in all are 400 (libevent: no 431)",
            actions: [
                .send(
                    request(
                        "GET", "/api/v1/credits",
                        extra: (0..<2000).map { "X-H\($0): " + String(repeating: "v", count: 40) }))
            ],
            statuses: [400], journaled: 0),
        HostileHTTPCase(
            name: "request target over 64 KiB is 400 (libevent: no 414)",
            actions: [.send(request("GET", "/api/v1/generation/" + String(repeating: "x", count: 70 * 1024)))],
            statuses: [400], journaled: 0),
        HostileHTTPCase(
            name: "header bytes without any line end past the limit are 400 (libevent: no 431)",
            actions: [
                .send(bytes("GET /api/v1/credits HTTP/1.1\r\nX-Endless: " + String(repeating: "z", count: 80 * 1024)))
            ],
            statuses: [400], journaled: 0),
        // Bodies.
        HostileHTTPCase(
            name: "Content-Length over the body limit is 413 before the body is read",
            actions: [
                .send(
                    request(
                        "POST", "/api/v1/generation/kling-ai/kling-v2.6", extra: ["Content-Length: \(4 * maxBodyBytes)"]
                    ))
            ], statuses: [413], journaled: 0),
        HostileHTTPCase(
            name: "chunked body growing over the limit is 413",
            actions: [
                .send(
                    request("POST", "/api/v1/generation/kling-ai/kling-v2.6", extra: ["Transfer-Encoding: chunked"])
                        + bytes(
                            (0..<5).map { _ in "10000\r\n" + String(repeating: "b", count: 0x10000) + "\r\n" }.joined())
                )
            ], statuses: [413], journaled: 0),
        HostileHTTPCase(
            name: "negative Content-Length is 400",
            actions: [.send(request("POST", "/api/v1/generation/kling-ai/kling-v2.6", extra: ["Content-Length: -5"]))],
            statuses: [400], journaled: 0),
        HostileHTTPCase(
            name: "Content-Length beyond 64 bits saturates in libevent's parser: 413",
            actions: [
                .send(
                    request(
                        "POST", "/api/v1/generation/kling-ai/kling-v2.6",
                        extra: ["Content-Length: 99999999999999999999999"]))
            ], statuses: [413], journaled: 0),
        HostileHTTPCase(
            name: "chunk size that is not hex is 413: libevent reports every corrupt chunk as too long",
            actions: [
                .send(
                    request("POST", "/api/v1/generation/kling-ai/kling-v2.6", extra: ["Transfer-Encoding: chunked"])
                        + bytes("zz\r\nhello\r\n0\r\n\r\n"))
            ], statuses: [413], journaled: 0),
        HostileHTTPCase(
            name: "chunk size overflowing 64 bits is 413 (corrupt chunk, libevent's too-long answer)",
            actions: [
                .send(
                    request("POST", "/api/v1/generation/kling-ai/kling-v2.6", extra: ["Transfer-Encoding: chunked"])
                        + bytes("fffffffffffffffffffff\r\nhello\r\n0\r\n\r\n"))
            ], statuses: [413], journaled: 0),
        HostileHTTPCase(
            name: "valid chunked JSON body is served",
            actions: [
                .send(
                    request("GET", "/api/v1/generation/gen-chunked", extra: ["Transfer-Encoding: chunked"])
                        + bytes("2\r\n{}\r\n0\r\n\r\n"))
            ], statuses: [404], journaled: 1, journaledPath: "/api/v1/generation/gen-chunked"),
        HostileHTTPCase(
            name: "body shorter than its Content-Length is cut by the request timeout with 408",
            actions: [
                .send(
                    request("POST", "/api/v1/generation/kling-ai/kling-v2.6", extra: ["Content-Length: 100"])
                        + bytes("{\"a\":"))
            ],
            statuses: [408], journaled: 0, bodyHolds: "Request Timeout"),
        // Paths.
        HostileHTTPCase(
            name: "NUL byte in the path is 400",
            actions: [.send(bytes("GET /api/v1/gen\u{0}eration/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))],
            statuses: [400], journaled: 0),
        HostileHTTPCase(
            name: "invalid UTF-8 in the id is journaled with replacement characters and answered 404",
            actions: [
                .send(
                    bytes("GET /api/v1/generation/") + [0xFF, 0xC3, 0x28]
                        + bytes(" HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-hostile\r\nConnection: close\r\n\r\n")
                )
            ],
            statuses: [404], journaled: 1, journaledPath: "/api/v1/generation/\u{FFFD}\u{FFFD}("),
        HostileHTTPCase(
            name: "dot-dot segments in the id route nowhere new: 405",
            actions: [.send(request("GET", "/api/v1/generation/../credits"))], statuses: [405], journaled: 1,
            journaledPath: "/api/v1/generation/../credits"),
        HostileHTTPCase(
            name: "dot-dot towards files is only a longer create path: 405, no file is read",
            actions: [.send(request("GET", "/api/v1/generation/../../../../etc/passwd"))], statuses: [405], journaled: 1
        ),
        HostileHTTPCase(
            name: "percent-encoded dot-dot-slash stays one opaque id: 404",
            actions: [.send(request("GET", "/api/v1/generation/%2e%2e%2f%2e%2e%2fcredits"))], statuses: [404],
            journaled: 1,
            journaledPath: "/api/v1/generation/%2e%2e%2f%2e%2e%2fcredits"),
        HostileHTTPCase(
            name: "percent-encoded NUL in the id stays text: 404",
            actions: [.send(request("GET", "/api/v1/generation/abc%00def"))], statuses: [404], journaled: 1,
            journaledPath: "/api/v1/generation/abc%00def"),
        HostileHTTPCase(
            name: "dot-dot into the admin API is not the admin API: 404",
            actions: [.send(request("GET", "/api/v1/../../__admin/health"))], statuses: [404], journaled: 1),
        HostileHTTPCase(
            name: "absolute-form target is routed by its path text: 404",
            actions: [.send(request("GET", "http://evil.example/api/v1/credits"))], statuses: [404], journaled: 1),
        // Connections.
        HostileHTTPCase(
            name: "three pipelined requests in one write are answered in order",
            actions: [
                .send(
                    request("GET", "/api/v1/credits", close: false)
                        + request("GET", "/api/v1/generation/nope", close: false)
                        + request("GET", "/api/v1/credits"))
            ], statuses: [200, 404, 200], journaled: 3),
        HostileHTTPCase(
            name: "pipelined garbage after a good request: the good one is answered, then 400",
            actions: [.send(request("GET", "/api/v1/credits", close: false) + bytes("NONSENSE\r\n\r\n"))],
            statuses: [200, 400], journaled: 1),
        HostileHTTPCase(
            name:
                "half-close after a whole request: no answer when libevent reads the FIN first (client gone), else 200",
            actions: [.send(request("GET", "/api/v1/credits")), .halfClose], statuses: [], orStatuses: [200],
            journaled: 1),
        HostileHTTPCase(
            name: "half-close in the middle of the headers closes without an answer",
            actions: [.send(bytes("GET /api/v1/credits HTTP/1.1\r\nHost: x\r\nAuthor")), .halfClose], statuses: [],
            journaled: 0),
        HostileHTTPCase(
            name: "connect and say nothing: 408 after the request timeout", actions: [], statuses: [408], journaled: 0),
        HostileHTTPCase(
            name: "keep-alive connection left idle after a response: 408 after the request timeout",
            actions: [.send(request("GET", "/api/v1/credits", close: false))], statuses: [200, 408], journaled: 1),
        HostileHTTPCase(
            name: "blank lines before the request line are 400",
            actions: [.send(bytes("\r\n\r\n") + request("GET", "/api/v1/credits"))], statuses: [400], journaled: 0),
    ]
}
