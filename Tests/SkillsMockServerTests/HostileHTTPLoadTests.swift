import Foundation
import SkillsCore
import SkillsTestSupport
import Synchronization
import Testing

@testable import SkillsMockServer

/// Hostile clients in numbers: slowloris connections cut by the request timeout while others are served, and
/// thousands of connections opened and abandoned. Serialized: each wants the machine to itself.
@Suite(.serialized) struct HostileHTTPLoadTests {
    static let slowHead = Array("GET /api/v1/credits HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".utf8)

    /// One slowloris client: the start of a request, then one header byte a second until the server acts.
    /// Returns the seconds until the server answered or closed, and what it sent.
    static func slowloris(port: Int, maxSeconds: Int) -> (
        seconds: Double, responses: HostileResponses, ending: HostileHTTPSocket.Ending
    ) {
        let started = Date()
        guard let socket = try? HostileHTTPSocket(port: port) else {
            return (0, HostileResponses([]), .failed(ECONNREFUSED))
        }
        socket.send(slowHead)
        for _ in 0..<maxSeconds {
            if socket.waitReadable(timeout: 1) { break }
            guard socket.send([UInt8(ascii: "a")]) else { break }
        }
        let seconds = Date().timeIntervalSince(started)
        let (bytes, ending) = socket.readAll(idle: 2)
        return (seconds, HostileResponses(bytes), ending)
    }

    @Test func slowlorisClientsAreCutAfterTheRequestTimeoutWhileOthersAreServed() async throws {
        let timeoutMs = 2000.0
        let server = try MockServer(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, requestTimeoutMs: timeoutMs))
        try server.start()
        defer { server.stop() }
        let port = server.port
        let slowCount = 20
        let firstCut = FirstCut()
        let started = Date()
        async let slow: [(seconds: Double, responses: HostileResponses, ending: HostileHTTPSocket.Ending)] =
            withTaskGroup(
                of: (seconds: Double, responses: HostileResponses, ending: HostileHTTPSocket.Ending).self
            ) { group in
                for _ in 0..<slowCount {
                    group.addTask {
                        await RawHTTPClient.offPool {
                            let result = HostileHTTPLoadTests.slowloris(port: port, maxSeconds: 30)
                            firstCut.seconds.withLock { $0 = min($0, Date().timeIntervalSince(started)) }
                            return result
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
        // Normal clients, one after another, for as long as the slow ones are held.
        // On a thread of its own, so a busy cooperative pool cannot leave the window unused.
        let (served, failures) = await RawHTTPClient.offPool { () -> ([Int], [String]) in
            var served: [Int] = []
            var failures: [String] = []
            usleep(200_000)
            while Date().timeIntervalSince(started) < firstCut.seconds.withLock({ $0 }), served.count < 10_000 {
                let sentAt = Date().timeIntervalSince(started)
                let exchange = RawHTTPClient(port: port).sendBlocking(
                    "GET", "/api/v1/credits", key: "sk-normal-\(served.count)")
                let status = exchange.response?.status
                if Date().timeIntervalSince(started) < firstCut.seconds.withLock({ $0 }) {
                    served.append(status ?? 0)
                    if status != 200 {
                        failures.append(
                            "sent at \(sentAt) s: ending \(exchange.ending) after \(exchange.endedMs) ms, \(exchange.reads.count) reads"
                        )
                    }
                }
            }
            return (served, failures)
        }
        let results = await slow
        #expect(results.count == slowCount)
        for result in results {
            #expect(result.ending.serverClosed, "slow client still open after \(result.seconds) s")
            #expect(result.seconds >= timeoutMs / 1000 * 0.75, "cut too early: \(result.seconds) s")
            #expect(result.seconds < timeoutMs / 1000 + 8, "cut too late: \(result.seconds) s")
            #expect(
                result.responses.statuses == [408] || result.ending == .reset,
                "got \(result.responses.statuses), \(result.ending)")
        }
        // A server the slow clients block serves none; here hundreds go through (at least a few, on a busy machine).
        #expect(served.count >= 3, "only \(served.count) normal requests were served while slow clients were held")
        #expect(served.allSatisfy { $0 == 200 }, "\(served.filter { $0 != 200 }): \(failures)")
        #expect(await HostileHTTPAftermath.probe(port: port) == 200)
        let journaled = server.journal().count
        let problems = await HostileHTTPAftermath.journalProblems(server, expected: journaled)
        #expect(problems.isEmpty, "\(problems)")
        #expect(journaled >= served.count + 1, "slow requests never reach the journal; normal ones all do")
        #expect(await HostileHTTPAftermath.settleConnections(port: port) == 0)
    }

    /// How one abandoned connection behaves before it goes.
    enum Abandon: Int, CaseIterable {
        case silentClose, halfRequestLine, bodyMissing, resetMidHeaders, wholeRequestUnread

        var bytes: [UInt8] {
            switch self {
            case .silentClose: return []
            case .halfRequestLine: return Array("GET /api/v1/cre".utf8)
            case .bodyMissing:
                return Array(
                    "POST /api/v1/generation/kling-ai/kling-v2.6 HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{\"pro"
                        .utf8)
            case .resetMidHeaders: return Array("GET /api/v1/credits HTTP/1.1\r\nHost: x\r\nAuthoriz".utf8)
            case .wholeRequestUnread:
                return Array("GET /api/v1/credits HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-abandon\r\n\r\n".utf8)
            }
        }
    }

    @Test func fiveThousandConnectionsOpenedAndAbandonedLeaveNothingBehind() async throws {
        // The default request timeout (60 s) is far longer than this test: every connection must go because the
        // client went, not because a timer fired.
        let server = try MockServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0))
        try server.start()
        defer { server.stop() }
        let port = server.port
        let descriptorsBefore = HostileHTTPAftermath.openDescriptors()
        let total = 5000
        let batch = 1000
        let opened = await RawHTTPClient.offPool { () -> Int in
            var opened = 0
            for start in stride(from: 0, to: total, by: batch) {
                var sockets: [(HostileHTTPSocket, Abandon)] = []
                for index in start..<start + batch {
                    guard let socket = try? HostileHTTPSocket(port: port) else { continue }
                    let how = Abandon(rawValue: index % Abandon.allCases.count)!
                    if !how.bytes.isEmpty { socket.send(how.bytes) }
                    sockets.append((socket, how))
                }
                opened += sockets.count
                usleep(50_000)
                for (socket, how) in sockets {
                    if how == .resetMidHeaders { socket.abort() } else { socket.close() }
                }
            }
            return opened
        }
        #expect(opened == total)
        let left = await HostileHTTPAftermath.settleConnections(port: port, timeout: 30)
        #expect(left == 0, "the server still holds \(left) of \(total) abandoned connections")
        #expect(await HostileHTTPAftermath.probe(port: port) == 200)
        let whole = total / Abandon.allCases.count
        let problems = await HostileHTTPAftermath.journalProblems(server, expected: whole + 1)
        #expect(problems.isEmpty, "\(problems.prefix(3))")
        let descriptorsAfter = HostileHTTPAftermath.openDescriptors()
        #expect(
            descriptorsAfter <= descriptorsBefore + 1000,
            "process descriptors \(descriptorsBefore) → \(descriptorsAfter)")
    }
}

/// When the first slow client was cut (seconds since the test started), shared by the test's tasks.
private final class FirstCut: Sendable {
    let seconds = Mutex(Double.infinity)
}
