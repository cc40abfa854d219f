import SkillsCore
import SkillsScenario

/// Small scenarios built in code for the runner's end-to-end tests (independent of the catalogue).
enum TestScenarios {
    static func event(_ status: String, delay: Double = 20) -> SSEItem {
        SSEItem(delayMs: delay, data: .json(["id": "{gen}", "status": .string(status)]))
    }

    static func stream(_ statuses: [String], end: StreamEnd) -> Step {
        Step(kind: .sse(SSEScript(events: statuses.map { event($0) }, end: end)))
    }

    static func answer(_ status: Int, _ body: JSONValue, headers: [Header] = []) -> Step {
        Step(kind: .response(Response(status: status, headers: headers, body: .json(body))))
    }

    static func polled(_ status: String) -> Step { answer(200, ["id": "{gen}", "status": .string(status)]) }

    /// Drops after IN_PROGRESS; polls reach COMPLETED on the fourth answer.
    static let fallback = Scenario(
        id: "t.fallback", title: "stream drops after IN_PROGRESS; polling reaches COMPLETED",
        create: [stream(["IN_QUEUE", "IN_PROGRESS"], end: .reset)],
        poll: [polled("IN_PROGRESS"), polled("IN_PROGRESS"), polled("IN_PROGRESS"), polled("COMPLETED")],
        expect: Expectation(outcome: "COMPLETED", exit: 0, creates: CountCheck(.eq, 1), polls: CountCheck(.ge, 4)))

    /// Polling ends FAILED.
    static let failed = Scenario(
        id: "t.failed", title: "stream closes; polling reaches FAILED",
        create: [stream(["IN_PROGRESS"], end: .close)], poll: [polled("IN_PROGRESS"), polled("FAILED")],
        expect: Expectation(outcome: "FAILED", exit: 10))

    /// Polling never ends.
    static let forever = Scenario(
        id: "t.forever", title: "polling never reaches a terminal state",
        create: [stream(["IN_PROGRESS"], end: .close)], poll: [polled("IN_PROGRESS")],
        client: ClientSettings(pollTimeoutMs: 4000), expect: Expectation(outcome: "timeout", exit: 11))

    /// Out of credits at create.
    static let credits = Scenario(
        id: "t.credits", title: "402 insufficient credits at create",
        create: [answer(402, ["message": "Insufficient credits: please recharge"])],
        expect: Expectation(outcome: "insufficient_credits", exit: 20, creates: CountCheck(.eq, 1)))

    /// Three 503s, then the stream completes.
    static let busy = Scenario(
        id: "t.busy", title: "three 503 answers, then success",
        create: [
            answer(503, ["message": "upstream busy"]), answer(503, ["message": "upstream busy"]),
            answer(503, ["message": "upstream busy"]), stream(["IN_PROGRESS", "COMPLETED"], end: .complete),
        ],
        expect: Expectation(outcome: "COMPLETED", exit: 0, creates: CountCheck(.eq, 4)))

    /// 429 with Retry-After: 2 (runs at scale 1), then success.
    static let retryAfter = Scenario(
        id: "t.retry-after", title: "429 with Retry-After, then success",
        create: [
            answer(429, ["message": "slow down"], headers: [Header("Retry-After", "2")]),
            stream(["COMPLETED"], end: .complete),
        ],
        expect: Expectation(outcome: "COMPLETED", exit: 0, creates: CountCheck(.eq, 2)))

    /// The first create stream closes before any event (no id), then the stream completes.
    static let breakBeforeID = Scenario(
        id: "t.break-before-id", title: "a create stream closes before any id, then success",
        create: [stream([], end: .close), stream(["IN_PROGRESS", "COMPLETED"], end: .complete)],
        expect: Expectation(outcome: "COMPLETED", exit: 0, creates: CountCheck(.eq, 2)))

    /// No key at all.
    static let noKey = Scenario(
        id: "t.no-key", title: "no API key: guidance, no request",
        create: [stream(["COMPLETED"], end: .complete)],
        client: ClientSettings(apiKeyAbsent: true),
        expect: Expectation(outcome: "missing_key", exit: 1, creates: CountCheck(.eq, 0)))

    static let all = [fallback, failed, forever, credits, busy, retryAfter, breakBeforeID, noKey]
}
