import Foundation
import SkillsMockServer
import SkillsScenario

/// Runs `body` with a fake open.skills.video on an ephemeral 127.0.0.1 port serving the scenarios under
/// `scenarios` (files or directories, as `skillsmock serve --scenarios`), and stops it afterwards, also when
/// `body` throws. `timeScale` scales every scripted delay (0.05: twenty times faster); `credits` is each
/// default-world key's starting balance.
public func withSkillsMock<T>(
    scenarios: [String] = [], timeScale: Double = 1, credits: Int? = nil,
    _ body: (SkillsMock) async throws -> T
) async throws -> T {
    let loaded: [Scenario]
    do {
        loaded = try ScenarioLoader.load(paths: scenarios)
    } catch {
        throw SkillsMockError.scenariosNotLoaded("\(error)")
    }
    var world = DefaultWorldSettings()
    if let credits { world.initialCredits = credits }
    let server: MockServer
    do {
        server = try MockServer(
            configuration: ServerConfiguration(
                host: "127.0.0.1", port: 0, timeScale: timeScale, scenarios: loaded, world: world))
        try server.start()
    } catch {
        throw SkillsMockError.serverNotStarted("\(error)")
    }
    defer { server.stop() }
    return try await body(SkillsMock(server: server, scenarioIDs: loaded.map(\.id)))
}
