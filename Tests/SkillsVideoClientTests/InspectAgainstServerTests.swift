import SkillsCore
import SkillsMockServer
import SkillsPlatform
import SkillsTestSupport
import Testing

@testable import SkillsVideoClient

/// Issue #3's acceptance: `inspect` lists all 61 endpoints, and every template it gives is accepted by the fake.
@Suite("skills-video inspect against the live fake")
struct InspectAgainstServerTests {
    static let openAPI = ClientPaths.fixture("openapi.json").path
    static let docs = ClientPaths.fixture("docs.json").path

    /// The polling endpoints `inspect --list-endpoints` gives for one docs group.
    static func listed(_ category: String) async throws -> [String] {
        let (code, output) = await OutputCollector.run(
            [
                "inspect", "--openapi", openAPI, "--docs", docs, "--list-endpoints", "--category", category,
                "--json-indent", "0",
            ])
        #expect(code == 0)
        let list = try JSONValue.parse(output.lines.joined())
        let endpoints = list["polling_endpoints"]?.arrayValue?.compactMap(\.stringValue)
        return try #require(endpoints)
    }

    @Test("38 video and 23 image endpoints; each template gets 200 from both create endpoints of the fake")
    func everyTemplateIsAccepted() async throws {
        let videos = try await Self.listed("videos")
        let images = try await Self.listed("images")
        #expect(videos.count == 38)
        #expect(images.count == 23)
        let server = try TestServer(
            timeScale: 0.01, world: DefaultWorldSettings(initialCredits: 1_000_000),
            catalog: try PlatformCatalog.load(fixturesDirectory: RepoPaths.fixtures))
        defer { server.stop() }
        for endpoint in videos + images {
            let (code, output) = await OutputCollector.run(
                [
                    "inspect", "--openapi", Self.openAPI, "--endpoint", endpoint, "--include-template", "--json-indent",
                    "0",
                ])
            #expect(code == 0, "\(endpoint)")
            let contract = try JSONValue.parse(output.lines.joined())
            let template = try #require(contract["request_template"], "\(endpoint) has no template")
            let path = String(endpoint.dropFirst("POST ".count))
            for createPath in [path, path.replacingAll("/generation/", with: "/generation/sse/")] {
                let exchange = await server.client.send(
                    "POST", "/api/v1" + createPath, key: "inspect-key",
                    headers: [("Content-Type", "application/json")], body: template.jsonText)
                #expect(
                    exchange.response?.status == 200,
                    "\(createPath) with \(template.jsonText): \(exchange.response?.bodyText ?? "no answer")")
            }
        }
    }
}
