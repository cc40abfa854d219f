import SkillsCore
import SkillsScenario

@testable import SkillsConformance

/// Hand-built journals for rule tests: no server, no clock.
enum J {
    static let key = "sk-test-demo--abcd1234"
    static let gen = "gen_demo_1"
    static var fingerprint: String { KeyFingerprint.of(key) }
    static let sse = "/api/v1/generation/sse/kling-ai/kling-v2.6"
    static let create = "/api/v1/generation/kling-ai/kling-v2.6"
    static var pollPath: String { "/api/v1/generation/\(gen)" }

    static func headers(key: String?, accept: String?) -> [[String]] {
        var h: [[String]] = []
        if let key { h.append(["Authorization", "Bearer " + KeyFingerprint.of(key)]) }
        if let accept { h.append(["Accept", accept]) }
        return h
    }

    /// An SSE create answered 200 whose events went out at the given times (`data` JSON text).
    static func sseCreate(
        _ seq: Int, at t: Double, events: [(Double, String)], end: ConnectionEnd = .complete,
        endedAt: Double? = nil, accept: String? = "text/event-stream", key: String? = J.key,
        scenario: String? = "demo"
    ) -> JournalEntry {
        JournalEntry(
            seq: seq, connection: seq, tMs: t, method: "POST", path: sse, headers: headers(key: key, accept: accept),
            body: "{\"prompt\":\"x\"}", key: key.map(KeyFingerprint.of), scenario: scenario, kind: .createSSE,
            generationID: gen, status: 200, responseBody: nil,
            events: events.map { ServedEvent(tMs: $0.0, event: nil, data: $0.1, id: nil) },
            answeredMs: t + 1, end: end, endedMs: endedAt ?? (events.last?.0 ?? t) + 1)
    }

    /// A create answered with a plain status and body.
    static func plainCreate(
        _ seq: Int, at t: Double, status: Int?, body: String = "", end: ConnectionEnd = .complete,
        endedAt: Double? = nil, kind: RequestKind = .createSSE, key: String? = J.key
    ) -> JournalEntry {
        JournalEntry(
            seq: seq, connection: seq, tMs: t, method: "POST", path: kind == .createSSE ? sse : create,
            headers: headers(key: key, accept: kind == .createSSE ? "text/event-stream" : "application/json"),
            body: "{}", key: key.map(KeyFingerprint.of), scenario: "demo", kind: kind, generationID: nil,
            status: status, responseBody: status == nil ? nil : body, events: [],
            answeredMs: status == nil ? nil : t + 2, end: end, endedMs: endedAt ?? t + 2)
    }

    /// A poll answered with a status and body.
    static func poll(
        _ seq: Int, at t: Double, status: Int? = 200, body: String, end: ConnectionEnd = .complete,
        id: String = J.gen, key: String? = J.key
    ) -> JournalEntry {
        JournalEntry(
            seq: seq, connection: 100 + seq, tMs: t, method: "GET", path: "/api/v1/generation/\(id)",
            headers: headers(key: key, accept: "application/json"), body: "", key: key.map(KeyFingerprint.of),
            scenario: key == nil ? nil : "demo", kind: .poll, generationID: id, status: status,
            responseBody: status == nil ? nil : body, events: [], answeredMs: status == nil ? nil : t + 1,
            end: end, endedMs: t + 2)
    }

    static func status(_ s: String) -> String { "{\"id\":\"\(gen)\",\"status\":\"\(s)\"}" }

    static let timings = ClientTimings(
        pollIntervalMs: 100, pollTimeoutMs: 1000, sseIdleTimeoutMs: 500, backoffBaseMs: 50,
        backoffMaxMs: 800, requestTimeoutMs: 500, timeScale: 0.05)

    static func scenario(
        create: [Step] = [Step(kind: .sse(SSEScript(events: [])))], poll: [Step] = [],
        expect: Expectation = Expectation(), absent: Bool = false
    ) -> Scenario {
        Scenario(
            id: "demo", title: "demo", create: create, poll: poll,
            client: ClientSettings(apiKeyAbsent: absent), expect: expect)
    }

    static func record(
        _ journal: [JournalEntry], output: [String], exit: Int32? = 0, scenario: Scenario = J.scenario(),
        key: String? = J.key, killed: Bool = false, endMs: Double? = nil,
        convention: ExitConvention = .seed, classified: String? = nil
    ) -> RunRecord {
        RunRecord(
            scenario: scenario, timings: timings, key: key, journal: journal,
            output: output.map { ClientLine(text: $0) }, exitCode: exit, killedAtDeadline: killed,
            clientStartMs: 0, clientEndMs: endMs, exitConvention: convention, classifiedCategory: classified)
    }

    static func terminal(_ status: String, ok: Bool) -> String {
        "{\"event\":\"terminal\",\"status\":\"\(status)\",\"ok\":\(ok)}"
    }

    static func error(_ category: String) -> String {
        "{\"event\":\"error\",\"category\":\"\(category)\",\"message\":\"x\"}"
    }

    static let timeout = "{\"event\":\"timeout\",\"generation_id\":\"gen_demo_1\"}"
}

extension Array where Element == RuleResult {
    func verdict(_ id: RuleID) -> RuleVerdict? { first { $0.id == id }?.verdict }
}

func judge(_ id: RuleID, _ record: RunRecord) -> RuleResult { RuleBook.judge(id, record: record) }

extension J {
    static func scenarioNamed(_ id: String) -> Scenario {
        Scenario(id: id, title: id, create: [Step(kind: .sse(SSEScript(events: [])))])
    }
}
