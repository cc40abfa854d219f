import Foundation
import SkillsCore
import SkillsMockServer
import SkillsTestSupport
import Synchronization
import Testing

/// `ci/stress`: an embedded server under keep-alive and fresh-connection load, resets and abandoned connections,
/// while the same process spawns children without pause. Every request must be answered and journaled once.
/// Runs only when `ci/stress` sets `SKILLSMOCK_STRESS_LOAD` (the compiled `ci/benchmarks/stressload.c`).
@Suite("Stress: nothing lost", .serialized)
struct StressTests {
    /// What the load client reports.
    struct LoadReport: Decodable {
        var keepAlive: [Int]
        var fresh: [Int]
        var resets: Int
        var abandons: Int
        var lost: Int
        var bad: Int
        var problem: String
    }

    static let loadPath = ProcessInfo.processInfo.environment["SKILLSMOCK_STRESS_LOAD"]
    static let requests = Int(ProcessInfo.processInfo.environment["SKILLSMOCK_STRESS_REQUESTS"] ?? "") ?? 200_000

    @Test(
        "keep-alive and fresh requests beside resets, abandoned connections and spawned children: all answered, all journaled",
        .enabled(if: StressTests.loadPath != nil))
    func nothingIsLost() async throws {
        let server = try TestServer(loops: 2)
        defer { server.stop() }
        let stop = SpawnerState()
        // Children spawned from this process all the while: short ones, and ones alive across many connections.
        let spawner = Thread {
            var spawned = 0
            while !stop.stopRequested {
                let seconds = spawned % 4 == 0 ? "0.2" : "0"
                if let child = try? SpawnedProcess(executable: "/bin/sleep", arguments: [seconds]) {
                    _ = child.waitForExit()
                    spawned += 1
                }
            }
            stop.record(spawned: spawned)
        }
        spawner.start()
        let load = try SpawnedProcess(
            executable: try #require(StressTests.loadPath),
            arguments: [String(server.port), String(StressTests.requests), "8", "4", "2", "2"])
        let output = load.stdout.readToEnd()
        let status = load.waitForExit()
        stop.requestStop()
        while stop.spawned == nil { try await Task.sleep(for: .milliseconds(10)) }
        #expect(status == 0, "stressload: \(String(decoding: load.stderr.readToEnd(), as: UTF8.self))")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let report = try decoder.decode(LoadReport.self, from: Data(output))
        #expect(report.lost == 0, "lost: \(report.problem)")
        #expect(report.bad == 0, "bad: \(report.problem)")
        let answered = report.keepAlive.reduce(0, +) + report.fresh.reduce(0, +)
        #expect(answered == StressTests.requests)
        let entries = server.server.journal()
        var counts: [String: Int] = [:]
        for entry in entries { counts[entry.key ?? "", default: 0] += 1 }
        for (index, count) in report.keepAlive.enumerated() {
            #expect(counts[KeyFingerprint.of("sk-stress-ka-\(index)")] == count, "keep-alive connection \(index)")
        }
        for (index, count) in report.fresh.enumerated() {
            #expect(counts[KeyFingerprint.of("sk-stress-fresh-\(index)")] == count, "fresh thread \(index)")
        }
        let after = await server.client.send("GET", "/api/v1/credits", key: "sk-stress-after")
        #expect(after.response?.status == 200)
        print(
            "stress: \(answered) requests answered and journaled (keep-alive \(report.keepAlive.reduce(0, +)), fresh \(report.fresh.reduce(0, +))), \(report.resets) resets, \(report.abandons) abandoned connections, \(stop.spawned ?? 0) children spawned meanwhile, \(entries.count) journal entries"
        )
    }
}

/// A stop flag and the spawner's count, shared between the test and its spawning thread.
final class SpawnerState: Sendable {
    private let state = Mutex<(stopped: Bool, spawned: Int?)>((false, nil))

    /// Whether the test asked the spawner to stop.
    var stopRequested: Bool { state.withLock { $0.stopped } }
    /// How many children the spawner started, once it stopped.
    var spawned: Int? { state.withLock { $0.spawned } }
    /// Asks the spawner to stop.
    func requestStop() { state.withLock { $0.stopped = true } }
    /// The spawner's final count.
    func record(spawned: Int) { state.withLock { $0.spawned = spawned } }
}
