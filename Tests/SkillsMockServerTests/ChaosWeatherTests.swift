import Foundation
import SkillsCore
import SkillsScenario
import SkillsTestSupport
import Testing

@testable import SkillsMockServer

/// `serve --chaos`: each key gets its own scenario from the chaos grammar, deterministic in (seed, key).
@Suite struct ChaosWeatherTests {
    @Test func aKeysWeatherDependsOnlyOnTheSeedAndTheKey() throws {
        let weather = ChaosWeather(seed: 8, validKeys: nil)
        let a = try #require(weather.scenario(forKey: "team-a"))
        #expect(a == ChaosWeather(seed: 8, validKeys: nil).scenario(forKey: "team-a"))
        #expect(a.id == "chaos.8.\(String(format: "%04d", ChaosWeather.index(forKey: "team-a")))")
        #expect(a != ChaosWeather(seed: 9, validKeys: nil).scenario(forKey: "team-a"))
        let ids = Set((0..<200).compactMap { weather.scenario(forKey: "key-\($0)")?.id })
        #expect(ids.count > 190, "keys spread over the seed's plans")
        // Never a keyless scenario: a key was sent.
        #expect((0..<500).allSatisfy { weather.scenario(forKey: "k\($0)")?.client.apiKeyAbsent == false })
        #expect(ChaosWeather(seed: 8, validKeys: ["team-a"]).scenario(forKey: "team-b") == nil)
    }

    @Test func theServerAnswersEachKeyFromItsOwnScenarioAndJournalsTheSeed() async throws {
        let server = try TestServer(timeScale: 0.05, world: DefaultWorldSettings(chaosSeed: 8))
        let weather = ChaosWeather(seed: 8, validKeys: nil)
        var checked = 0
        for n in 0..<40 {
            let key = "dev-\(n)"
            let scenario = try #require(weather.scenario(forKey: key))
            guard case .response(let response) = scenario.create[0].kind else { continue }
            let exchange = await TestScenarios.createSSE(server, key: key)
            #expect(exchange.response?.status == response.status, "\(key) → \(scenario.id)")
            checked += 1
        }
        #expect(checked >= 3)
        let entries = server.server.journal()
        #expect(!entries.isEmpty)
        #expect(entries.allSatisfy { $0.scenario?.hasPrefix("chaos.8.") == true })
    }
}
