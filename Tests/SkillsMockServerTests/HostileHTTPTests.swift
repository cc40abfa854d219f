import Foundation
import SkillsCore
import SkillsMockServer
import SkillsTestSupport
import Testing

/// The hostile HTTP corpus over real sockets (issue #7, part 1). After every case: the server answers a normal
/// request, its journal is consistent, and it holds no connection any more.
@Suite struct HostileHTTPTests {
    /// A server with the corpus limits: small body limit, short request timeout.
    static func server() throws -> MockServer {
        let server = try MockServer(
            configuration: ServerConfiguration(
                host: "127.0.0.1", port: 0, loops: 2, requestTimeoutMs: HostileHTTPCase.requestTimeoutMs,
                maxHeaderBytes: HostileHTTPCase.maxHeaderBytes, maxBodyBytes: HostileHTTPCase.maxBodyBytes))
        try server.start()
        return server
    }

    /// Plays a case on a fresh connection and returns what the client saw.
    static func play(_ hostile: HostileHTTPCase, port: Int) async throws -> (HostileResponses, HostileHTTPSocket.Ending)
    {
        let socket = try HostileHTTPSocket(port: port)
        return await RawHTTPClient.offPool {
            for action in hostile.actions {
                switch action {
                case .send(let bytes): socket.send(bytes)
                case .pause(let ms): usleep(useconds_t(ms * 1000))
                case .halfClose: socket.shutdownWrite()
                }
            }
            // Every case ends with the server closing: a response with Connection: close, an error, or the
            // request timeout. Waiting idle for three request timeouts means the server left the socket open.
            let (bytes, ending) = socket.readAll(idle: 3 * HostileHTTPCase.requestTimeoutMs / 1000)
            socket.close()
            return (HostileResponses(bytes), ending)
        }
    }

    /// Checks one case against a running server whose journal so far holds `journaledBefore` entries.
    static func check(_ hostile: HostileHTTPCase, on server: MockServer, journaledBefore: Int) async throws {
        let (responses, ending) = try await play(hostile, port: server.port)
        #expect(
            responses.statuses == hostile.statuses || responses.statuses == hostile.orStatuses,
            "\(hostile.name): statuses \(responses.statuses), bodies \(responses.bodies)")
        #expect(ending.serverClosed, "\(hostile.name): connection \(ending) after the case")
        if let version = hostile.version { #expect(responses.versions.first == version, "\(hostile.name)") }
        if let text = hostile.bodyHolds {
            #expect(responses.bodies.last?.contains(text) == true, "\(hostile.name): \(responses.bodies)")
        }
        if let path = hostile.journaledPath {
            #expect(
                server.journal().last?.path == path,
                "\(hostile.name): journaled \(server.journal().last?.path ?? "nothing")")
        }
        let probe = await HostileHTTPAftermath.probeExchange(port: server.port)
        #expect(
            probe.response?.status == 200,
            "\(hostile.name): normal request afterwards ended \(probe.ending) after \(Int(probe.endedMs)) ms with \(probe.bytes.count) byte(s): \(probe.text.prefix(200))"
        )
        let problems = await HostileHTTPAftermath.journalProblems(
            server, expected: journaledBefore + hostile.journaled + 1)
        #expect(problems.isEmpty, "\(hostile.name): \(problems)")
        let open = await HostileHTTPAftermath.settleConnections(port: server.port)
        #expect(open == 0, "\(hostile.name): the server still holds \(open) connection(s)")
    }

    @Test(arguments: HostileHTTPCase.all)
    func eachCaseAloneLeavesAHealthyServer(_ hostile: HostileHTTPCase) async throws {
        let server = try HostileHTTPTests.server()
        defer { server.stop() }
        try await HostileHTTPTests.check(hostile, on: server, journaledBefore: 0)
    }

    @Test func theWholeCorpusInARowAgainstOneServerLeavesItHealthy() async throws {
        let server = try HostileHTTPTests.server()
        defer { server.stop() }
        #expect(HostileHTTPCase.all.count >= 25)
        var journaled = 0
        for hostile in HostileHTTPCase.all {
            try await HostileHTTPTests.check(hostile, on: server, journaledBefore: journaled)
            journaled = server.journal().count
        }
    }
}
