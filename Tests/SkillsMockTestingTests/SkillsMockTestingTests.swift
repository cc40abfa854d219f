import Foundation
import SkillsMockTesting
import Synchronization
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `SkillsMockTesting` as an outside package uses it: one import, a client of its own (URLSession here).
@Suite struct SkillsMockTestingTests {
    /// This repository's catalogue (an outside package passes its own scenario directory).
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scenarios").path

    /// A client under test, reduced to one request: status and body.
    static func request(_ method: String, _ url: String, key: String, body: String? = nil) async throws -> (Int, String)
    {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = method
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.utf8)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    static let prompt = #"{"prompt": "a fox"}"#

    @Test func aScenarioRunIsServedJournaledAndWaitedFor() async throws {
        try await withSkillsMock(scenarios: [Self.scenarios], timeScale: 0.05) { mock in
            #expect(mock.baseURL == "http://127.0.0.1:\(mock.port)/api/v1")
            let id = "create-errors.503-then-success"
            let key = mock.key(for: id)
            #expect(key.hasPrefix("sk-test-\(id)--"))
            let sse = mock.baseURL + "/generation/sse/kling-ai/kling-v2.6"
            let first = try await Self.request("POST", sse, key: key, body: Self.prompt)
            #expect(first.0 == 503)
            let second = try await Self.request("POST", sse, key: key, body: Self.prompt)
            #expect(second.0 == 200)
            #expect(second.1.contains("COMPLETED"), "\(second.1)")
            let entries = try await mock.waitForRequests(key: key, count: 2, timeout: .seconds(10))
            #expect(entries.map(\.status) == [503, 200])
            #expect(entries.allSatisfy { $0.scenario == id && $0.kind == .createSSE })
            #expect(
                entries.allSatisfy { $0.key != nil && $0.key != key }, "the journal keeps a fingerprint, never the key")

            // Another key is another run, from the scenario's first step, with a journal of its own.
            let other = mock.key(for: id)
            #expect(other != key)
            #expect(try await Self.request("POST", sse, key: other, body: Self.prompt).0 == 503)
            #expect(mock.journal(key: key).count == 2)
            #expect(try await mock.waitForRequests(key: other, count: 1).count == 1)
        }
    }

    @Test func aWaitThatTimesOutNamesWhatDidArrive() async throws {
        try await withSkillsMock(scenarios: [Self.scenarios], timeScale: 0.05) { mock in
            let key = mock.key(for: "create-errors.404-unknown-model")
            let answer = try await Self.request(
                "POST", mock.baseURL + "/generation/kling-ai/kling-v2.6", key: key,
                body: Self.prompt)
            #expect(answer.0 == 404)
            do {
                try await mock.waitForRequests(key: key, count: 2, timeout: .milliseconds(300))
                Issue.record("a wait for 2 requests returned after 1")
            } catch let error as SkillsMockError {
                let text = error.description
                #expect(text.contains("2 answered request(s)"), "\(text)")
                #expect(text.contains("1 arrived"), "\(text)")
                #expect(text.contains("POST /api/v1/generation/kling-ai/kling-v2.6 → 404"), "\(text)")
                #expect(!text.contains(key), "the key itself is never in a message")
            }
        }
    }

    @Test func theDefaultWorldGetsItsCreditsAndFreshKeys() async throws {
        try await withSkillsMock(credits: 30) { mock in
            let key = mock.defaultWorldKey()
            #expect(key != mock.defaultWorldKey())
            let credits = try await Self.request("GET", mock.baseURL + "/credits", key: key)
            #expect(credits.0 == 200)
            #expect(credits.1.contains("30"), "\(credits.1)")
            try await mock.waitForRequests(key: key, count: 1)
        }
    }

    @Test func theServerStopsWhenTheBodyThrows() async throws {
        struct Planned: Error {}
        let port = Locked()
        await #expect(throws: Planned.self) {
            try await withSkillsMock { mock in
                port.set(mock.port)
                throw Planned()
            }
        }
        let stopped = try #require(port.get())
        await #expect(throws: (any Error).self, "nothing listens on port \(stopped) any more") {
            _ = try await Self.request("GET", "http://127.0.0.1:\(stopped)/api/v1/credits", key: "sk-x")
        }
    }

    @Test func aScenarioThatDoesNotLoadIsNamed() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("broken.yaml")
        try Data("id: x.broken\ntitle: t\ncreate:\n  - status: abc\n".utf8).write(to: file)
        do {
            try await withSkillsMock(scenarios: [directory.path]) { _ in Issue.record("a broken scenario was served") }
        } catch let error as SkillsMockError {
            #expect(error.description.contains("broken.yaml"), "\(error)")
        }
    }

    /// A port seen inside the body, read after it.
    final class Locked: Sendable {
        private let value = Mutex<Int?>(nil)
        func set(_ port: Int) { value.withLock { $0 = port } }
        func get() -> Int? { value.withLock { $0 } }
    }
}
