import SkillsCore
import SkillsPlatform
import SkillsScenario
import Synchronization

/// The stateful fake platform used when no scenario is bound: it writes a step for each request,
/// which the same responder as for scenarios puts on the wire.
final class DefaultWorld: Sendable {
    /// One generation the world issued.
    private struct Generation {
        var createdMs: Double
        var model: String
    }

    private struct State {
        var generations: [String: Generation] = [:]
        var credits: [String: Int] = [:]
        var issued = 0
    }

    private let settings: DefaultWorldSettings
    private let catalog: PlatformCatalog?
    private let timeScale: Double
    private let state = Mutex(State())

    init(settings: DefaultWorldSettings, catalog: PlatformCatalog?, timeScale: Double) {
        self.settings = settings
        self.catalog = catalog
        self.timeScale = timeScale
    }

    /// The step answering a platform call, and the generation id it concerns.
    func answer(route: Route, key: String?, body: [UInt8], nowMs: Double) -> (step: Step, generationID: String?) {
        guard let key else {
            return (
                DefaultWorld.error(
                    401, "Unauthorized: missing or malformed Authorization header (expected Bearer <key>)"), nil
            )
        }
        if let valid = settings.validKeys, !valid.contains(key) {
            return (DefaultWorld.error(401, DefaultWorld.invalidKeyMessage), nil)
        }
        switch route {
        case .createSSE(let model), .createPoll(let model):
            return create(model: model, sse: route.kind == .createSSE, key: key, body: body, nowMs: nowMs)
        case .poll(let id):
            return (poll(id: id, nowMs: nowMs), id)
        case .credits:
            return (DefaultWorld.json(200, ["credits": .number(Double(balance(key: key)))]), nil)
        default:
            return (DefaultWorld.error(404, "Not found"), nil)
        }
    }

    /// The balance of a key (the initial one when the key never created anything).
    func balance(key: String) -> Int {
        state.withLock { $0.credits[key] ?? settings.initialCredits }
    }

    /// What the platform answers (401) for a key it does not know (SPEC 2: "missing/invalid API key").
    static let invalidKeyMessage = "Unauthorized: invalid API key"

    /// Forgets generations and restores every balance.
    func reset() {
        state.withLock { $0 = State() }
    }

    private func create(model: String, sse: Bool, key: String, body: [UInt8], nowMs: Double) -> (
        step: Step, generationID: String?
    ) {
        let payload: JSONValue
        do {
            payload = try JSONValue.parse(body)
        } catch {
            return (DefaultWorld.error(422, "Validation failed: body: expected a JSON object (\(error))"), nil)
        }
        guard case .object = payload else {
            return (DefaultWorld.error(422, "Validation failed: body: expected a JSON object"), nil)
        }
        if let catalog {
            switch catalog.validate(model: model, payload: payload) {
            case .ok: break
            case .unknownModel:
                return (
                    DefaultWorld.error(404, "Unknown model: \(model) (no such endpoint: /generation/\(model))"), nil
                )
            case .invalid:
                let message =
                    catalog.validate(model: model, payload: payload).errorMessage(model: model) ?? "Validation failed"
                return (DefaultWorld.error(422, message), nil)
            }
        }
        let cost = settings.generationCost
        let id: String? = state.withLock { s in
            let balance = s.credits[key] ?? settings.initialCredits
            guard balance >= cost, balance > 0 else { return nil }
            s.credits[key] = balance - cost
            s.issued += 1
            let id = RunRegistry.makeGenerationID(serial: s.issued)
            s.generations[id] = Generation(createdMs: nowMs, model: model)
            return id
        }
        guard let id else {
            return (
                DefaultWorld.error(
                    402,
                    "Insufficient credits: balance \(balance(key: key)), a generation costs \(cost). Recharge at https://skills.video/dashboard"
                ), nil
            )
        }
        if !sse {
            return (DefaultWorld.json(200, ["id": .string(id), "status": "IN_QUEUE"]), id)
        }
        let third = settings.generationMs / 3
        let events = [
            SSEItem(delayMs: 0, data: .json(statusBody(id: id, model: model, status: "IN_QUEUE"))),
            SSEItem(delayMs: third, data: .json(statusBody(id: id, model: model, status: "IN_PROGRESS"))),
            SSEItem(
                delayMs: settings.generationMs - third,
                data: .json(statusBody(id: id, model: model, status: "COMPLETED"))),
        ]
        return (Step(kind: .sse(SSEScript(events: events, end: .complete))), id)
    }

    private func poll(id: String, nowMs: Double) -> Step {
        guard let generation = state.withLock({ $0.generations[id] }) else {
            return DefaultWorld.error(404, "Generation not found: \(id)")
        }
        let elapsed = (nowMs - generation.createdMs) / max(timeScale, 0.000_001)
        let status: String
        if elapsed >= settings.generationMs {
            status = "COMPLETED"
        } else if elapsed >= settings.generationMs / 3 {
            status = "IN_PROGRESS"
        } else {
            status = "IN_QUEUE"
        }
        return DefaultWorld.json(200, statusBody(id: id, model: generation.model, status: status))
    }

    /// `{"id", "status"}` plus `output` once COMPLETED.
    private func statusBody(id: String, model: String, status: String) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(id)), ("status", .string(status)), ("model", .string(model)),
        ]
        if status == "COMPLETED" {
            let ext = isImageModel(model) ? "png" : "mp4"
            members.append(("output", ["url": .string("https://cdn.skills-mock.invalid/\(id).\(ext)")]))
            members.append(("credits_used", .number(Double(settings.generationCost))))
        }
        return .object(members)
    }

    /// Whether a model makes images rather than videos: the catalog's `Images` group, else a guess from the name.
    func isImageModel(_ model: String) -> Bool {
        if let catalog, catalog.hasModel(model) { return catalog.imageModels.contains(model) }
        let markers = ["image", "nano-banana", "seedream", "flux", "kontext", "ideogram"]
        return markers.contains(where: { model.contains($0) })
    }

    static func json(_ status: Int, _ body: JSONValue) -> Step {
        Step(kind: .response(Response(status: status, body: .json(body))))
    }

    static func error(_ status: Int, _ message: String) -> Step {
        json(status, ["message": .string(message)])
    }
}
