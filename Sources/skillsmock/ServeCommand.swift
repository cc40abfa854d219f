import ArgumentParser
import Foundation
import SkillsCore
import SkillsMockServer
import SkillsPlatform
import SkillsScenario

/// `skillsmock serve`: run the fake server until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the fake server.",
        discussion: """
            Prints one JSON line first, {"listening": "http://HOST:PORT"} (https:// with --tls-cert and \
            --tls-key), then logs to stderr. Without --scenarios it serves the default world plus the scenarios \
            in ./Scenarios (when present).
            """)

    @Option(help: "Address to bind. Anything but loopback needs --admin-token.")
    var host = "127.0.0.1"

    @Option(help: "Port to bind; 0 picks a free one.")
    var port = 0

    @Option(name: .customLong("scenarios"), help: "Scenario directory or file (repeatable).")
    var scenarioPaths: [String] = []

    @Option(help: "Factor applied to every scripted delay (0.01 turns 2s into 20ms).")
    var timeScale = 1.0

    @Option(help: "Directory holding openapi.json and docs.json.")
    var fixtures = "Fixtures"

    @Option(help: "Token the admin API requires (Authorization: Bearer <token>).")
    var adminToken: String?

    @Option(help: "Number of event loops (one thread each).")
    var loops = 2

    @Option(help: "A file of keys, one per line: in the default world any other key answers 401.")
    var keys: String?

    @Flag(
        help:
            "Chaos weather: each key no scenario binds gets a scenario drawn from the chaos grammar, deterministic in (seed, key)."
    )
    var chaos = false

    @Option(
        help: "The --chaos seed (default: from the clock; logged, and in the journal's scenario ids chaos.<seed>.<n>).")
    var seed: UInt64?

    @Option(help: "Credits every key starts with in the default world.")
    var credits = 100

    @Flag(help: "Do not journal requests (the admin journal stays empty).")
    var noJournal = false

    @Option(help: "Real ms between two ticks of each loop's lag probe (GET /__admin/lateness); 0 turns it off.")
    var lagProbeMs = 5.0

    @Option(help: "Serve HTTPS with this PEM certificate (chain); needs --tls-key.")
    var tlsCert: String?

    @Option(help: "The PEM private key of --tls-cert (unencrypted); needs --tls-cert.")
    var tlsKey: String?

    func validate() throws {
        guard loops >= 1 else { throw ValidationError("--loops must be at least 1") }
        guard timeScale > 0, timeScale.isFinite else { throw ValidationError("--time-scale must be a positive number") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be within 0...65535") }
        guard credits >= 0 else { throw ValidationError("--credits must not be negative") }
        guard lagProbeMs >= 0, lagProbeMs.isFinite else {
            throw ValidationError("--lag-probe-ms must be 0 or a positive number")
        }
        guard seed == nil || chaos else { throw ValidationError("--seed needs --chaos") }
        guard (tlsCert == nil) == (tlsKey == nil) else {
            throw ValidationError(tlsCert == nil ? "--tls-key needs --tls-cert" : "--tls-cert needs --tls-key")
        }
        // Its own message (no usage text): the refusal is about safety, not syntax.
        guard Loopback.contains(host) || adminToken != nil else {
            ServeCommand.log(
                "error: --host \(host) is not a loopback address; refusing without --admin-token (the admin API would be open to the network)"
            )
            throw ExitCode(2)
        }
    }

    func run() async throws {
        let scenarios = try loadScenarios()
        let catalog = try loadCatalog()
        var world = DefaultWorldSettings()
        world.initialCredits = credits
        if chaos {
            let seed = seed ?? UInt64(max(0, Date().timeIntervalSince1970 * 1000)) % 1_000_000_000_000
            world.chaosSeed = seed
            ServeCommand.log("chaos weather: seed \(seed)")
        }
        if let keys {
            do {
                let text = try String(contentsOfFile: keys, encoding: .utf8)
                world.validKeys = try KeysFile.parse(text, file: keys)
            } catch let error as KeysFileError {
                ServeCommand.log("error: --keys \(error.description)")
                throw ExitCode(2)
            } catch {
                ServeCommand.log("error: --keys \(keys): cannot read the file (\(error.localizedDescription))")
                throw ExitCode(2)
            }
        }
        let configuration = ServerConfiguration(
            host: host, port: port, timeScale: timeScale, loops: loops,
            scenarios: scenarios, catalog: catalog, world: world, journal: !noJournal,
            adminToken: adminToken, lagProbeIntervalMs: lagProbeMs,
            tls: tlsCert.flatMap { cert in tlsKey.map { ServerTLS(certificateFile: cert, keyFile: $0) } })
        let server: MockServer
        do {
            server = try MockServer(configuration: configuration)
            try server.start()
        } catch let error as TLSSetupError {
            ServeCommand.log("error: \(ServeCommand.flag(of: error, certificate: tlsCert)): \(error)")
            throw ExitCode(2)
        } catch {
            ServeCommand.log("error: \(error)")
            throw ExitCode(2)
        }
        let termination = TerminationSignal()
        print(#"{"listening": "\#(server.baseURL)"}"#)
        fflush(nil)  // every output stream: C's `stdout` is a global variable Swift 6 cannot check
        ServeCommand.log(
            "skillsmock: \(scenarios.count) scenario(s), time scale \(timeScale), \(loops) loop(s)"
                + (catalog == nil ? ", no fixtures" : ""))
        await termination.wait()
        ServeCommand.log("skillsmock: stopping")
        server.stop()
    }

    private func loadScenarios() throws -> [Scenario] {
        var paths = scenarioPaths
        if paths.isEmpty {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: "Scenarios", isDirectory: &isDirectory), isDirectory.boolValue {
                paths = ["Scenarios"]
            }
        }
        guard !paths.isEmpty else { return [] }
        do {
            return try ScenarioLoader.load(paths: paths)
        } catch {
            for problem in error.errors { ServeCommand.log(problem.description) }
            ServeCommand.log("error: \(error.errors.count) problem(s) in scenarios; not serving")
            throw ExitCode(2)
        }
    }

    private func loadCatalog() throws -> PlatformCatalog? {
        let openAPI = fixtures + "/openapi.json"
        guard FileManager.default.fileExists(atPath: openAPI) else {
            if fixtures != "Fixtures" {
                ServeCommand.log("error: --fixtures \(fixtures): no openapi.json there")
                throw ExitCode(2)
            }
            ServeCommand.log("skillsmock: no Fixtures/ here; serving without specs, payload checks or model checks")
            return nil
        }
        do {
            return try PlatformCatalog.load(fixturesDirectory: fixtures)
        } catch {
            ServeCommand.log("error: --fixtures \(fixtures): \(error)")
            throw ExitCode(2)
        }
    }

    /// The option a TLS setup failure is about.
    private static func flag(of error: TLSSetupError, certificate: String?) -> String {
        switch error.problem {
        case .badCertificate, .context: return "--tls-cert"
        case .badKey, .keyMismatch: return "--tls-key"
        case .unreadable: return error.file == certificate ? "--tls-cert" : "--tls-key"
        }
    }

    static func log(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
