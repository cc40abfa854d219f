import Foundation
import SkillsCore
import SkillsScenario
import Synchronization

/// Scenarios, key mappings and the state of every run; shared by all loops under one lock.
final class RunRegistry: Sendable {
    /// Which cursor a request advances.
    enum Cursor { case create, poll }

    /// One run: a distinct key (or keyless header binding) on one scenario.
    private struct Run {
        var generationID: String
        var create: StepCursor
        var poll: StepCursor
        /// Plans already rendered for this run's id, by cursor, step index and endpoint.
        var plans: [PlanKey: ResponsePlan] = [:]
    }

    /// A rendered plan is the same for the same step answering the same endpoint.
    private struct PlanKey: Hashable {
        var cursor: Cursor
        var index: Int
        var route: RequestKind
    }

    /// A run is named by its raw key (nil for keyless requests) and its scenario.
    private struct RunName: Hashable {
        var key: String?
        var scenario: String
    }

    /// A request bound to a scenario: the scenario's id and, when a cursor advanced, the run's plan and id.
    struct Binding {
        var scenarioID: String
        /// The plan for the step taken; nil when no cursor advanced or the scenario scripts no such steps.
        var plan: ResponsePlan?
        var generationID: String?
    }

    private struct State {
        var scenarios: [String: Scenario] = [:]
        var keyMap: [String: String] = [:]
        var runs: [RunName: Run] = [:]
        var issued = 0
        /// The scenario id each key seen binds to (nil: none), so a key's name is parsed once.
        var keyBindings: [String: String?] = [:]
    }

    /// Keys remembered in `keyBindings` before it starts over (a load test may send endless distinct keys).
    private static let keyBindingLimit = 10_000

    private let state = Mutex(State())
    /// `serve --chaos`: draws a scenario for each key the loaded scenarios do not bind.
    private let weather: ChaosWeather?

    init(scenarios: [Scenario], weather: ChaosWeather? = nil) {
        self.weather = weather
        load(scenarios)
    }

    /// Adds or replaces scenarios by id; runs of replaced scenarios start over.
    func load(_ scenarios: [Scenario]) {
        state.withLock { s in
            for scenario in scenarios {
                s.scenarios[scenario.id] = scenario
                s.runs = s.runs.filter { $0.key.scenario != scenario.id }
            }
            s.keyBindings.removeAll()
        }
    }

    /// Binds a key to a scenario; false when no such scenario is loaded.
    func mapKey(_ key: String, to scenarioID: String) -> Bool {
        state.withLock { s in
            guard s.scenarios[scenarioID] != nil else { return false }
            s.keyMap[key] = scenarioID
            s.runs = s.runs.filter { $0.key.key != key }
            s.keyBindings.removeAll()
            return true
        }
    }

    /// Forgets every run (ids, cursors); scenarios and key mappings stay.
    func reset() {
        state.withLock { $0.runs.removeAll() }
    }

    /// Number of loaded scenarios.
    var scenarioCount: Int { state.withLock { $0.scenarios.count } }

    /// Binds a request to its scenario (nil: the default world): mapped key, `sk-test-<id>[--<tag>]`, then
    /// `X-Mock-Scenario`. With a cursor, also takes the run's next step (rendered once per run, step and
    /// endpoint); one lock for both.
    func bind(key: String?, header: @autoclosure () -> String?, advancing cursor: Cursor?, route: RequestKind)
        -> Binding?
    {
        state.withLock { s in
            guard let id = RunRegistry.scenarioID(in: &s, key: key, header: header(), weather: weather) else {
                return nil
            }
            guard let cursor else { return Binding(scenarioID: id) }
            let (plan, generationID) = RunRegistry.nextPlan(in: &s, cursor, route: route, key: key, scenarioID: id)
            return Binding(scenarioID: id, plan: plan, generationID: generationID)
        }
    }

    /// The id of a loaded scenario the request binds to (only the id: a `Scenario` is large to copy).
    private static func scenarioID(in s: inout State, key: String?, header: String?, weather: ChaosWeather?) -> String?
    {
        if let key {
            var id: String?
            if let known = s.keyBindings[key] {
                id = known
            } else {
                id =
                    s.keyMap[key].flatMap { s.scenarios[$0] == nil ? nil : $0 }
                    ?? RunRegistry.scenarioID(fromKey: key, known: s.scenarios)
                if id == nil, let drawn = weather?.scenario(forKey: key) {
                    if s.scenarios[drawn.id] == nil { s.scenarios[drawn.id] = drawn }
                    id = drawn.id
                }
                if s.keyBindings.count >= keyBindingLimit { s.keyBindings.removeAll(keepingCapacity: true) }
                s.keyBindings[key] = .some(id)
            }
            if let id, s.scenarios.keys.contains(id) { return id }
        }
        if let header = header?.trimmingWhitespace(), s.scenarios.keys.contains(header) {
            return header
        }
        return nil
    }

    /// The plan for the run's next step on this endpoint (nil when the scenario scripts none) and the run's id.
    private static func nextPlan(
        in s: inout State, _ cursor: Cursor, route: RequestKind, key: String?, scenarioID: String
    ) -> (plan: ResponsePlan?, generationID: String) {
        let name = RunName(key: key, scenario: scenarioID)
        if let index = s.runs.index(forKey: name) {
            return advance(&s.runs.values[index], cursor, route: route)
        }
        let scenario = s.scenarios[scenarioID]
        s.issued += 1
        var run = Run(
            generationID: RunRegistry.makeGenerationID(serial: s.issued),
            create: StepCursor(scenario?.create ?? []), poll: StepCursor(scenario?.poll ?? []))
        let result = advance(&run, cursor, route: route)
        s.runs[name] = run
        return result
    }

    /// Takes the run's next step on the cursor, in place.
    private static func advance(_ run: inout Run, _ cursor: Cursor, route: RequestKind)
        -> (plan: ResponsePlan?, generationID: String)
    {
        let index = (cursor == .create ? run.create.position : run.poll.position) ?? 0
        guard let step = cursor == .create ? run.create.next() : run.poll.next() else { return (nil, run.generationID) }
        let planKey = PlanKey(cursor: cursor, index: index, route: route)
        if let plan = run.plans[planKey] { return (plan, run.generationID) }
        let plan = ResponsePlan(step: step, route: route, generationID: run.generationID)
        run.plans[planKey] = plan
        return (plan, run.generationID)
    }

    /// `gen_` + 16 hex digits: a serial (unique per server) mixed with randomness (unique across servers).
    static func makeGenerationID(serial: Int) -> String {
        let random = UInt64.random(in: 0...UInt64(UInt32.max))
        let value = (UInt64(truncatingIfNeeded: serial) << 32) | random
        let hex = String(value, radix: 16)
        return "gen_" + String(repeating: "0", count: max(0, 16 - hex.count)) + hex
    }

    /// The scenario id in `sk-test-<id>` or `sk-test-<id>--<tag>`, when such a scenario is loaded.
    static func scenarioID(fromKey key: String, known: [String: Scenario]) -> String? {
        let prefix = "sk-test-"
        guard key.hasPrefix(prefix) else { return nil }
        let rest = String(key.dropFirst(prefix.count))
        if known[rest] != nil { return rest }
        var search = rest.startIndex
        while let range = rest.range(of: "--", range: search..<rest.endIndex) {
            let id = String(rest[..<range.lowerBound])
            if known[id] != nil { return id }
            search = range.upperBound
        }
        return nil
    }
}
