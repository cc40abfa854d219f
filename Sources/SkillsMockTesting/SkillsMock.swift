import Foundation
import SkillsCore
import SkillsMockServer
import SkillsScenario
import Synchronization

/// A fake open.skills.video running inside a test: its base URL, fresh keys per scenario run, and each run's
/// journal. Made by `withSkillsMock`, which stops it when the test body returns or throws.
public final class SkillsMock: Sendable {
    /// The embedded server, for what this type does not wrap (admin calls, key mappings, reset).
    public let server: MockServer
    /// The ids of the scenarios it serves, in load order.
    public let scenarioIDs: [String]
    /// How many tags were handed out (`t1`, `t2`...; per mock, so tests share no state).
    private let tagCount = Mutex(0)

    init(server: MockServer, scenarioIDs: [String]) {
        self.server = server
        self.scenarioIDs = scenarioIDs
    }

    /// `http://127.0.0.1:PORT/api/v1`: the base URL a client under test is given.
    public var baseURL: String { url + "/api/v1" }

    /// `http://127.0.0.1:PORT`: the server root (the admin API is under `/__admin/`).
    public var url: String { "http://127.0.0.1:\(server.port)" }

    /// The port it listens on (127.0.0.1).
    public var port: Int { server.port }

    /// A fresh key for one run of scenario `id`: `sk-test-<id>--<tag>`, a tag no other call returned, so each
    /// key is an independent run (its own generation, credits and journal). `id` must be a loaded scenario;
    /// a key for an unknown id would fall to the default world, so it stops the test instead.
    public func key(for id: String) -> String {
        precondition(
            scenarioIDs.contains(id),
            "SkillsMock.key(for:): no scenario '\(id)' is loaded (loaded: \(scenarioIDs.joined(separator: ", ")))")
        return "sk-test-\(id)--\(nextTag())"
    }

    /// A fresh key for the default world (no scenario): `sk-dev-<tag>`.
    public func defaultWorldKey() -> String { "sk-dev-\(nextTag())" }

    /// A tag no other call returned.
    private func nextTag() -> String {
        tagCount.withLock { count in
            count += 1
            return "t\(count)"
        }
    }

    /// Every request made with `key` so far, in arrival order (status, end and served events once known).
    public func journal(key: String) -> [JournalEntry] {
        server.journal(filter: JournalFilter(key: key))
    }

    /// Waits until `count` requests with `key` have arrived and been answered (a status line was sent, or the
    /// connection ended), and returns them; throws `SkillsMockError.requestsNotSeen` naming the ones that did
    /// arrive when `timeout` passes first.
    @discardableResult
    public func waitForRequests(key: String, count: Int, timeout: Duration = .seconds(5)) async throws -> [JournalEntry]
    {
        let deadline = ContinuousClock.now + timeout
        while true {
            let entries = journal(key: key)
            let answered = entries.filter { $0.answeredMs != nil || $0.end != nil }
            if answered.count >= count { return entries }
            if ContinuousClock.now >= deadline {
                throw SkillsMockError.requestsNotSeen(
                    key: KeyFingerprint.of(key), wanted: count, timeout: timeout,
                    arrived: entries.map(SkillsMockError.Arrival.init))
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}
