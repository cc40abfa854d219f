import SkillsCore
import SkillsPlatform
import SkillsScenario

/// The server's brain, shared by every loop: routes a request, binds it to a run or the default world,
/// takes the step that answers it and journals it. No libevent here.
final class ServerCore: @unchecked Sendable {
    /// The plan for a request and its journal number (nil for admin calls, which are not journaled).
    struct Dispatch {
        var plan: ResponsePlan
        var seq: Int?
    }

    let configuration: ServerConfiguration
    let journal: Journal
    let registry: RunRegistry
    let world: DefaultWorld
    let clock = MonotonicClock()
    private let connectionCounter = Locked(0)

    init(configuration: ServerConfiguration) {
        self.configuration = configuration
        journal = Journal(enabled: configuration.journal)
        registry = RunRegistry(scenarios: configuration.scenarios)
        world = DefaultWorld(settings: configuration.world, catalog: configuration.catalog, timeScale: configuration.timeScale)
    }

    /// A new server-wide connection number, from 1.
    func nextConnectionID() -> Int {
        connectionCounter.withLock { n in
            n += 1
            return n
        }
    }

    /// Forgets runs, journal and credits (scenarios and key mappings stay).
    func reset() {
        registry.reset()
        journal.reset()
        world.reset()
    }

    /// Decides the answer to a request and journals it.
    func dispatch(_ request: IncomingRequest) -> Dispatch {
        let route = Route(method: request.method, path: request.uri)
        if case .admin(let path) = route {
            return Dispatch(plan: AdminAPI(core: self).answer(request, path: path), seq: nil)
        }
        let now = clock.nowMs()
        let key = request.bearerKey
        let scenario = registry.scenario(key: key, header: request.header("X-Mock-Scenario"))
        let (plan, generationID) = answer(route: route, request: request, key: key, scenario: scenario, now: now)
        guard journal.enabled else { return Dispatch(plan: plan, seq: journal.nextSeq()) }
        let fingerprint = key.map(KeyFingerprint.of)
        let entry = JournalEntry(
            seq: 0, connection: request.connection, tMs: now, method: request.method, path: request.uri,
            headers: ServerCore.journalHeaders(request.headers, key: key, fingerprint: fingerprint),
            body: request.body.isEmpty ? "" : String(decoding: request.body, as: UTF8.self),
            key: fingerprint, scenario: scenario?.id, kind: route.kind, generationID: generationID)
        return Dispatch(plan: plan, seq: journal.append(entry))
    }

    private func answer(
        route: Route, request: IncomingRequest, key: String?, scenario: Scenario?,
        now: Double
    ) -> (ResponsePlan, String?) {
        switch route {
        case .openAPI, .docs:
            guard let catalog = configuration.catalog else {
                return (.error(404, "No platform fixtures loaded (start the server with --fixtures DIR)"), nil)
            }
            let text = route == .openAPI ? catalog.openAPIText : catalog.docsText
            return (
                .reply(.init(status: 200, headers: [Header("Content-Type", "application/json")], body: Array(text.utf8))), nil
            )
        case .methodNotAllowed(let allowed):
            return (
                .error(
                    405, "Method \(request.method) not allowed on \(request.path) (use \(allowed))",
                    headers: [Header("Allow", allowed)]), nil
            )
        case .notFound, .admin:
            return (.error(404, "No such endpoint: \(request.method) \(request.path)"), nil)
        case .createSSE, .createPoll, .poll, .credits:
            break
        }
        guard let scenario else {
            let (step, generationID) = world.answer(route: route, key: key, body: request.body, nowMs: now)
            return (ResponsePlan(step: step, route: route.kind, generationID: generationID), generationID)
        }
        if route == .credits {
            let balance = key.map(world.balance(key:)) ?? configuration.world.initialCredits
            return (.json(200, ["credits": .number(Double(balance))]), nil)
        }
        let cursor: RunRegistry.Cursor = route.kind.isCreate ? .create : .poll
        let (plan, generationID) = registry.nextPlan(cursor, route: route.kind, key: key, scenario: scenario)
        var journaledID = generationID
        if case .poll(let id) = route { journaledID = id }
        guard let plan else {
            let which = cursor == .create ? "create" : "poll"
            return (.error(404, "Scenario '\(scenario.id)' scripts no \(which) steps"), journaledID)
        }
        return (plan, journaledID)
    }

    /// Request headers for the journal, with any `Authorization` value replaced by a key fingerprint.
    /// `fingerprint` is `key`'s, already made: reused when the header carries that same key.
    static func journalHeaders(
        _ headers: [(name: String, value: String)], key: String? = nil, fingerprint: String? = nil
    ) -> [[String]] {
        headers.map { header in
            guard IncomingRequest.sameName(header.name, "Authorization") else { return [header.name, header.value] }
            let parts = header.value.split(separator: " ", maxSplits: 1)
            if parts.count == 2, IncomingRequest.sameName(String(parts[0]), "bearer") {
                let token = String(parts[1]).trimmingWhitespace()
                if let key, let fingerprint, token == key { return [header.name, "Bearer " + fingerprint] }
                return [header.name, "Bearer " + KeyFingerprint.of(token)]
            }
            return [header.name, KeyFingerprint.of(header.value)]
        }
    }
}
