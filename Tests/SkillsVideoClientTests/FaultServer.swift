import Foundation
import SkillsTestSupport
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// How the fault server answers one kind of request: the scripted bytes, cut or spoiled at a byte offset.
enum Fault: Sendable, Hashable, CustomStringConvertible {
    /// The whole scripted response, then a clean close.
    case none
    /// The first `offset` bytes, then a clean close (FIN).
    case close(at: Int)
    /// The first `offset` bytes, then a reset (RST: `SO_LINGER` zero before `close`).
    case reset(at: Int)
    /// The first `offset` bytes, then silence until the client leaves.
    case stall(at: Int)
    /// The first `offset` bytes, then `count` pseudo-random bytes from `seed`, then a close.
    case garbage(at: Int, count: Int, seed: UInt64)

    var description: String {
        switch self {
        case .none: return "none"
        case .close(let offset): return "close@\(offset)"
        case .reset(let offset): return "reset@\(offset)"
        case .stall(let offset): return "stall@\(offset)"
        case .garbage(let offset, let count, let seed): return "garbage@\(offset)+\(count)#\(seed)"
        }
    }

    /// Where the scripted bytes stop (nil: they are all sent).
    var offset: Int? {
        switch self {
        case .none: return nil
        case .close(let at), .reset(let at), .stall(let at), .garbage(let at, _, _): return at
        }
    }
}

/// A raw-socket HTTP server on 127.0.0.1 for fault injection: every create (POST) gets `create`'s bytes
/// through `createFault`, every poll (GET) gets `poll`'s bytes through `pollFault`.
///
/// It exists because the scripted server cannot cut a response at an arbitrary byte of its head or of the
/// chunk framing. Each connection is served on its own thread with blocking sockets; `stop()` shuts every
/// socket down so no thread outlives the test.
final class FaultServer: Sendable {
    /// What the server answers, fixed for its lifetime.
    struct Plan: Sendable {
        var create: [UInt8]
        var createFault: Fault
        var poll: [UInt8]
        var pollFault: Fault
    }

    /// A problem starting the server, naming the system call that failed.
    struct StartError: Error, CustomStringConvertible {
        let call: String
        let code: Int32
        var description: String { "FaultServer: \(call) failed: \(String(cString: strerror(code)))" }
    }

    let plan: Plan
    /// The bound port.
    let port: Int
    private let listener: Int32
    private let state = Mutex(State())

    private struct State {
        var open: Set<Int32> = []
        var stopped = false
        var requests: [String] = []
    }

    /// Binds 127.0.0.1 on an ephemeral port and starts accepting.
    init(plan: Plan) throws {
        self.plan = plan
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StartError(call: "socket", code: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            let code = errno
            Glibc.close(fd)
            throw StartError(call: "bind/listen", code: code)
        }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            let code = errno
            Glibc.close(fd)
            throw StartError(call: "getsockname", code: code)
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// The base URL the client is given.
    var baseURL: String { "http://127.0.0.1:\(port)/api/v1" }

    /// The request lines received so far ("POST /api/v1/...").
    var requests: [String] { state.withLock { $0.requests } }

    /// Stops accepting and shuts down every open connection (stalled ones included).
    func stop() {
        let open = state.withLock { state -> Set<Int32> in
            state.stopped = true
            return state.open
        }
        shutdown(listener, Int32(SHUT_RDWR))
        for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                break
            }
            let admitted = state.withLock { state -> Bool in
                guard !state.stopped else { return false }
                state.open.insert(fd)
                return true
            }
            guard admitted else {
                Glibc.close(fd)
                break
            }
            let thread = Thread { [self] in serve(fd) }
            thread.start()
        }
        Glibc.close(listener)
    }

    /// Reads one request, then answers it with the plan's bytes and fault, and closes the connection.
    private func serve(_ fd: Int32) {
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var resetOnClose = false
        defer {
            if resetOnClose {
                var option = linger(l_onoff: 1, l_linger: 0)
                setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
            }
            state.withLock { _ = $0.open.remove(fd) }
            Glibc.close(fd)
        }
        guard let requestLine = readRequest(fd) else { return }
        state.withLock { $0.requests.append(requestLine) }
        let isCreate = requestLine.hasPrefix("POST ")
        let bytes = isCreate ? plan.create : plan.poll
        let fault = isCreate ? plan.createFault : plan.pollFault
        let cut = min(fault.offset ?? bytes.count, bytes.count)
        send(fd, bytes[0..<cut])
        switch fault {
        case .none, .close:
            shutdown(fd, Int32(SHUT_WR))
            drain(fd)
        case .reset:
            resetOnClose = true
        case .stall:
            drain(fd)
        case .garbage(_, let count, let seed):
            var generator = SplitMix64(seed: seed)
            send(fd, (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
            shutdown(fd, Int32(SHUT_WR))
            drain(fd)
        }
    }

    /// The request line of one request whose head (and `Content-Length` body) was read; nil on EOF.
    private func readRequest(_ fd: Int32) -> String? {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let separator: [UInt8] = [13, 10, 13, 10]
        while true {
            if let end = received.firstRange(of: separator)?.upperBound {
                let head = String(decoding: received[0..<end], as: UTF8.self)
                let lines = head.components(separatedBy: "\r\n")
                let length =
                    lines.compactMap { line -> Int? in
                        let parts = line.split(separator: ":", maxSplits: 1)
                        guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                        return Int(parts[1].trimmingCharacters(in: .whitespaces))
                    }.first ?? 0
                if received.count - end >= length { return lines.first }
            }
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { return nil }
            received.append(contentsOf: buffer[0..<count])
        }
    }

    /// Writes all of `bytes`, ignoring a peer that left (no SIGPIPE).
    private func send<C: Collection>(_ fd: Int32, _ bytes: C) where C.Element == UInt8 {
        var remaining = Array(bytes)[...]
        while !remaining.isEmpty {
            let written = remaining.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written <= 0 { return }
            remaining = remaining.dropFirst(written)
        }
    }

    /// Reads and discards until the client closes (or the receive timeout / `stop()` ends it).
    private func drain(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 1024)
        while recv(fd, &buffer, buffer.count, 0) > 0 {}
    }
}
