import Foundation
import SkillsCore
import SkillsMockServer
import SkillsScenario
import SkillsTestSupport
import Testing

/// Start, stop, ports, loops, and many open streams at once.
@Suite struct LifecycleTests {
    @Test func stopClosesOpenStreamsAndPendingRequestsCleanly() async throws {
        let scenarios = [
            TestScenarios.sse("l.hang", [SSEItem(data: .text("a"))], end: .hang),
            TestScenarios.fault("l.silent", .silent),
            TestScenarios.sse("l.slow", [SSEItem(delayMs: 60_000, data: .text("late"))]),
        ]
        let server = try TestServer(scenarios: scenarios)
        let client = server.client
        async let hang = TestScenarios.createSSE(server, key: "sk-test-l.hang")
        async let silent = TestScenarios.createSSE(server, key: "sk-test-l.silent")
        async let slow = TestScenarios.createSSE(server, key: "sk-test-l.slow")
        let deadline = ContinuousClock.now + .seconds(5)
        while server.server.journal().count < 3, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        try await Task.sleep(for: .milliseconds(100))
        server.stop()
        let results = await [hang, silent, slow]
        #expect(results.allSatisfy { $0.ending == .eof }, "\(results.map(\.ending))")
        let ends = server.server.journal().compactMap(\.end)
        #expect(ends.count == 3)
        let refused = await client.send("GET", "/api/v1/credits", key: "k", totalTimeout: 2)
        #expect(refused.response == nil, "nothing listens after stop()")
    }

    @Test func serversOnFreePortsDoNotCollideAndManyLoopsServe() async throws {
        let one = try TestServer(loops: 1)
        let four = try TestServer(loops: 4)
        #expect(one.port != four.port)
        #expect(one.port > 0 && four.port > 0)
        #expect(four.baseURL == "http://127.0.0.1:\(four.port)")
        let statuses = await withTaskGroup(of: Int.self) { group in
            for i in 0..<40 {
                group.addTask { await four.client.send("GET", "/api/v1/credits", key: "k\(i)").response?.status ?? 0 }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.allSatisfy { $0 == 200 })
        #expect(await one.client.send("GET", "/api/v1/credits", key: "k").response?.status == 200)
        #expect(Set(four.server.journal().map(\.connection)).count == 40)
    }

    @Test func hundredsOfIdleStreamsAreHeldAndEachEndIsRecorded() async throws {
        let server = try TestServer(scenarios: [TestScenarios.sse("l.idle", [SSEItem(comment: "open")], end: .hang)])
        let count = 300
        let port = server.port
        let request = RawHTTPClient.request(
            "POST", TestScenarios.ssePath,
            headers: [("Authorization", "Bearer sk-test-l.idle"), ("Accept", "text/event-stream")],
            body: "{}")
        let opened: [RawConnection] = await RawHTTPClient.offPool {
            (0..<count).compactMap { _ in
                guard let connection = try? RawConnection(port: port) else { return nil }
                connection.send(request)
                return connection
            }
        }
        #expect(opened.count == count)
        let greeted = await RawHTTPClient.offPool {
            opened.filter { connection in
                if case .bytes(let bytes) = connection.read(timeout: 10) {
                    return String(decoding: bytes, as: UTF8.self).contains(": open")
                }
                return false
            }.count
        }
        #expect(greeted == count)
        #expect(server.server.journal().count == count)
        #expect(server.server.journal().allSatisfy { $0.end == nil })
        for connection in opened { connection.close() }
        let settled = await server.server.awaitSettled(timeout: .seconds(10))
        #expect(settled.filter { $0.end == .hang }.count == count)
    }

    @Test func invalidConfigurationsAreRefused() {
        #expect(throws: MockServerError.invalidConfiguration) {
            try MockServer(configuration: ServerConfiguration(loops: 0))
        }
        #expect(throws: MockServerError.invalidConfiguration) {
            try MockServer(configuration: ServerConfiguration(timeScale: 0))
        }
        #expect(throws: MockServerError.unusableHost) {
            try MockServer(configuration: ServerConfiguration(host: "not-an-address")).start()
        }
    }
}
