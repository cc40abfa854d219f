import Foundation
import SkillsCore
import SkillsPlatform
import SkillsScenario
import Synchronization

/// The server's brain, shared by every loop: routes a request, binds it to a run or the default world,
/// takes the step that answers it and journals it. No libevent here.
final class ServerCore: Sendable {
    /// The plan for a request and its journal number (nil for admin calls, which are not journaled).
    struct Dispatch {
        var plan: ResponsePlan
        var seq: Int?
        /// The plan is a reply due at once, already journaled as answered and complete: the loop sends it
        /// without a driver.
        var immediate: Bool
    }

    let configuration: ServerConfiguration
    let journal: Journal
    let registry: RunRegistry
    let world: DefaultWorld
    let clock = MonotonicClock()
    /// The loops' lag probe samples, server-wide (about 80 s of them with two loops ticking every 5 ms).
    let lateness = Mutex(LatenessRing(capacity: ServerCore.latenessCapacity))
    /// Lag probe samples kept.
    static let latenessCapacity = 32_768
    private let connectionCounts = Mutex(ConnectionCounts())

    /// Connections numbered so far and open now, server-wide.
    private struct ConnectionCounts {
        var issued = 0
        var open = 0
    }

    init(configuration: ServerConfiguration) {
        self.configuration = configuration
        journal = Journal(enabled: configuration.journal)
        registry = RunRegistry(
            scenarios: configuration.scenarios,
            weather: configuration.world.chaosSeed.map {
                ChaosWeather(seed: $0, validKeys: configuration.world.validKeys)
            })
        world = DefaultWorld(
            settings: configuration.world, catalog: configuration.catalog, timeScale: configuration.timeScale)
    }

    /// A new server-wide connection number, from 1, for a connection now open.
    func connectionOpened() -> Int {
        connectionCounts.withLock { counts in
            counts.issued += 1
            counts.open += 1
            return counts.issued
        }
    }

    /// A connection the loops tracked is gone.
    func connectionClosed() {
        connectionCounts.withLock { $0.open -= 1 }
    }

    /// Connections open now (accepted and not yet closed), over every loop.
    var openConnections: Int { connectionCounts.withLock { $0.open } }

    /// Forgets runs, journal and credits (scenarios and key mappings stay).
    func reset() {
        registry.reset()
        journal.reset()
        world.reset()
    }

    /// Decides the answer to a request and journals it (in one step when the answer is due at once).
    func dispatch(_ request: IncomingRequest) -> Dispatch {
        let route = request.route
        if case .admin(let path) = route {
            let plan = AdminAPI(core: self).answer(request, path: path)
            return Dispatch(plan: plan, seq: nil, immediate: isImmediate(plan))
        }
        let now = clock.nowMs()
        let key = request.bearerKey
        let cursor: RunRegistry.Cursor? = route.kind.isCreate ? .create : route.kind == .poll ? .poll : nil
        let binding = registry.bind(
            key: key, header: request.header("X-Mock-Scenario"), advancing: cursor, route: route.kind)
        let (plan, generationID) = answer(route: route, request: request, key: key, binding: binding, now: now)
        let immediate = isImmediate(plan)
        var reply: ResponsePlan.Reply?
        if immediate, case .reply(let scripted) = plan {
            // Sent as soon as this returns: time templates resolve now (the journal keeps the scripted plan).
            reply = scripted.sent(at: Date())
        }
        let seq = journal.append(
            Journal.Arrival(
                request: request, tMs: now, key: key, scenario: binding?.scenarioID, kind: route.kind,
                generationID: generationID, reply: reply, plan: plan))
        return Dispatch(plan: reply.map(ResponsePlan.reply) ?? plan, seq: seq, immediate: immediate)
    }

    /// Whether the plan is a reply with no (scaled) delay.
    private func isImmediate(_ plan: ResponsePlan) -> Bool {
        guard case .reply(let reply) = plan else { return false }
        return reply.delayMs * configuration.timeScale <= 0
    }

    private func answer(
        route: Route, request: IncomingRequest, key: String?, binding: RunRegistry.Binding?, now: Double
    ) -> (ResponsePlan, String?) {
        switch route {
        case .openAPI, .docs:
            guard let catalog = configuration.catalog else {
                return (.error(404, "No platform fixtures loaded (start the server with --fixtures DIR)"), nil)
            }
            let text = route == .openAPI ? catalog.openAPIText : catalog.docsText
            return (
                .reply(
                    .init(status: 200, headers: [Header("Content-Type", "application/json")], body: Array(text.utf8))),
                nil
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
        guard let binding else {
            let (step, generationID) = world.answer(route: route, key: key, body: request.body, nowMs: now)
            return (ResponsePlan(step: step, route: route.kind, generationID: generationID), generationID)
        }
        if route == .credits {
            let balance = key.map(world.balance(key:)) ?? configuration.world.initialCredits
            return (.json(200, ["credits": .number(Double(balance))]), nil)
        }
        var journaledID = binding.generationID
        if case .poll(let id) = route { journaledID = id }
        guard let plan = binding.plan else {
            let which = route.kind.isCreate ? "create" : "poll"
            return (.error(404, "Scenario '\(binding.scenarioID)' scripts no \(which) steps"), journaledID)
        }
        return (plan, journaledID)
    }
}
