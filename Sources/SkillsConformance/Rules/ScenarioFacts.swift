import Foundation
import SkillsCore
import SkillsScenario

/// What a scenario's script offers a client, read statically (no run needed).
enum ScenarioFacts {
    /// Statuses after which the same call must not be repeated (RETRY-1).
    static let finalErrorStatuses: Set<Int> = [400, 401, 402, 404, 422]

    /// Whether an HTTP status is a transient failure (429 or 5xx).
    static func isTransientStatus(_ status: Int) -> Bool { status == 429 || status >= 500 }

    /// Every step of the scenario, creates first.
    static func allSteps(_ scenario: Scenario) -> [Step] { scenario.create + scenario.poll }

    /// The `Retry-After` header a step sends, parsed as the client parses it (seconds or HTTP-date), when it sends one.
    ///
    /// `now` resolves time templates (`{now+3s}` as sent at `now`) and an obsolete RFC 850 date's two-digit year;
    /// whether a value parses never depends on it.
    static func retryAfter(_ step: Step, now: Date) -> RetryAfter? {
        let headers: [Header]
        switch step.kind {
        case .response(let r): headers = r.headers
        case .sse(let s): headers = s.headers
        case .fault: return nil
        }
        return RetryAfter.parse(
            headers.value(named: "Retry-After").map { TimeTemplate.substitute($0, now: now) }, now: now)
    }

    /// The wait a step's `Retry-After` asks for when seen at `now`, in milliseconds (a past date is 0), when it sends one.
    static func retryAfterMs(_ step: Step, now: Date) -> Double? {
        retryAfter(step, now: now).map { $0.delay(now: now) * 1000 }
    }

    /// Whether a step sends a `Retry-After` the client understands (seconds or HTTP-date).
    static func sendsRetryAfter(_ step: Step) -> Bool {
        retryAfter(step, now: Date()) != nil
    }

    /// Whether any step sends a `Retry-After` header (such scenarios run at scale 1).
    static func scriptsRetryAfter(_ scenario: Scenario) -> Bool {
        allSteps(scenario).contains(where: sendsRetryAfter)
    }

    /// The HTTP status a step answers with; nil for a fault.
    static func httpStatus(_ step: Step) -> Int? {
        switch step.kind {
        case .response(let r): return r.status
        case .sse(let s): return s.status
        case .fault: return nil
        }
    }

    /// Whether a step is a transient failure: a fault before the answer, or an answer the seed's table calls transient.
    static func isTransient(_ step: Step) -> Bool {
        switch step.kind {
        case .fault: return true
        case .response(let r):
            guard !(200..<300).contains(r.status) else { return false }
            let text: String
            switch r.body {
            case .json(let v)?: text = v.jsonText
            case .text(let t)?: text = t
            case nil: text = ""
            }
            return ErrorClassifier.classify(status: r.status, body: text) == .transient
        case .sse(let s):
            if isTransientStatus(s.status) { return true }
            // A stream that breaks before it served any id is a transient failure of the create.
            return (200..<300).contains(s.status) && s.end != .complete && !servesID(step)
        }
    }

    /// The payloads a step serves: its JSON body, or the data of each SSE event the stream completes.
    static func servedPayloads(_ step: Step) -> [JSONValue] {
        switch step.kind {
        case .fault: return []
        case .response(let r):
            guard (200..<300).contains(r.status), let body = r.body else { return [] }
            return [payload(body)].compactMap { $0 }
        case .sse(let s):
            guard (200..<300).contains(s.status) else { return [] }
            var items = s.events.filter { $0.data != nil }
            if s.end == .truncate, !items.isEmpty { items.removeLast() }
            return items.compactMap { $0.data.flatMap(payload) }
        }
    }

    /// A body as JSON (text bodies parsed when they are JSON).
    static func payload(_ body: Body) -> JSONValue? {
        switch body {
        case .json(let v): return v
        case .text(let t): return JSONValue.parseOrText(t)
        }
    }

    /// Whether a step serves a terminal status.
    static func servesTerminal(_ step: Step) -> Bool {
        servedPayloads(step).contains { p in
            GenerationStatus.findStatus(in: p).map { GenerationStatus.isTerminal($0.value) } ?? false
        }
    }

    /// Whether a step serves a generation id.
    static func servesID(_ step: Step) -> Bool {
        return servedPayloads(step).contains { GenerationStatus.findID(in: $0) != nil }
    }

    /// Whether a create step leaves the client without a terminal answer but with an id (it must poll).
    static func requiresPolling(_ step: Step) -> Bool {
        servesID(step) && !servesTerminal(step)
    }

    /// Whether the step can keep a client waiting (hang, silent fault).
    static func canHang(_ step: Step) -> Bool {
        switch step.kind {
        case .fault(let f): return f == .silent
        case .sse(let s): return s.end == .hang
        case .response: return false
        }
    }
}
