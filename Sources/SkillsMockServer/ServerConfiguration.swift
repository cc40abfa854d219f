import SkillsPlatform
import SkillsScenario

/// Everything a `MockServer` needs to know before it starts.
public struct ServerConfiguration: Sendable {
    /// Address to bind; loopback unless an admin token guards the admin API.
    public var host: String
    /// Port to bind; 0 picks a free one (read it back from `MockServer.port`).
    public var port: Int
    /// Factor applied to every scripted delay (0.01 turns 2 s into 20 ms); the journal keeps real times.
    public var timeScale: Double
    /// Number of event loops, one thread and one `event_base` each.
    public var loops: Int
    /// Scenarios served from the start (more can be loaded through the admin API).
    public var scenarios: [Scenario]
    /// The platform model: spec texts, models and payload schemas; nil serves no specs and accepts any model.
    public var catalog: PlatformCatalog?
    /// How the default world (no scenario bound) behaves.
    public var world: DefaultWorldSettings
    /// Whether requests are journaled.
    public var journal: Bool
    /// When set, the admin API requires `Authorization: Bearer <token>` from every peer.
    public var adminToken: String?
    /// Pause between the bytes of a dribbled SSE item, before scaling (never below 1 ms real).
    public var dribbleGapMs: Double
    /// Real milliseconds a connection gets to deliver a whole request (line, headers, body) once the server
    /// waits for one, from accept or from the end of the previous response; slower connections are answered
    /// 408 and closed (slowloris). Never scaled.
    public var requestTimeoutMs: Double
    /// Largest request line plus headers accepted, in bytes; libevent 2.1 answers bigger ones 400 (it has no 431) and closes.
    public var maxHeaderBytes: Int
    /// Largest request body accepted, in bytes; libevent answers bigger ones 413 and closes.
    public var maxBodyBytes: Int
    /// Real milliseconds between two ticks of each loop's lag probe (`MockServer.lateness(fromMs:toMs:)`);
    /// 0 turns the probe off. Never scaled.
    public var lagProbeIntervalMs: Double
    /// The certificate and key to serve HTTPS with; nil serves plain HTTP.
    public var tls: ServerTLS?

    /// `https` when the server speaks TLS, else `http`.
    public var scheme: String { tls == nil ? "http" : "https" }

    /// A configuration with the defaults of `skillsmock serve`.
    public init(
        host: String = "127.0.0.1", port: Int = 0, timeScale: Double = 1, loops: Int = 2,
        scenarios: [Scenario] = [], catalog: PlatformCatalog? = nil,
        world: DefaultWorldSettings = DefaultWorldSettings(), journal: Bool = true,
        adminToken: String? = nil, dribbleGapMs: Double = 10, requestTimeoutMs: Double = 60_000,
        maxHeaderBytes: Int = 64 * 1024, maxBodyBytes: Int = 8 * 1024 * 1024, lagProbeIntervalMs: Double = 5,
        tls: ServerTLS? = nil
    ) {
        self.host = host
        self.port = port
        self.timeScale = timeScale
        self.loops = loops
        self.scenarios = scenarios
        self.catalog = catalog
        self.world = world
        self.journal = journal
        self.adminToken = adminToken
        self.dribbleGapMs = dribbleGapMs
        self.requestTimeoutMs = requestTimeoutMs
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
        self.lagProbeIntervalMs = lagProbeIntervalMs
        self.tls = tls
    }
}

/// How the stateful default world behaves.
public struct DefaultWorldSettings: Sendable, Equatable {
    /// Time from create to COMPLETED, before scaling.
    public var generationMs: Double
    /// Credits every new key starts with.
    public var initialCredits: Int
    /// Credits one generation costs.
    public var generationCost: Int
    /// The only keys the default world accepts (`serve --keys FILE`); nil accepts any key.
    public var validKeys: Set<String>?
    /// `serve --chaos`: each key's run gets a scenario drawn from the chaos grammar with this seed (nil: off).
    public var chaosSeed: UInt64?

    /// The defaults: 3 s per generation, 100 credits, 10 per generation.
    public init(
        generationMs: Double = 3000, initialCredits: Int = 100, generationCost: Int = 10, validKeys: Set<String>? = nil,
        chaosSeed: UInt64? = nil
    ) {
        self.generationMs = generationMs
        self.initialCredits = initialCredits
        self.generationCost = generationCost
        self.validKeys = validKeys
        self.chaosSeed = chaosSeed
    }
}
