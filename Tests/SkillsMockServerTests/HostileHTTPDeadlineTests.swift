import Foundation
import SkillsCore
import SkillsMockServer
import SkillsScenario
import SkillsTestSupport
import Testing

/// The request deadline only covers waiting for a request: slow answers and hanging streams outlive it.
@Suite struct HostileHTTPDeadlineTests {
    static func server(timeoutMs: Double, scenarios: [Scenario]) throws -> MockServer {
        let server = try MockServer(
            configuration: ServerConfiguration(
                host: "127.0.0.1", port: 0, scenarios: scenarios, requestTimeoutMs: timeoutMs))
        try server.start()
        return server
    }

    @Test func aHangingStreamAndASlowAnswerOutliveTheRequestTimeout() async throws {
        let hang = TestScenarios.sse("d.hang", [SSEItem(data: .text("first"))], end: .hang)
        let slow = Scenario(id: "d.slow", title: "slow", create: [TestScenarios.json(200, ["ok": true], delayMs: 1200)])
        let server = try HostileHTTPDeadlineTests.server(timeoutMs: 300, scenarios: [hang, slow])
        defer { server.stop() }
        let stream = try HostileHTTPSocket(port: server.port)
        stream.send(HostileHTTPCase.request("POST", TestScenarios.ssePath, key: "sk-test-d.hang", body: "{}"))
        let slowAnswer = await RawHTTPClient(port: server.port).send(
            "POST", TestScenarios.pollCreatePath, key: "sk-test-d.slow", body: "{}")
        #expect(slowAnswer.response?.status == 200, "an answer scripted 1.2 s late, past a 0.3 s request timeout")
        let (bytes, ending) = await RawHTTPClient.offPool { stream.readAll(idle: 1) }
        #expect(ending == .stillOpen, "the hanging stream was cut: \(ending)")
        #expect(String(decoding: bytes, as: UTF8.self).contains("data: first"))
        stream.close()
        let entries = await server.awaitSettled(timeout: .seconds(10))
        #expect(
            entries.map(\.end) == [.hang, .complete] || entries.map(\.end) == [.complete, .hang],
            "\(entries.map(\.end))")
        #expect(await HostileHTTPAftermath.settleConnections(port: server.port) == 0)
    }

    @Test func aSlowSecondRequestOnAKeepAliveConnectionIsCutToo() async throws {
        let server = try HostileHTTPDeadlineTests.server(timeoutMs: 1000, scenarios: [])
        defer { server.stop() }
        let socket = try HostileHTTPSocket(port: server.port)
        // The whole exchange and its clock run on a thread of their own: a busy cooperative pool cannot stretch it.
        let (bytes, ending, seconds) = await RawHTTPClient.offPool {
            () -> ([UInt8], HostileHTTPSocket.Ending, Double) in
            let started = Date()
            socket.send(HostileHTTPCase.request("GET", "/api/v1/credits", close: false))
            // The second request dribbles its head one byte every 200 ms: never idle, never finished.
            for byte in HostileHTTPCase.request("GET", "/api/v1/credits") where Date().timeIntervalSince(started) < 3 {
                usleep(200_000)
                socket.send([byte])
            }
            let (bytes, ending) = socket.readAll(idle: 3)
            return (bytes, ending, Date().timeIntervalSince(started))
        }
        let responses = HostileResponses(bytes)
        #expect(responses.statuses.first == 200)
        #expect(responses.statuses == [200, 408] || ending == .reset, "\(responses.statuses) \(ending)")
        #expect(ending.serverClosed)
        #expect(seconds < 8, "cut after \(seconds) s, the request timeout is 1 s")
        #expect(await HostileHTTPAftermath.journalProblems(server, expected: 1).isEmpty)
        #expect(await HostileHTTPAftermath.settleConnections(port: server.port) == 0)
    }
}
