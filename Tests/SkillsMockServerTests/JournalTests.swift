import Foundation
import SkillsCore
import SkillsMockServer
import SkillsScenario
import SkillsTestSupport
import Testing

/// The journal: complete under load, ordered, filtered, keys only as fingerprints.
@Suite struct JournalTests {
    @Test func aBurstOfTenThousandRequestsLosesNothing() async throws {
        let server = try TestServer()
        let connections = 8
        let perConnection = 1250
        let port = server.port
        let failures = await withTaskGroup(of: Int.self) { group in
            for c in 0..<connections {
                group.addTask {
                    await RawHTTPClient.offPool {
                        guard let connection = try? RawConnection(port: port) else { return perConnection }
                        var failed = 0
                        let request = RawHTTPClient.request(
                            "GET", "/api/v1/credits",
                            headers: [("Authorization", "Bearer burst-\(c)")], keepAlive: true)
                        for _ in 0..<perConnection {
                            connection.send(request)
                            if (try? connection.readResponse(timeout: 10))?.status != 200 { failed += 1 }
                        }
                        return failed
                    }
                }
            }
            return await group.reduce(0, +)
        }
        #expect(failures == 0)
        let entries = await server.server.awaitSettled(timeout: .seconds(10))
        #expect(entries.count == connections * perConnection)
        #expect(
            zip(entries, entries.dropFirst()).allSatisfy { $0.seq + 1 == $1.seq },
            "sequence numbers are dense and ordered")
        #expect(
            zip(entries, entries.dropFirst()).allSatisfy { $0.tMs <= $1.tMs + 0.001 || $0.connection != $1.connection })
        #expect(entries.allSatisfy { $0.end == .complete && $0.status == 200 })
        #expect(Set(entries.map(\.connection)).count == connections)
        for c in 0..<connections {
            let mine = server.server.journal(filter: JournalFilter(key: "burst-\(c)"))
            #expect(mine.count == perConnection)
            #expect(Set(mine.map(\.connection)).count == 1, "one keep-alive connection per key")
        }
    }

    @Test func keysAppearOnlyAsFingerprints() async throws {
        let server = try TestServer()
        let secret = "sk-live-very-secret-value"
        _ = await server.client.send("GET", "/api/v1/credits", key: secret)
        let entry = try #require(server.server.journal().first)
        #expect(entry.key == KeyFingerprint.of(secret))
        #expect(entry.header("Authorization") == "Bearer " + KeyFingerprint.of(secret))
        let encoded = String(decoding: try JSONEncoder().encode(entry), as: UTF8.self)
        #expect(!encoded.contains(secret))
        let admin = await server.client.send("GET", "/__admin/journal")
        #expect(admin.response?.status == 200)
        #expect(!admin.text.contains(secret))
        #expect(admin.text.contains(KeyFingerprint.of(secret)))
    }

    @Test func filtersByKeyScenarioKeylessAndSequence() async throws {
        let scenario = Scenario(id: "j.s", title: "j", create: [TestScenarios.json(200, ["id": "{gen}"])])
        let server = try TestServer(scenarios: [scenario])
        _ = await server.client.send("GET", "/api/v1/credits", key: "alpha")
        _ = await TestScenarios.createPoll(server, key: "sk-test-j.s")
        _ = await server.client.send("GET", "/api/v1/credits")
        _ = await server.client.send("GET", "/api/v1/credits", key: "alpha")
        let all = server.server.journal()
        #expect(all.count == 4)
        #expect(server.server.journal(filter: JournalFilter(key: "alpha")).count == 2)
        #expect(server.server.journal(filter: JournalFilter(key: KeyFingerprint.of("alpha"))).count == 2)
        #expect(server.server.journal(filter: JournalFilter(scenario: "j.s")).map(\.kind) == [.createPoll])
        #expect(server.server.journal(filter: JournalFilter(keylessOnly: true)).count == 1)
        let since = server.server.journal(filter: JournalFilter(sinceSeq: all[1].seq))
        #expect(since.map(\.seq) == [all[2].seq, all[3].seq])
        #expect(server.server.journal(filter: JournalFilter(key: "alpha", sinceSeq: all[0].seq)).count == 1)
    }

    @Test func entriesRecordRequestAndAnswer() async throws {
        let server = try TestServer()
        _ = await TestScenarios.createPoll(server, key: "dev", headers: [("X-Trace", "t1")])
        let entry = try #require(server.server.journal().first)
        #expect(entry.method == "POST")
        #expect(entry.path == TestScenarios.pollCreatePath)
        #expect(entry.kind == .createPoll)
        #expect(entry.body == #"{"prompt":"x"}"#)
        #expect(entry.header("X-Trace") == "t1")
        #expect(entry.status == 200)
        #expect(entry.responseBody?.contains("IN_QUEUE") == true)
        #expect(entry.generationID?.hasPrefix("gen_") == true)
        #expect(entry.connection >= 1)
        let answered = try #require(entry.answeredMs)
        #expect(answered >= entry.tMs)
        #expect((entry.endedMs ?? -1) >= answered)
    }

    @Test func fingerprintsAndTrimmingAreStable() {
        // FNV-1a 64 of the key, first 12 of 16 zero-padded hex digits (values fixed before the fast path).
        #expect(KeyFingerprint.of("sk-test-bench.poll") == "key:a25976a9c167")
        #expect(KeyFingerprint.of("") == "key:cbf29ce48422")
        #expect(KeyFingerprint.of("a") == "key:af63dc4c8601")
        #expect("abc".trimmingWhitespace() == "abc")
        #expect("".trimmingWhitespace() == "")
        #expect(" \t a b \r\n".trimmingWhitespace() == "a b")
        #expect("a \n".trimmingWhitespace() == "a")
    }
}
