import Foundation
import SkillsCore
import SkillsScenario

/// The admin API under `/__admin/` (stable): health, scenarios, key mappings, reset, journal, lateness.
/// Answers loopback peers only, unless an admin token is configured, which every caller must then send.
struct AdminAPI {
    let core: ServerCore

    /// The plan answering an admin request.
    func answer(_ request: IncomingRequest, path: String) -> ResponsePlan {
        if let token = core.configuration.adminToken {
            guard request.bearerKey == token else {
                return .error(403, "Admin API: missing or wrong admin token (send Authorization: Bearer <token>)")
            }
        } else if !request.isLoopbackPeer {
            return .error(403, "Admin API answers loopback peers only (peer \(request.peer)); configure an admin token")
        }
        let name = String(path.dropFirst("/__admin/".count))
        switch (request.method, name) {
        case ("GET", "health"):
            return .json(
                200,
                [
                    "status": "ok", "scenarios": .number(Double(core.registry.scenarioCount)),
                    "journal": .number(Double(core.journal.count)),
                    "connections": .number(Double(core.openConnections)),
                ])
        case ("POST", "scenarios"):
            return loadScenarios(request)
        case ("POST", "keys"):
            return mapKey(request)
        case ("POST", "reset"):
            core.reset()
            return .json(200, ["status": "reset"])
        case ("GET", "journal"):
            return journal(request)
        case ("GET", "lateness"):
            return lateness(request)
        case ("GET", "journal.har"):
            return journalHAR(request)
        case ("GET", "runs/scenario"):
            return runScenario(request)
        case (_, "health"), (_, "journal"), (_, "lateness"), (_, "journal.har"), (_, "runs/scenario"):
            return .error(405, "Use GET for /__admin/\(name)", headers: [Header("Allow", "GET")])
        case (_, "scenarios"), (_, "keys"), (_, "reset"):
            return .error(405, "Use POST for /__admin/\(name)", headers: [Header("Allow", "POST")])
        default:
            return .error(404, "No such admin endpoint: \(path)")
        }
    }

    private func loadScenarios(_ request: IncomingRequest) -> ResponsePlan {
        let text = String(decoding: request.body, as: UTF8.self)
        switch AdminScenarioParser.parse(text) {
        case .success(let scenarios):
            core.registry.load(scenarios)
            return .json(
                200,
                [
                    "loaded": .array(scenarios.map { .string($0.id) }),
                    "scenarios": .number(Double(core.registry.scenarioCount)),
                ])
        case .failure(let message):
            return .error(400, message.text)
        }
    }

    private func mapKey(_ request: IncomingRequest) -> ResponsePlan {
        guard let body = try? JSONValue.parse(request.body),
            let key = body["key"]?.stringValue, !key.isEmpty,
            let scenario = body["scenario"]?.stringValue
        else {
            return .error(400, #"Admin keys: expected a JSON body {"key": "...", "scenario": "<scenario id>"}"#)
        }
        guard core.registry.mapKey(key, to: scenario) else {
            return .error(404, "Admin keys: no scenario '\(scenario)' is loaded")
        }
        return .json(200, ["key": .string(KeyFingerprint.of(key)), "scenario": .string(scenario)])
    }

    /// `GET /__admin/lateness?from_ms=A&to_ms=B`: the lag probe's samples within A...B (server clock; from 0
    /// and up to now by default), their summary, and the server clock now.
    private func lateness(_ request: IncomingRequest) -> ResponsePlan {
        let now = core.clock.nowMs()
        let query = request.query
        guard let from = AdminAPI.milliseconds(query["from_ms"], default: 0) else {
            return .error(400, "Admin lateness: from_ms must be a number of ms, got '\(query["from_ms"] ?? "")'")
        }
        guard let to = AdminAPI.milliseconds(query["to_ms"], default: now) else {
            return .error(400, "Admin lateness: to_ms must be a number of ms, got '\(query["to_ms"] ?? "")'")
        }
        let samples = core.lateness.withLock { $0.lateness(fromMs: from, toMs: to) }
        let summary = LatenessSummary(samples: samples)
        return .json(
            200,
            [
                "now_ms": .number(now), "from_ms": .number(from), "to_ms": .number(to),
                "summary": [
                    "p50": .number(summary.p50), "p99": .number(summary.p99), "max": .number(summary.max),
                    "count": .number(Double(summary.count)),
                ],
                "samples": .array(samples.map(JSONValue.number)),
            ])
    }

    /// A query parameter as finite milliseconds: `value` when absent, nil when not a number.
    private static func milliseconds(_ text: String?, default value: Double) -> Double? {
        guard let text else { return value }
        guard let ms = Double(text), ms.isFinite else { return nil }
        return ms
    }

    /// `GET /__admin/runs/scenario?key=RAW_KEY` (or `fingerprint=key:…`): what the run was served, as scenario YAML.
    private func runScenario(_ request: IncomingRequest) -> ResponsePlan {
        let query = request.query
        let given = query["key"].map { ("key", $0) } ?? query["fingerprint"].map { ("fingerprint", $0) }
        guard let (name, value) = given, !value.isEmpty else {
            return .error(400, "Admin runs/scenario: expected ?key=RAW_KEY or ?fingerprint=key:XXXXXXXXXXXX")
        }
        if name == "fingerprint", !JournalFilter.isFingerprint(value) {
            return .error(
                400,
                "Admin runs/scenario: fingerprint '\(value)' is not a key fingerprint (expected key: and 12 hex digits)"
            )
        }
        let filter = JournalFilter(key: value)
        let shown = filter.keyFingerprint ?? "?"
        guard let fingerprint = filter.keyFingerprint,
            let recording = RunExport.recording(
                of: core.journal.exportRecords(filter), fingerprint: fingerprint,
                timeScale: core.configuration.timeScale)
        else {
            return .error(404, "Admin runs/scenario: no create or poll of \(shown) is in the journal")
        }
        let comment = "Exported by skillsmock serve: what run \(fingerprint) was served. Delays are measured real ms."
        return .reply(
            .init(
                status: 200, headers: [Header("Content-Type", "application/yaml; charset=utf-8")],
                body: Array(recording.yaml(comment: comment).utf8)))
    }

    /// The journal filter a query names (`key`, `scenario`, `keyless`, `since`), or the 400 explaining why not.
    private func journalFilter(_ request: IncomingRequest, endpoint: String) -> Result<JournalFilter, AdminQueryError> {
        let query = request.query
        var filter = JournalFilter(key: query["key"], scenario: query["scenario"])
        if let keyless = query["keyless"] { filter.keylessOnly = keyless == "true" || keyless == "1" }
        if let since = query["since"] {
            guard let value = Int(since) else {
                return .failure(
                    AdminQueryError(message: "Admin \(endpoint): since must be a whole number, got '\(since)'"))
            }
            filter.sinceSeq = value
        }
        return .success(filter)
    }

    /// `GET /__admin/journal.har?key=…`: the entries the filter keeps as an HTTP Archive (HAR 1.2).
    private func journalHAR(_ request: IncomingRequest) -> ResponsePlan {
        let filter: JournalFilter
        switch journalFilter(request, endpoint: "journal.har") {
        case .success(let value): filter = value
        case .failure(let error): return .error(400, error.message)
        }
        let origin = core.configuration.scheme + "://" + (request.header("Host") ?? "127.0.0.1")
        let clock = HARLog.ClockAnchor(atMs: core.clock.nowMs(), wallClock: Date())
        let document = HARLog.document(entries: core.journal.entries(filter), origin: origin, clock: clock)
        return .reply(
            .init(
                status: 200, headers: [Header("Content-Type", "application/json")],
                body: Array(document.jsonText.utf8)))
    }

    /// `GET /__admin/journal?key=&scenario=&keyless=&since=`: the entries the filter keeps. With
    /// `wait_count=N[&timeout_ms=T]` the answer waits until N of them were answered (200), or T ms passed (408,
    /// with those that were).
    private func journal(_ request: IncomingRequest) -> ResponsePlan {
        let filter: JournalFilter
        switch journalFilter(request, endpoint: "journal") {
        case .success(let value): filter = value
        case .failure(let error): return .error(400, error.message)
        }
        let query = request.query
        guard let waitText = query["wait_count"] else {
            return .reply(AdminAPI.journalReply(core.journal.entries(filter), status: 200))
        }
        guard let count = Int(waitText), count >= 1 else {
            return .error(400, "Admin journal: wait_count must be a whole number of at least 1, got '\(waitText)'")
        }
        guard let timeout = AdminAPI.milliseconds(query["timeout_ms"], default: AdminAPI.defaultWaitMs),
            timeout >= 0, timeout <= AdminAPI.maxWaitMs
        else {
            return .error(
                400,
                "Admin journal: timeout_ms must be a number of ms from 0 to \(Int(AdminAPI.maxWaitMs)), got '\(query["timeout_ms"] ?? "")'"
            )
        }
        return .awaitJournal(.init(filter: filter, count: count, timeoutMs: timeout))
    }

    /// How long `wait_count` waits without a `timeout_ms`, and the longest it may be asked to.
    static let defaultWaitMs = 10_000.0
    static let maxWaitMs = 600_000.0

    /// The journal answer: `{"entries": [...]}` with `status`.
    static func journalReply(_ entries: [JournalEntry], status: Int) -> ResponsePlan.Reply {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(entries) else {
            return .init(
                status: 500, headers: [Header("Content-Type", "application/json")],
                body: Array(#"{"message":"Admin journal: entries could not be encoded"}"#.utf8))
        }
        let body = Array(#"{"entries":"#.utf8) + Array(data) + Array("}".utf8)
        return .init(status: status, headers: [Header("Content-Type", "application/json")], body: body)
    }
}

/// A query parameter of an admin call that cannot be used, with the message the 400 answer carries.
struct AdminQueryError: Error {
    let message: String
}
