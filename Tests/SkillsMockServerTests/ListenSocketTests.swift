import Foundation
import Testing

@testable import SkillsMockServer

/// The listening socket every front (the fake's loops, the recorder's front) accepts on.
@Suite("Listening socket")
struct ListenSocketTests {
    @Test("connections it accepts send small writes at once (TCP_NODELAY), so a stream's pieces never wait on ACKs")
    func acceptedConnectionsHaveNoDelay() throws {
        let listening = try ListenSocket.open(host: "127.0.0.1", port: 0)
        defer { close(listening.fd) }
        #expect(listening.loopback)
        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(client >= 0)
        defer { close(client) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(listening.port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        #expect(connected == 0)
        var accepted: Int32 = -1
        for _ in 0..<200 where accepted < 0 {  // the listening socket is non-blocking
            accepted = accept(listening.fd, nil, nil)
            if accepted < 0 { usleep(5_000) }
        }
        try #require(accepted >= 0)
        defer { close(accepted) }
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        #expect(getsockopt(accepted, Int32(IPPROTO_TCP), TCP_NODELAY, &value, &length) == 0)
        #expect(value != 0)
    }
}
