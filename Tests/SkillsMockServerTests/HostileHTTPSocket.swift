import Foundation
import SkillsTestSupport
import Synchronization

/// A blocking loopback TCP socket for hostile clients: raw bytes, pauses, half-close, and a read-all that
/// reports exactly how the server ended the connection.
final class HostileHTTPSocket: Sendable {
    /// How the connection ended, as the client saw it.
    enum Ending: Equatable, CustomStringConvertible {
        /// The server closed (FIN).
        case eof
        /// The server reset (RST).
        case reset
        /// The connection was still open when the client gave up.
        case stillOpen
        /// Another socket error.
        case failed(Int32)

        var description: String {
            switch self {
            case .eof: return "eof"
            case .reset: return "reset"
            case .stillOpen: return "still open"
            case .failed(let code): return "errno \(code)"
            }
        }

        /// Whether the server ended the connection (either way).
        var serverClosed: Bool { self == .eof || self == .reset }
    }

    /// The socket's descriptor (-1 once closed); a test hands the socket to a pool thread and back.
    private let descriptor = Mutex<Int32>(-1)
    private var fd: Int32 { descriptor.withLock { $0 } }

    /// Connects to `127.0.0.1:port`.
    init(port: Int) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HostileSocketError(operation: "socket", code: errno) }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            Foundation.close(fd)
            throw HostileSocketError(operation: "connect to port \(port)", code: code)
        }
        descriptor.withLock { $0 = fd }
    }

    deinit { close() }

    /// Sends every byte; false when the server already refused them (reset, broken pipe).
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool { RawConnection.sendAll(bytes, on: fd) == nil }

    /// Half-closes: no more bytes from the client (FIN), reading still works.
    func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// Reads until the server ends the connection or nothing arrives for `idle` seconds.
    func readAll(idle: Double) -> (bytes: [UInt8], ending: Ending) {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(idle * 1000))
            if ready == 0 { return (out, .stillOpen) }
            if ready < 0 {
                if errno == EINTR { continue }
                return (out, .failed(errno))
            }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                out += buffer[0..<n]
            } else if n == 0 {
                return (out, .eof)
            } else {
                return (out, errno == ECONNRESET ? .reset : .failed(errno))
            }
        }
    }

    /// Closes with a TCP RST instead of a FIN (`SO_LINGER {1, 0}`).
    func abort() {
        var linger = Foundation.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Foundation.linger>.size))
        close()
    }

    /// Waits up to `timeout` seconds for the server to send something or end the connection.
    func waitReadable(timeout: Double) -> Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, Int32(timeout * 1000)) > 0
    }

    /// Closes the socket (idempotent).
    func close() {
        descriptor.withLock { fd in
            if fd >= 0 {
                Foundation.close(fd)
                fd = -1
            }
        }
    }
}

/// A socket call that failed, naming the call and errno.
struct HostileSocketError: Error, CustomStringConvertible {
    let operation: String
    let code: Int32
    var description: String { "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))" }
}

/// The responses found in a byte stream, in order: status codes and bodies (Content-Length or chunked framing,
/// or the rest of the stream when neither).
struct HostileResponses {
    var statuses: [Int] = []
    var bodies: [String] = []
    var versions: [String] = []

    init(_ bytes: [UInt8]) {
        var rest = bytes[...]
        while let headEnd = HostileResponses.find(Array("\r\n\r\n".utf8), in: rest) {
            let head = String(decoding: rest[rest.startIndex..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
            let statusLine = head[0].split(separator: " ")
            guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return }
            statuses.append(status)
            versions.append(String(statusLine[0]))
            var bodyStart = headEnd + 4
            let fields = head.dropFirst().map { $0.lowercased() }
            if let length = fields.first(where: { $0.hasPrefix("content-length:") }).flatMap({
                Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
            }) {
                let end = min(rest.endIndex, bodyStart + length)
                bodies.append(String(decoding: rest[bodyStart..<end], as: UTF8.self))
                rest = rest[end...]
            } else if fields.contains(where: { $0.hasPrefix("transfer-encoding:") && $0.contains("chunked") }) {
                var body: [UInt8] = []
                while let lineEnd = HostileResponses.find([13, 10], in: rest[bodyStart...]),
                    let size = Int(String(decoding: rest[bodyStart..<lineEnd], as: UTF8.self), radix: 16)
                {
                    let start = lineEnd + 2
                    let end = min(rest.endIndex, start + size)
                    body += rest[start..<end]
                    bodyStart = min(rest.endIndex, end + 2)
                    if size == 0 { break }
                }
                bodies.append(String(decoding: body, as: UTF8.self))
                rest = rest[bodyStart...]
            } else {
                bodies.append(String(decoding: rest[bodyStart...], as: UTF8.self))
                return
            }
        }
    }

    private static func find(_ needle: [UInt8], in bytes: ArraySlice<UInt8>) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var i = bytes.startIndex
        while i <= bytes.endIndex - needle.count {
            if bytes[i] == needle[0], bytes[i..<i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
