import SkillsCore
import SkillsMockServer
import SkillsPlatform
import SkillsScenario

/// A `MockServer` on 127.0.0.1 and a free port, for tests; stopped by `stop()` or when released.
///
/// ```swift
/// let server = try TestServer(scenarios: [scenario], timeScale: 0.01)
/// let exchange = await server.client.send("POST", "/api/v1/generation/sse/kling-ai/kling-v2.6",
///                                         key: "sk-test-\(scenario.id)", body: #"{"prompt":"x"}"#)
/// #expect(exchange.ending == .reset)                       // how the connection ended
/// let entries = await server.server.awaitSettled(filter: JournalFilter(scenario: scenario.id), timeout: .seconds(5))
/// ```
///
/// Clients under test get `server.apiBaseURL` (`http://127.0.0.1:PORT/api/v1`); the journal, key mappings
/// and resets are on `server.server`. Pass `catalog: try PlatformCatalog.load(fixturesDirectory: RepoPaths.fixtures)`
/// for specs, model checks and 422s in the default world.
public final class TestServer: Sendable {
    /// The running server (journal, admin calls, key mappings...).
    public let server: MockServer

    /// Starts a server with these scenarios, time scale and settings; with `tls`, it serves HTTPS.
    public init(
        scenarios: [Scenario] = [], timeScale: Double = 1, world: DefaultWorldSettings = DefaultWorldSettings(),
        catalog: PlatformCatalog? = nil, loops: Int = 2, adminToken: String? = nil, tls: ServerTLS? = nil
    ) throws {
        server = try MockServer(
            configuration: ServerConfiguration(
                host: "127.0.0.1", port: 0, timeScale: timeScale, loops: loops, scenarios: scenarios, catalog: catalog,
                world: world, adminToken: adminToken, tls: tls))
        try server.start()
    }

    deinit { server.stop() }

    /// The bound port.
    public var port: Int { server.port }

    /// `http://127.0.0.1:PORT` (`https://` with TLS).
    public var baseURL: String { server.baseURL }

    /// `http://127.0.0.1:PORT/api/v1`, the base URL clients are given.
    public var apiBaseURL: String { server.baseURL + "/api/v1" }

    /// A raw socket client for this server (plain TCP: it speaks no TLS).
    public var client: RawHTTPClient { RawHTTPClient(port: port) }

    /// Stops the server (idempotent).
    public func stop() { server.stop() }
}
