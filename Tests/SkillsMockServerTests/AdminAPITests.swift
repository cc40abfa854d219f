import Foundation
import SkillsCore
import SkillsMockServer
import SkillsScenario
import SkillsTestSupport
import Testing

/// The admin API under `/__admin/`.
@Suite struct AdminAPITests {
    static let scenario = Scenario(id: "a.s", title: "admin", create: [TestScenarios.json(418, ["id": "{gen}"])])

    @Test func healthCountsScenariosAndJournal() async throws {
        let server = try TestServer(scenarios: [Self.scenario])
        _ = await server.client.send("GET", "/api/v1/credits", key: "k")
        let health = await server.client.send("GET", "/__admin/health")
        #expect(health.response?.status == 200)
        let body = try #require(TestScenarios.body(health))
        #expect(body["status"]?.stringValue == "ok")
        #expect(body["scenarios"]?.intValue == 1)
        #expect(body["journal"]?.intValue == 1, "admin calls are not journaled")
        #expect(server.server.journal().count == 1)
    }

    @Test func healthCountsOpenConnectionsAndForgetsClosedOnes() async throws {
        let server = try TestServer(scenarios: [Self.scenario])
        let port = server.server.port
        // 30 short exchanges (each on its own connection, closed by the client) and 3 requests on one keep-alive one.
        for index in 0..<30 { _ = await server.client.send("GET", "/api/v1/credits", key: "k\(index)") }
        let kept = try RawConnection(port: port)
        for _ in 0..<3 {
            #expect(
                kept.send(
                    RawHTTPClient.request(
                        "GET", "/api/v1/credits", headers: [("Authorization", "Bearer k")], keepAlive: true)) == nil)
            #expect(try kept.readResponse().status == 200)
        }
        // 10 connections that never send anything.
        var idle: [RawConnection] = []
        for _ in 0..<10 { idle.append(try RawConnection(port: port)) }
        #expect(
            await openConnections(server, until: { $0 == 12 }) == 12, "10 idle + 1 keep-alive + the health call's own")
        for connection in idle { connection.close() }
        kept.close()
        #expect(await openConnections(server, until: { $0 == 1 }) == 1, "closed connections are forgotten")
        server.stop()
    }

    /// The health call's `connections`, asked until `done` holds or 10 s pass.
    private func openConnections(_ server: TestServer, until done: (Int) -> Bool) async -> Int? {
        var last: Int?
        for _ in 0..<200 {
            last = TestScenarios.body(await server.client.send("GET", "/__admin/health"))?["connections"]?.intValue
            if let last, done(last) { return last }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return last
    }

    @Test func mapKeyBindsAnyKeyToAScenario() async throws {
        let server = try TestServer(scenarios: [Self.scenario])
        let mapped = await server.client.send("POST", "/__admin/keys", body: #"{"key": "team-key", "scenario": "a.s"}"#)
        #expect(mapped.response?.status == 200)
        #expect(TestScenarios.body(mapped)?["key"]?.stringValue == KeyFingerprint.of("team-key"))
        #expect(!mapped.text.contains("team-key"))
        #expect(await TestScenarios.createPoll(server, key: "team-key").response?.status == 418)
        let unknown = await server.client.send("POST", "/__admin/keys", body: #"{"key": "x", "scenario": "nope"}"#)
        #expect(unknown.response?.status == 404)
        let malformed = await server.client.send("POST", "/__admin/keys", body: #"{"key": 1}"#)
        #expect(malformed.response?.status == 400)
    }

    @Test func resetForgetsRunsJournalAndCredits() async throws {
        let server = try TestServer(
            scenarios: [Self.scenario], world: DefaultWorldSettings(initialCredits: 10, generationCost: 10))
        let first = TestScenarios.body(await TestScenarios.createPoll(server, key: "sk-test-a.s"))?["id"]?.stringValue
        #expect(await TestScenarios.createPoll(server, key: "spender").response?.status == 200)
        #expect(await TestScenarios.createPoll(server, key: "spender").response?.status == 402)
        let reset = await server.client.send("POST", "/__admin/reset")
        #expect(reset.response?.status == 200)
        #expect(server.server.journal().isEmpty)
        let second = TestScenarios.body(await TestScenarios.createPoll(server, key: "sk-test-a.s"))?["id"]?.stringValue
        #expect(first != nil && second != nil && first != second, "a new run after reset")
        #expect(await TestScenarios.createPoll(server, key: "spender").response?.status == 200, "credits restored")
        #expect(server.server.journal().count == 2)
    }

    @Test func journalOverHTTPWithFilters() async throws {
        let server = try TestServer(scenarios: [Self.scenario])
        _ = await TestScenarios.createPoll(server, key: "sk-test-a.s--one")
        _ = await server.client.send("GET", "/api/v1/credits", key: "other")
        let all = try #require(await server.client.send("GET", "/__admin/journal").response)
        let entries = try JSONDecoder().decode([String: [JournalEntry]].self, from: Data(all.body))["entries"] ?? []
        #expect(entries.count == 2)
        let byKey = await server.client.send("GET", "/__admin/journal?key=sk-test-a.s--one")
        let keyed =
            try JSONDecoder().decode([String: [JournalEntry]].self, from: Data(byKey.response?.body ?? []))["entries"]
            ?? []
        #expect(keyed.map(\.scenario) == ["a.s"])
        let byScenario = await server.client.send("GET", "/__admin/journal?scenario=a.s")
        #expect(TestScenarios.body(byScenario)?["entries"]?.arrayValue?.count == 1)
        let since = await server.client.send("GET", "/__admin/journal?since=\(entries[0].seq)")
        #expect(TestScenarios.body(since)?["entries"]?.arrayValue?.count == 1)
        let bad = await server.client.send("GET", "/__admin/journal?since=x")
        #expect(bad.response?.status == 400)
        let wrongMethod = await server.client.send("POST", "/__admin/journal")
        #expect(wrongMethod.response?.status == 405)
        let unknown = await server.client.send("GET", "/__admin/nothing")
        #expect(unknown.response?.status == 404)
    }

    @Test func aJournalCallWithWaitCountAnswersOnceThatManyWereAnswered() async throws {
        let server = try TestServer(scenarios: [Self.scenario])
        defer { server.stop() }
        let key = "sk-test-a.s--wait"
        _ = await TestScenarios.createPoll(server, key: key)
        // Already there: answered at once.
        let ready = await server.client.send("GET", "/__admin/journal?key=\(key)&wait_count=1&timeout_ms=5000")
        #expect(ready.response?.status == 200)
        #expect(TestScenarios.body(ready)?["entries"]?.arrayValue?.count == 1)
        // Not yet: the call waits while the server serves the request it waits for.
        async let waited = server.client.send("GET", "/__admin/journal?key=\(key)&wait_count=2&timeout_ms=20000")
        try await Task.sleep(for: .milliseconds(50))
        _ = await server.client.send("GET", "/api/v1/credits", key: key)
        let answer = await waited
        #expect(answer.response?.status == 200)
        #expect(
            TestScenarios.body(answer)?["entries"]?.arrayValue?.count == 2, "the answer came after the second request")
        // Never: 408 at the timeout, with the entries that did arrive.
        let late = await server.client.send("GET", "/__admin/journal?key=\(key)&wait_count=5&timeout_ms=150")
        #expect(late.response?.status == 408)
        #expect(TestScenarios.body(late)?["entries"]?.arrayValue?.count == 2)
        for bad in ["wait_count=0", "wait_count=x", "wait_count=1&timeout_ms=-1", "wait_count=1&timeout_ms=nope"] {
            #expect(await server.client.send("GET", "/__admin/journal?\(bad)").response?.status == 400, "\(bad)")
        }
        // A waiting caller that leaves costs nothing: the server goes on answering.
        let gone = await server.client.send("GET", "/__admin/journal?wait_count=99&timeout_ms=60000", totalTimeout: 0.2)
        #expect(gone.response == nil)
        #expect(await server.client.send("GET", "/__admin/health").response?.status == 200)
    }

    @Test func journalAsAnHTTPArchive() async throws {
        let server = try TestServer(scenarios: [TestScenarios.sse("a.s", [SSEItem(data: .text("hello"))])])
        defer { server.stop() }
        _ = await TestScenarios.createSSE(server, key: "sk-test-a.s--one")
        _ = await TestScenarios.createSSE(server, key: "sk-test-a.s--two")
        _ = await server.server.awaitSettled(timeout: .seconds(5))
        let har = await server.client.send("GET", "/__admin/journal.har?key=sk-test-a.s--one")
        #expect(har.response?.status == 200)
        #expect(har.response?.header("Content-Type") == "application/json")
        let log = try #require(TestScenarios.body(har)?["log"])
        #expect(log["version"]?.stringValue == "1.2")
        let entries = try #require(log["entries"]?.arrayValue)
        #expect(entries.count == 1, "only the key's run")
        let entry = try #require(entries.first)
        // URLs are made with the Host the admin call named (this raw client sends `Host: 127.0.0.1`).
        #expect(entry["request"]?["url"]?.stringValue == "http://127.0.0.1" + TestScenarios.ssePath)
        #expect(entry["response"]?["content"]?["text"]?.stringValue == "data: hello\n\n")
        #expect(entry["_end"]?.stringValue == "complete")
        #expect(entry["_scenario"]?.stringValue == "a.s")
        #expect(!(har.response?.bodyText.contains("sk-test-a.s--one") ?? true), "the key is only its fingerprint")
        let all = await server.client.send("GET", "/__admin/journal.har")
        #expect(TestScenarios.body(all)?["log"]?["entries"]?.arrayValue?.count == 2)
        #expect(await server.client.send("GET", "/__admin/journal.har?since=x").response?.status == 400)
        #expect(await server.client.send("POST", "/__admin/journal.har").response?.status == 405)
    }

    @Test func anAdminTokenIsRequiredWhenConfigured() async throws {
        let server = try TestServer(adminToken: "s3cret")
        let without = await server.client.send("GET", "/__admin/health")
        #expect(without.response?.status == 403)
        let wrong = await server.client.send("GET", "/__admin/health", key: "nope")
        #expect(wrong.response?.status == 403)
        let with = await server.client.send("GET", "/__admin/health", key: "s3cret")
        #expect(with.response?.status == 200)
    }
}

/// Loading scenarios through the admin API (YAML bodies, loader messages).
@Suite struct AdminScenarioLoadTests {
    static let yaml = """
        id: admin.loaded
        title: loaded over the admin API
        create:
          - status: 503
            headers: {Retry-After: "1"}
            body: {message: "busy {gen}"}
        expect:
          outcome: transient
        """

    @Test func aYAMLDocumentLoadsOrReplacesAScenario() async throws {
        let server = try TestServer()
        let loaded = await server.client.send(
            "POST", "/__admin/scenarios", headers: [("Content-Type", "application/yaml")], body: Self.yaml)
        #expect(loaded.response?.status == 200)
        #expect(TestScenarios.body(loaded)?["loaded"]?.arrayValue?.first?.stringValue == "admin.loaded")
        let answer = await TestScenarios.createSSE(server, key: "sk-test-admin.loaded")
        #expect(answer.response?.status == 503)
        #expect(answer.response?.header("Retry-After") == "1")
        let replaced = Self.yaml.replacingOccurrences(of: "status: 503", with: "status: 429")
        #expect(await server.client.send("POST", "/__admin/scenarios", body: replaced).response?.status == 200)
        #expect(
            await TestScenarios.createSSE(server, key: "sk-test-admin.loaded").response?.status == 429,
            "replacing a scenario starts its runs over")
        let health = TestScenarios.body(await server.client.send("GET", "/__admin/health"))
        #expect(health?["scenarios"]?.intValue == 1)
    }

    @Test func severalDocumentsLoadTogether() async throws {
        let server = try TestServer()
        let second = Self.yaml.replacingOccurrences(of: "admin.loaded", with: "admin.second")
        let loaded = await server.client.send("POST", "/__admin/scenarios", body: Self.yaml + "\n---\n" + second)
        #expect(loaded.response?.status == 200)
        #expect(TestScenarios.body(loaded)?["scenarios"]?.intValue == 2)
    }

    @Test func aBadDocumentIs400WithTheLoadersMessage() async throws {
        let server = try TestServer()
        let bad = Self.yaml.replacingOccurrences(of: "status: 503", with: "status: 503\n    colour: blue")
        let refused = await server.client.send("POST", "/__admin/scenarios", body: bad)
        #expect(refused.response?.status == 400)
        let message = TestScenarios.body(refused)?["message"]?.stringValue ?? ""
        #expect(message.contains("colour"), "\(message)")
        #expect(message.contains("<admin>:"), "\(message)")
        #expect(TestScenarios.body(await server.client.send("GET", "/__admin/health"))?["scenarios"]?.intValue == 0)
        #expect(await server.client.send("POST", "/__admin/scenarios", body: "").response?.status == 400)
    }
}
