import Foundation
import SkillsCore

/// A deliberately dumb HTTP/1.1 client on blocking POSIX sockets: it sends bytes as given and reports every
/// read with its time and exactly how the connection ended (EOF, ECONNRESET, timeout), which is what
/// tests of streams, faults and disconnects need to see.
public struct RawHTTPClient: Sendable {
    public let host: String
    public let port: Int

    /// A client for `host:port` (IPv4).
    public init(host: String = "127.0.0.1", port: Int) {
        self.host = host
        self.port = port
    }

    /// The bytes of a request. `Connection: close` unless `keepAlive`, so the server ends the connection
    /// after the response; `Content-Length` is added for a body.
    public static func request(
        _ method: String, _ path: String, headers: [(String, String)] = [], body: String? = nil,
        keepAlive: Bool = false
    ) -> [UInt8] {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !keepAlive { text += "Connection: close\r\n" }
        if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + (body ?? "")
        return Array(text.utf8)
    }

    /// Opens a connection, sends `request`, and reads until the connection ends or a timeout passes:
    /// `idleTimeout` seconds without a byte, or `totalTimeout` seconds in all.
    public func exchange(_ request: [UInt8], idleTimeout: Double = 10, totalTimeout: Double = 30) -> RawExchange {
        let started = RawClock()
        let connection: RawConnection
        do {
            connection = try RawConnection(host: host, port: port)
        } catch {
            return RawExchange(reads: [], ending: .error(error.code), endedMs: started.ms())
        }
        defer { connection.close() }
        if let code = connection.send(request) {
            return RawExchange(reads: [], ending: code == ECONNRESET ? .reset : .error(code), endedMs: started.ms())
        }
        var reads: [RawRead] = []
        while true {
            let remainingTotal = totalTimeout - started.ms() / 1000
            guard remainingTotal > 0 else { return RawExchange(reads: reads, ending: .timeout, endedMs: started.ms()) }
            switch connection.read(timeout: min(idleTimeout, remainingTotal)) {
            case .bytes(let bytes):
                reads.append(RawRead(tMs: started.ms(), bytes: bytes))
            case .eof:
                return RawExchange(reads: reads, ending: .eof, endedMs: started.ms())
            case .timeout:
                return RawExchange(reads: reads, ending: .timeout, endedMs: started.ms())
            case .failed(let code):
                return RawExchange(
                    reads: reads, ending: code == ECONNRESET ? .reset : .error(code), endedMs: started.ms())
            }
        }
    }

    /// `exchange` on a thread of its own, so blocking reads never hold up Swift's cooperative pool.
    public func exchange(_ request: [UInt8], idleTimeout: Double = 10, totalTimeout: Double = 30) async -> RawExchange {
        await RawHTTPClient.offPool { self.exchange(request, idleTimeout: idleTimeout, totalTimeout: totalTimeout) }
    }

    /// Shorthand: one request with `Authorization: Bearer <key>` when a key is given.
    public func send(
        _ method: String, _ path: String, key: String? = nil, headers: [(String, String)] = [],
        body: String? = nil, idleTimeout: Double = 10, totalTimeout: Double = 30
    ) async -> RawExchange {
        await RawHTTPClient.offPool {
            self.sendBlocking(
                method, path, key: key, headers: headers, body: body, idleTimeout: idleTimeout,
                totalTimeout: totalTimeout)
        }
    }

    /// `send` on the calling thread: for timed loops that run whole on a thread of their own (`offPool`), so a
    /// busy cooperative pool cannot stretch the gaps between their requests.
    public func sendBlocking(
        _ method: String, _ path: String, key: String? = nil, headers: [(String, String)] = [],
        body: String? = nil, idleTimeout: Double = 10, totalTimeout: Double = 30
    ) -> RawExchange {
        var all = headers
        if let key { all.insert(("Authorization", "Bearer \(key)"), at: 0) }
        return exchange(
            RawHTTPClient.request(method, path, headers: all, body: body), idleTimeout: idleTimeout,
            totalTimeout: totalTimeout)
    }

    /// Runs blocking work on a new thread and awaits its result.
    public static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: work()) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }
}

/// One `read()` that returned bytes, with its time since the exchange started.
public struct RawRead: Sendable {
    public let tMs: Double
    public let bytes: [UInt8]
}

/// How the connection ended, as the client saw it.
public enum RawEnding: Sendable, Equatable {
    /// Orderly close (FIN): `read` returned 0.
    case eof
    /// `ECONNRESET`: the server sent a TCP RST.
    case reset
    /// Nothing more arrived within the timeout; the connection was still open.
    case timeout
    /// Another socket error (errno).
    case error(Int32)
}

/// Everything one exchange received.
public struct RawExchange: Sendable {
    public let reads: [RawRead]
    public let ending: RawEnding
    /// When the exchange ended, ms since it started.
    public let endedMs: Double

    /// All bytes received, in order.
    public var bytes: [UInt8] { reads.flatMap(\.bytes) }
    /// All bytes as text (invalid UTF-8 replaced).
    public var text: String { String(decoding: bytes, as: UTF8.self) }
    /// The parsed response, when a complete head arrived.
    public var response: RawResponse? { RawResponse(bytes) }
}

/// A parsed HTTP response; a chunked body is decoded as far as it got.
public struct RawResponse: Sendable {
    public let status: Int
    public let headers: [(name: String, value: String)]
    /// The body bytes (de-chunked when chunked).
    public let body: [UInt8]
    /// Whether the body was chunked.
    public let chunked: Bool
    /// For a chunked body: whether the terminating zero-size chunk arrived.
    public let complete: Bool

    /// The body as text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The first header of that name (any case).
    public func header(_ name: String) -> String? {
        headers.first(headerNamed: name) { $0.name }?.value
    }

    /// Parses a response from the start of `bytes`; nil without a complete head.
    public init?(_ bytes: [UInt8]) {
        guard let headEnd = RawResponse.find([13, 10, 13, 10], in: bytes, from: 0) else { return nil }
        let head = String(decoding: bytes[0..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        self.status = status
        headers = head.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let rest = Array(bytes[(headEnd + 4)...])
        chunked = headers.contains {
            HeaderName.matches($0.name, "transfer-encoding") && $0.value.lowercased().contains("chunked")
        }
        if chunked {
            (body, complete) = RawResponse.dechunk(rest)
        } else {
            body = rest
            complete = true
        }
    }

    /// Decodes chunked framing as far as the bytes go; `complete` once the zero-size chunk was seen.
    static func dechunk(_ bytes: [UInt8]) -> (body: [UInt8], complete: Bool) {
        var out: [UInt8] = []
        var i = 0
        while let lineEnd = find([13, 10], in: bytes, from: i) {
            let sizeText = String(decoding: bytes[i..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { break }
            if size == 0 { return (out, true) }
            let start = lineEnd + 2
            let end = min(start + size, bytes.count)
            out += bytes[start..<end]
            i = end + 2
            if end < start + size || i > bytes.count { break }
        }
        return (out, false)
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard bytes.count >= needle.count, from <= bytes.count - needle.count else { return nil }
        for i in from...(bytes.count - needle.count) where bytes[i] == needle[0] {
            if Array(bytes[i..<i + needle.count]) == needle { return i }
        }
        return nil
    }
}

/// Milliseconds since creation (monotonic).
struct RawClock {
    private let start = DispatchTime.now().uptimeNanoseconds
    func ms() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000 }
}
