import Foundation
import SkillsCore
import SkillsScenario
import SkillsTestSupport
import Testing

@testable import SkillsMockServer

/// Issue #7, part 7: who may use the admin API, who may bind a public address, and that API keys only ever
/// appear as fingerprints.
@Suite struct SecurityTests {
    static let adminToken = "adm-Secret-Token-4711"

    @Test func withAnAdminTokenEveryAdminCallWithoutItIsRefused403() async throws {
        let server = try TestServer(adminToken: SecurityTests.adminToken)
        defer { server.stop() }
        let client = server.client
        #expect(await client.send("GET", "/api/v1/credits", key: "sk-sec-user").response?.status == 200)
        let refusals: [(String, String, String?, String?)] = [
            ("GET", "/__admin/health", nil, nil),
            ("GET", "/__admin/journal", "wrong-token", nil),
            ("GET", "/__admin/journal", SecurityTests.adminToken + "x", nil),
            ("POST", "/__admin/reset", nil, "{}"),
            ("POST", "/__admin/keys", "", #"{"key":"k","scenario":"s"}"#),
        ]
        for (method, path, token, body) in refusals {
            let answer = await client.send(method, path, key: token, body: body)
            #expect(answer.response?.status == 403, "\(method) \(path) with token \(token ?? "none")")
            #expect(answer.response?.bodyText.contains(SecurityTests.adminToken) == false)
        }
        let basic = await client.send(
            "GET", "/__admin/health", headers: [("Authorization", "Basic " + SecurityTests.adminToken)])
        #expect(basic.response?.status == 403, "the token counts only as a Bearer token")
        #expect(server.server.journal().count == 1, "the refused reset did not reset; admin calls are not journaled")
        let health = await client.send("GET", "/__admin/health", key: SecurityTests.adminToken)
        #expect(health.response?.status == 200)
        #expect(
            await client.send("POST", "/__admin/reset", key: SecurityTests.adminToken, body: "{}").response?.status
                == 200)
        #expect(server.server.journal().isEmpty)
    }

    @Test(arguments: [
        ("192.0.2.2", 403), ("10.1.2.3", 403), ("::ffff:192.0.2.2", 403), ("fd00::2", 403), ("0.0.0.0", 403),
        ("127.0.0.1", 200), ("127.8.9.10", 200), ("::1", 200), ("::ffff:127.0.0.1", 200),
    ])
    func withoutATokenTheAdminAPIAnswersLoopbackPeersOnly(peer: String, status: Int) throws {
        let core = ServerCore(configuration: ServerConfiguration())
        // A forwarded-for header is the client's word, not the peer address: it changes nothing.
        let request = IncomingRequest(
            method: "GET", uri: "/__admin/health",
            headers: [("X-Forwarded-For", "127.0.0.1"), ("X-Real-IP", "127.0.0.1")],
            body: [], connection: 1, peer: peer)
        guard case .reply(let reply) = AdminAPI(core: core).answer(request, path: "/__admin/health") else {
            Issue.record("the admin API did not answer with a reply")
            return
        }
        #expect(reply.status == status, "peer \(peer)")
        if status == 403 { #expect(String(decoding: reply.body, as: UTF8.self).contains("admin token")) }
    }

    @Test(arguments: ["0.0.0.0", "::", "192.0.2.2", "0x7f000001"])
    func serveRefusesANonLoopbackHostWithoutAnAdminToken(host: String) async throws {
        let serve = try SecurityServeProcess(["--host", host, "--port", "0"])
        let first = await serve.firstLine()
        let (code, stderr) = await serve.finish()
        #expect(code == 2, "exit code for --host \(host): \(code); stderr: \(stderr)")
        #expect(first == nil, "nothing may be served: \(first ?? "")")
        #expect(
            stderr.contains("--host \(host)") && stderr.contains("--admin-token"),
            "the message names the culprit: \(stderr)")
    }

    /// Raw keys sent every way a client could send one, to the default world and to scenario runs.
    static let secretKeys = [
        "sk-live-SECRET-default-111", "sk-test-sec.sse--SECRETTAG222", "sk-mapped-SECRET-333", "sk-lower-SECRET-444",
        "sk-bare-SECRET-555", "sk-second-SECRET-666",
    ]

    @Test func localhostIsANameForLoopbackAndServes() async throws {
        let server = try MockServer(configuration: ServerConfiguration(host: "localhost", port: 0))
        try server.start()
        defer { server.stop() }
        #expect(server.baseURL.hasPrefix("http://localhost:"))
        let health = await RawHTTPClient(port: server.port).send("GET", "/__admin/health")
        #expect(health.response?.status == 200, "an IPv4 loopback address is chosen for a name that has one")
        let serve = try SecurityServeProcess(["--host", "localhost", "--port", "0"])
        let line = await serve.firstLine()
        #expect(line?.contains("http://localhost:") == true, "\(line ?? "no listening line")")
        _ = await serve.finish()
    }

    @Test func theServerItselfRefusesANonLoopbackAddressWithoutAnAdminToken() throws {
        let open = try MockServer(configuration: ServerConfiguration(host: "0.0.0.0", port: 0))
        #expect {
            try open.start()
        } throws: { error in
            "\(error)".contains("0.0.0.0") && "\(error)".contains("admin token")
        }
        let guarded = try MockServer(configuration: ServerConfiguration(host: "0.0.0.0", port: 0, adminToken: "t"))
        try guarded.start()
        #expect(guarded.port > 0)
        guarded.stop()
    }

    @Test func theJournalAndTheAdminAPIShowKeysOnlyAsFingerprints() async throws {
        let scenario = Scenario(
            id: "sec.sse", title: "sec",
            create: [
                Step(
                    kind: .sse(SSEScript(status: 200, headers: [], events: [SSEItem(data: .text("x"))], end: .complete))
                )
            ],
            poll: [Step(kind: .response(Response(status: 200, headers: [], body: .json(["status": "COMPLETED"]))))])
        let server = try TestServer(scenarios: [scenario])
        defer { server.stop() }
        let client = server.client
        let keys = SecurityTests.secretKeys
        let mapped = await client.send("POST", "/__admin/keys", body: #"{"key":"\#(keys[2])","scenario":"sec.sse"}"#)
        #expect(mapped.response?.status == 200)
        #expect(!mapped.text.contains(keys[2]) && mapped.text.contains(KeyFingerprint.of(keys[2])), "\(mapped.text)")
        let sse = "/api/v1/generation/sse/kling-ai/kling-v2.6"
        _ = await client.send("GET", "/api/v1/credits", key: keys[0])
        _ = await client.send("POST", "/api/v1/generation/kling-ai/kling-v2.6", key: keys[0], body: #"{"prompt":"p"}"#)
        _ = await client.send("POST", sse, key: keys[1], body: "{}")
        _ = await client.send("GET", "/api/v1/generation/some-id", key: keys[1])
        _ = await client.send("POST", sse, key: keys[2], body: "{}")
        _ = await client.send("GET", "/api/v1/credits", headers: [("Authorization", "bearer   " + keys[3])])
        _ = await client.send("GET", "/api/v1/credits", headers: [("Authorization", keys[4])])
        _ = await client.send(
            "GET", "/api/v1/credits",
            headers: [("Authorization", "Bearer " + keys[5]), ("Authorization", "Bearer " + keys[0])])
        _ = await server.server.awaitSettled(timeout: .seconds(10))
        let journal = await client.send("GET", "/__admin/journal")
        #expect(journal.response?.status == 200)
        let encoded = String(decoding: try JSONEncoder().encode(server.server.journal()), as: UTF8.self)
        #expect(server.server.journal().count == 8)
        for key in keys {
            #expect(!journal.text.contains(key), "admin journal holds the raw key \(key)")
            #expect(!encoded.contains(key), "journal entries hold the raw key \(key)")
            #expect(journal.text.contains(KeyFingerprint.of(key)), "admin journal lacks the fingerprint of \(key)")
        }
        #expect(!journal.text.contains("SECRETTAG222"), "a run's tag is part of its key and never shown")
    }

    @Test func serveNeverLogsARawKey() async throws {
        let serve = try SecurityServeProcess(["--port", "0", "--time-scale", "0.01"])
        let first = await serve.firstLine()
        let port = try #require(first.flatMap(SecurityServeProcess.port(of:)), "no listening line: \(first ?? "EOF")")
        let client = RawHTTPClient(port: port)
        let keys = SecurityTests.secretKeys
        _ = await client.send("GET", "/api/v1/credits", key: keys[0])
        _ = await client.send("POST", "/api/v1/generation/kling-ai/kling-v2.6", key: keys[0], body: "{not json")
        _ = await client.send("POST", "/api/v1/generation/no-such/model", key: keys[0], body: #"{"prompt":"p"}"#)
        _ = await client.send("POST", "/api/v1/generation/kling-ai/kling-v2.6", key: keys[0], body: #"{"bogus":1}"#)
        _ = await client.send("POST", "/__admin/keys", body: #"{"key":"\#(keys[2])","scenario":"no-such-scenario"}"#)
        _ = await client.send("GET", "/api/v1/generation/x", headers: [("Authorization", keys[4])])
        let raw = try HostileHTTPSocket(port: port)
        raw.send(
            Array("GET /api/v1/credits HTTP/1.1\r\nAuthorization: Bearer \(keys[3])\r\nBroken header\r\n\r\n".utf8))
        _ = await RawHTTPClient.offPool { raw.readAll(idle: 5) }
        let (_, stderr) = await serve.finish()
        #expect(stderr.contains("skillsmock"), "the server logged its start: \(stderr)")
        for key in keys { #expect(!stderr.contains(key), "stderr holds the raw key \(key): \(stderr)") }
    }
}
