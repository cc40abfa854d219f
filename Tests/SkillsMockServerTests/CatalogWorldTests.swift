import Foundation
import SkillsCore
import SkillsMockServer
import SkillsPlatform
import SkillsScenario
import SkillsTestSupport
import Testing

/// The default world with the real platform model (`Fixtures/`): specs, unknown models, payload checks.
@Suite struct CatalogWorldTests {
    static func server(timeScale: Double = 1) throws -> TestServer {
        try TestServer(timeScale: timeScale, catalog: try PlatformCatalog.load(fixturesDirectory: RepoPaths.fixtures))
    }

    @Test func specsAreServedAsTheFixturesHoldThem() async throws {
        let server = try Self.server()
        let openAPI = try String(contentsOfFile: RepoPaths.fixtures + "/openapi.json", encoding: .utf8)
        let docs = try String(contentsOfFile: RepoPaths.fixtures + "/docs.json", encoding: .utf8)
        for path in ["/api/openapi.json", "/api/v1/openapi.json"] {
            let response = try #require(await server.client.send("GET", path).response, "\(path)")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/json")
            #expect(response.bodyText == openAPI)
        }
        #expect(await server.client.send("GET", "/docs.json").response?.bodyText == docs)
        #expect(server.server.journal().allSatisfy { $0.kind == .spec })
    }

    @Test func unknownModelIs404() async throws {
        let server = try Self.server()
        let sse = await TestScenarios.createSSE(server, key: "dev", path: "/api/v1/generation/sse/nobody/no-model")
        #expect(sse.response?.status == 404)
        #expect(TestScenarios.body(sse)?["message"]?.stringValue?.contains("nobody/no-model") == true)
        let poll = await TestScenarios.createPoll(server, key: "dev", path: "/api/v1/generation/nobody/no-model")
        #expect(poll.response?.status == 404)
    }

    @Test(arguments: [
        (#"{"duration": 5}"#, "prompt"), (#"{"prompt": "x", "duration": 7}"#, "duration"),
        (#"{"prompt": "x", "aspect_ratio": "2:1"}"#, "aspect_ratio"), (#"{"prompt": "x", "colour": 1}"#, "colour"),
    ])
    func payloadsThatDoNotFitAre422NamingTheField(body: String, field: String) async throws {
        let server = try Self.server()
        let exchange = await TestScenarios.createPoll(server, key: "dev", body: body)
        #expect(exchange.response?.status == 422)
        let message = TestScenarios.body(exchange)?["message"]?.stringValue ?? ""
        #expect(message.contains(field), "\(message)")
        #expect(ErrorClassifier.classify(status: 422, message: message) == .validation)
        #expect(
            TestScenarios.body(await server.client.send("GET", "/api/v1/credits", key: "dev"))?["credits"]?.intValue
                == 100,
            "a refused create costs nothing")
    }

    @Test func aFittingPayloadWalksToCompletedWithTheRightOutputKind() async throws {
        let server = try Self.server(timeScale: 0.01)
        let video = await TestScenarios.createSSE(server, key: "dev")
        #expect(video.response?.bodyText.contains(#".mp4""#) == true)
        let image = await TestScenarios.createSSE(server, key: "dev", path: "/api/v1/generation/sse/google/nano-banana")
        #expect(image.response?.status == 200)
        #expect(image.response?.bodyText.contains(#".png""#) == true)
        #expect(image.response?.bodyText.contains("COMPLETED") == true)
    }

    @Test func scenarioRunsSkipTheSchemaCheck() async throws {
        let scenario = Scenario(
            id: "c.free", title: "free", create: [TestScenarios.json(200, ["id": "{gen}", "status": "IN_QUEUE"])])
        let server = try TestServer(
            scenarios: [scenario], catalog: try PlatformCatalog.load(fixturesDirectory: RepoPaths.fixtures))
        let exchange = await TestScenarios.createPoll(
            server, key: "sk-test-c.free", path: "/api/v1/generation/nobody/no-model",
            body: #"{"duration": 7}"#)
        #expect(exchange.response?.status == 200)
    }
}
