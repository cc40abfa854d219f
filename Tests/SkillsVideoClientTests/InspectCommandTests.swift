import SkillsCore
import Testing

@testable import SkillsVideoClient

@Suite("skills-video inspect")
struct InspectCommandTests {
    static let openAPI = ClientPaths.fixture("openapi.json").path
    static let docs = ClientPaths.fixture("docs.json").path

    @Test("--list-endpoints lists a docs group, SSE twins as defaults", arguments: ["videos", "images"])
    func listEndpoints(category: String) async throws {
        let (code, output) = await OutputCollector.run(
            ["inspect", "--openapi", Self.openAPI, "--docs", Self.docs, "--list-endpoints", "--category", category])
        #expect(code == 0)
        #expect(output.lines.count == 1)
        let list = try JSONValue.parse(try #require(output.lines.first))
        #expect(list["category"]?.stringValue == category)
        #expect(list["default_result_mode"]?.stringValue == "sse")
        let defaults = try #require(list["default_endpoints"]?.arrayValue?.compactMap { $0.stringValue })
        #expect(!defaults.isEmpty)
        #expect(defaults.allSatisfy { $0.hasPrefix("POST /generation/sse/") })
        let polling = try #require(list["polling_endpoints"]?.arrayValue?.compactMap { $0.stringValue })
        #expect(polling.count == defaults.count)
        #expect(list["poll_endpoint"]?.stringValue?.contains("/generation/{") == true)
    }

    @Test("--endpoint describes one contract; the template holds required and default fields only")
    func describe() async throws {
        let (code, output) = await OutputCollector.run(
            [
                "inspect", "--openapi", Self.openAPI, "--endpoint", "POST /generation/kling-ai/kling-v2.6",
                "--include-template", "--json-indent", "0",
            ])
        #expect(code == 0)
        let contract = try JSONValue.parse(output.lines.joined())
        #expect(contract["sse_create_endpoint"]?.stringValue == "POST /generation/sse/kling-ai/kling-v2.6")
        #expect(contract["polling_create_endpoint"]?.stringValue == "POST /generation/kling-ai/kling-v2.6")
        let fields = try #require(contract["fields"]?.arrayValue)
        let template = try #require(contract["request_template"]?.objectValue)
        #expect(template.contains { $0.0 == "prompt" })
        let known = Set(fields.compactMap { $0["name"]?.stringValue })
        #expect(template.allSatisfy { known.contains($0.0) }, "the template never invents fields")
        #expect(output.lines.joined().contains("\n\""), "indent 0 puts members on their own lines")
    }

    @Test(
        "inspect problems are error lines with exit 1",
        arguments: [
            (["--endpoint", "POST /generation/nope/none"], "nope/none"),
            (["--list-endpoints"], "--docs"),
            ([] as [String], "--endpoint"),
        ] as [([String], String)])
    func problems(extra: [String], culprit: String) async throws {
        let (code, output) = await OutputCollector.run(["inspect", "--openapi", Self.openAPI] + extra)
        #expect(code == 1)
        let line = try #require(output.events.first)
        #expect(line["event"]?.stringValue == "error")
        #expect(line["message"]?.stringValue?.contains(culprit) == true)
    }

    @Test("a missing OpenAPI file names the file")
    func missingFile() async throws {
        let (code, output) = await OutputCollector.run([
            "inspect", "--openapi", "/nonexistent/openapi.json", "--endpoint", "x",
        ])
        #expect(code == 1)
        #expect(output.events.first?["message"]?.stringValue?.contains("/nonexistent/openapi.json") == true)
    }
}
