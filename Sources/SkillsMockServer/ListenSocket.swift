import CLibevent
import Foundation
import SkillsCore

/// A listening TCP socket with `SO_REUSEPORT`, so that every loop can accept on the same port.
enum ListenSocket {
    /// Opens, binds and listens; `port` 0 picks a free port. Returns the descriptor, the bound port and whether
    /// the address is a loopback one. `host` is a numeric address, or a name (`localhost`) that resolves to one
    /// (an IPv4 address first, when the name has both).
    static func open(host: String, port: Int) throws(MockServerError) -> (fd: Int32, port: Int, loopback: Bool) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE
        var info: UnsafeMutablePointer<addrinfo>?
        var status = getaddrinfo(host, String(port), &hints, &info)
        if status != 0 {
            hints.ai_flags = AI_PASSIVE
            status = getaddrinfo(host, String(port), &hints, &info)
        }
        guard status == 0, let list = info else {
            throw MockServerError.unusableHost(
                "cannot use host '\(host)': \(String(cString: gai_strerror(status))) (expected an address such as 127.0.0.1)"
            )
        }
        defer { freeaddrinfo(info) }
        var first = list
        var candidate: UnsafeMutablePointer<addrinfo>? = list
        while let entry = candidate {
            if entry.pointee.ai_family == AF_INET {
                first = entry
                break
            }
            candidate = entry.pointee.ai_next
        }
        let loopback = Loopback.contains(
            ListenSocket.numericHost(first.pointee.ai_addr, length: first.pointee.ai_addrlen))
        let fd = socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw MockServerError.bindFailed("socket() failed: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, socklen_t(MemoryLayout<Int32>.size))
        // Accepted connections inherit it: scripted events, dribbled bytes, a stream's closing chunk and each TLS
        // record go out when written, instead of waiting (Nagle's algorithm) for the client's delayed ACK of the
        // piece before (up to 40 ms; longer than a scripted reset's grace).
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            let reason = String(cString: strerror(errno))
            Foundation.close(fd)
            throw MockServerError.bindFailed("cannot bind \(host):\(port): \(reason)")
        }
        guard listen(fd, 1024) == 0, evutil_make_socket_nonblocking(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            Foundation.close(fd)
            throw MockServerError.bindFailed("cannot listen on \(host):\(port): \(reason)")
        }
        evutil_make_socket_closeonexec(fd)
        return (fd, boundPort(fd), loopback)
    }

    /// The numeric text of a socket address (`127.0.0.1`, `::1`, `::ffff:127.0.0.1`), as peers are shown; empty
    /// when it has none.
    static func numericHost(_ address: UnsafeMutablePointer<sockaddr>, length: socklen_t) -> String {
        var host = [CChar](repeating: 0, count: 64)
        guard getnameinfo(address, length, &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0 else {
            return ""
        }
        return String(cString: host)
    }

    /// The port a socket is bound to (`getsockname`).
    static func boundPort(_ fd: Int32) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
        }
        guard ok else { return 0 }
        if Int32(storage.ss_family) == AF_INET6 {
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    Int(UInt16(bigEndian: $0.pointee.sin6_port))
                }
            }
        }
        return withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        }
    }
}
