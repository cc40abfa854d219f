import Foundation

/// A socket error with its errno.
public struct RawSocketError: Error, Sendable, CustomStringConvertible {
    public let code: Int32
    public let operation: String
    public var description: String { "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))" }
}

/// One blocking TCP connection: send bytes, read with a timeout, read whole responses (keep-alive).
///
/// `@unchecked Sendable` for its socket descriptor and read buffer: a test uses a connection from one thread at
/// a time and hands it to another (off the pool and back) only whole, between calls.
public final class RawConnection: @unchecked Sendable {
    /// What one read returned.
    public enum ReadResult: Sendable {
        case bytes([UInt8])
        case eof
        case timeout
        case failed(Int32)
    }

    private var fd: Int32
    private var pending: [UInt8] = []

    /// Connects to `host:port` (IPv4, numeric).
    public init(host: String = "127.0.0.1", port: Int) throws(RawSocketError) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawSocketError(code: errno, operation: "socket") }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            Foundation.close(fd)
            throw RawSocketError(code: code, operation: "connect")
        }
    }

    deinit { close() }

    /// Sends every byte; returns errno on failure.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Int32? { RawConnection.sendAll(bytes, on: fd) }

    /// Sends every byte on a socket (retrying on EINTR, no SIGPIPE); returns errno on failure.
    public static func sendAll(_ bytes: [UInt8], on fd: Int32) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes {
                Foundation.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += n
        }
        return nil
    }

    /// One read, waiting at most `timeout` seconds for data.
    public func read(timeout: Double) -> ReadResult {
        if !pending.isEmpty {
            defer { pending = [] }
            return .bytes(pending)
        }
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, Int32(max(0, timeout) * 1000))
        if ready == 0 { return .timeout }
        if ready < 0 { return .failed(errno) }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n > 0 { return .bytes(Array(buffer[0..<n])) }
        if n == 0 { return .eof }
        return .failed(errno)
    }

    /// Reads exactly one response (Content-Length or chunked framing) from a keep-alive connection.
    public func readResponse(timeout: Double = 10) throws(RawSocketError) -> RawResponse {
        var buffer: [UInt8] = []
        while true {
            if let (response, used) = RawConnection.completeResponse(in: buffer) {
                pending = Array(buffer[used...])
                return response
            }
            switch read(timeout: timeout) {
            case .bytes(let bytes): buffer += bytes
            case .eof: throw RawSocketError(code: 0, operation: "read (connection closed before a whole response)")
            case .timeout: throw RawSocketError(code: ETIMEDOUT, operation: "read")
            case .failed(let code): throw RawSocketError(code: code, operation: "read")
            }
        }
    }

    /// Closes the socket (idempotent).
    public func close() {
        if fd >= 0 {
            Foundation.close(fd)
            fd = -1
        }
    }

    /// A whole response at the start of `bytes` and how many bytes it used.
    static func completeResponse(in bytes: [UInt8]) -> (RawResponse, Int)? {
        guard let headEnd = RawResponse.find([13, 10, 13, 10], in: bytes, from: 0),
            let head = RawResponse(Array(bytes[0..<headEnd + 4]))
        else { return nil }
        let bodyStart = headEnd + 4
        if let length = head.header("Content-Length").flatMap({ Int($0) }) {
            guard bytes.count >= bodyStart + length, let full = RawResponse(Array(bytes[0..<bodyStart + length])) else {
                return nil
            }
            return (full, bodyStart + length)
        }
        if head.chunked {
            guard let end = RawResponse.find(Array("0\r\n\r\n".utf8), in: bytes, from: bodyStart),
                let full = RawResponse(Array(bytes[0..<end + 5])), full.complete
            else { return nil }
            return (full, end + 5)
        }
        return nil
    }
}
