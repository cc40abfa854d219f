import Foundation
import SkillsCore
import SkillsMockServer
import SkillsScenario
import SkillsTestSupport
import Testing

/// `serve --keys FILE`: the default world accepts only the listed keys; others answer 401 with the platform's message.
@Suite struct StrictKeysTests {
    @Test func theKeysFileIsOneKeyPerLine() throws {
        let keys = try KeysFile.parse("# team keys\nsk-live-a\n\n  sk-live-b  \r\nsk-live-a\n", file: "keys.txt")
        #expect(keys == ["sk-live-a", "sk-live-b"])
        #expect(throws: KeysFileError.self) { try KeysFile.parse("# nothing\n\n", file: "keys.txt") }
        do {
            _ = try KeysFile.parse("ok\nnot ok\n", file: "keys.txt")
            Issue.record("a key with a space was accepted")
        } catch {
            #expect(error.description == "keys.txt:2: a key holds a space (expected one key per line)")
        }
    }

    @Test func onlyListedKeysAreValidInTheDefaultWorld() async throws {
        let server = try TestServer(world: DefaultWorldSettings(initialCredits: 30, validKeys: ["sk-live-good"]))
        let good = await server.client.send("GET", "/api/v1/credits", key: "sk-live-good")
        #expect(good.response?.status == 200)
        #expect(TestScenarios.body(good)?["credits"]?.intValue == 30)
        for path in ["/api/v1/credits", "/api/v1/generation/gen_1"] {
            let bad = await server.client.send("GET", path, key: "sk-live-other")
            #expect(bad.response?.status == 401, "\(path)")
            let message = try #require(TestScenarios.body(bad)?["message"]?.stringValue)
            #expect(ErrorClassifier.classify(status: 401, message: message) == .auth)
            #expect(message.lowercased().contains("invalid api key"))
        }
        let create = await TestScenarios.createSSE(server, key: "sk-live-other")
        #expect(create.response?.status == 401)
        let created = await TestScenarios.createSSE(server, key: "sk-live-good")
        #expect(created.response?.status == 200)
    }

    @Test func anyKeyWorksWithoutAKeysFile() async throws {
        let server = try TestServer()
        let any = await server.client.send("GET", "/api/v1/credits", key: "whatever")
        #expect(any.response?.status == 200)
    }
}
