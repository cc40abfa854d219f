import Foundation
import SkillsCore
import SkillsMockServer
import SkillsScenario
import SkillsTestSupport
import Testing

/// Requests repeated on one keep-alive connection: the server reuses what it decoded for an identical request,
/// so any byte that differs must still be seen.
struct KeepAliveRequestTests {
    private static let scenario = Scenario(
        id: "keep.alive", title: "keep-alive", create: [],
        poll: [Step(kind: .response(Response(status: 200, headers: [], body: .json(["status": "IN_PROGRESS"]))))])

    @Test func everyDifferenceBetweenRepeatedRequestsIsSeen() throws {
        let server = try TestServer(scenarios: [Self.scenario])
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        defer { connection.close() }
        let scenarioKey = "sk-test-keep.alive"
        let auth = { (key: String) in ("Authorization", "Bearer \(key)") }
        let cases: [Case] = [
            Case("GET", "/api/v1/credits", [auth("sk-a")], status: 200),
            Case("GET", "/api/v1/credits", [auth("sk-a")], status: 200),
            Case("GET", "/api/v1/credits", [auth("sk-a")], status: 200),
            Case("GET", "/api/v1/credits", [auth("sk-b")], status: 200),
            Case("GET", "/api/v1/credits", [auth("sk-b"), ("X-Extra", "1")], status: 200),
            Case("GET", "/api/v1/credits", [("authorization", "Bearer sk-b")], status: 200),
            Case("GET", "/api/v1/credits", [], status: 401),
            Case("GET", "/api/v1/generation/gen_x", [auth(scenarioKey)], status: 200),
            Case("GET", "/api/v1/generation/gen_y", [auth(scenarioKey)], status: 200),
            Case("GET", "/api/v1/generation/gen_y", [auth(scenarioKey)], status: 200),
            Case("POST", "/api/v1/generation/gen_y", [auth(scenarioKey)], status: 405),
            Case("POST", "/api/v1/generation/gen_y", [auth(scenarioKey)], body: "{}", status: 405),
        ]
        for item in cases {
            let request = RawHTTPClient.request(
                item.method, item.path, headers: item.headers, body: item.body, keepAlive: true)
            #expect(connection.send(request) == nil)
            #expect(try connection.readResponse().status == item.status, "\(item)")
        }
        let journal = server.server.journal()
        #expect(journal.count == cases.count)
        #expect(Set(journal.map { $0.connection }).count == 1, "one connection throughout")
        for (entry, item) in zip(journal, cases) {
            #expect(entry.method == item.method && entry.path == item.path && entry.status == item.status, "\(item)")
            let extra = item.body == nil ? 1 : 2
            #expect(
                entry.headers.count == item.headers.count + extra, "Host (and Content-Length) too: \(entry.headers)")
            #expect(entry.body == (item.body ?? ""))
            #expect(entry.key == item.key.map(KeyFingerprint.of), "\(entry.headers)")
        }
        #expect(journal[3].header("Authorization") == "Bearer " + KeyFingerprint.of("sk-b"))
        #expect(journal[4].header("X-Extra") == "1")
        #expect(journal[7].generationID == "gen_x" && journal[8].generationID == "gen_y")
        #expect(journal[7].scenario == "keep.alive" && journal[3].scenario == nil)
    }

    /// One request of the sequence and the status it must get.
    private struct Case: CustomStringConvertible {
        var method: String
        var path: String
        var headers: [(String, String)]
        var body: String?
        var status: Int

        init(_ method: String, _ path: String, _ headers: [(String, String)], body: String? = nil, status: Int) {
            self.method = method
            self.path = path
            self.headers = headers
            self.body = body
            self.status = status
        }

        /// The bearer key of the first Authorization header.
        var key: String? {
            headers.first { $0.0.lowercased() == "authorization" }.map { String($0.1.dropFirst("Bearer ".count)) }
        }

        var description: String { "\(method) \(path) \(headers) \(body ?? "")" }
    }
}
