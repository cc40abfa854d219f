/// The stable rule ids of SPEC 6, plus the scenario's own `EXPECT-*` checks.
public enum RuleID: String, Sendable, CaseIterable, Codable, Hashable {
    case term1 = "TERM-1"
    case term2 = "TERM-2"
    case sse1 = "SSE-1"
    case fall1 = "FALL-1"
    case fall2 = "FALL-2"
    case poll1 = "POLL-1"
    case poll2 = "POLL-2"
    case retry1 = "RETRY-1"
    case retry2 = "RETRY-2"
    case retry3 = "RETRY-3"
    case class1 = "CLASS-1"
    case auth1 = "AUTH-1"
    case auth2 = "AUTH-2"
    case sec1 = "SEC-1"
    case exit1 = "EXIT-1"
    case expectOutcome = "EXPECT-outcome"
    case expectExit = "EXPECT-exit"
    case expectCreates = "EXPECT-creates"
    case expectPolls = "EXPECT-polls"
    /// Not a rule of the client: the fake could not keep time, so the run's timing was not judged (SPEC 6).
    case timing0 = "TIMING-0"

    /// The SPEC 6 rules (without the scenario's `EXPECT-*` checks), in table order.
    public static let specRules: [RuleID] = allCases.filter { !$0.isExpectation && $0 != .timing0 }

    /// Whether this id is one of the scenario's own `expect:` checks.
    public var isExpectation: Bool { rawValue.hasPrefix("EXPECT-") }

    /// The requirement, word for word as SPEC 6 states it (quoted in every failure).
    public var requirement: String {
        switch self {
        case .term1:
            return
                "The client's final answer is terminal (or an error category, or a timeout): never IN_QUEUE, IN_PROGRESS, starting, processing."
        case .term2:
            return
                "The terminal status reported is the one the server served for that id; success only for COMPLETED/SUCCEEDED."
        case .sse1:
            return "The first create goes to the SSE endpoint with `Accept: text/event-stream`."
        case .fall1:
            return
                "When the stream ends, breaks or stays silent without a terminal event and an id was seen, the client polls `GET /generation/{that id}`."
        case .fall2:
            return "Never a second create once the server issued a generation id for this run."
        case .poll1:
            return "Polls are spaced by at least the configured interval; polling stops at the first terminal answer."
        case .poll2:
            return "The poll timeout is honoured: the client stops and reports a timeout, not a non-terminal status."
        case .retry1:
            return "After 400, 401, 402, 404 or 422 the same call is not repeated."
        case .retry2:
            return
                "Transient failures (429, 5xx, reset, refused, timeout) are retried with bounded exponential backoff: each gap about twice the last, capped, a bounded number of tries, then `transient`."
        case .retry3:
            return "`Retry-After` is honoured when present (warn if not)."
        case .class1:
            return
                "Error outcomes carry the seed's category: 402 or credit keywords → insufficient_credits; 401 or \"unauthorized\" → auth; 422 or \"validation\" → validation; 404 → not_found; 429/5xx → transient; else unknown."
        case .auth1:
            return "Every request carries `Authorization: Bearer <key>`."
        case .auth2:
            return "With no key the client makes no request and prints setup guidance."
        case .sec1:
            return "The key never appears in the client's output."
        case .exit1:
            return "The exit code matches the outcome (section 4)."
        case .expectOutcome:
            return "The client ends with the outcome the scenario's `expect.outcome` names."
        case .expectExit:
            return "The client exits with the code the scenario's `expect.exit` names."
        case .expectCreates:
            return "The run's requests to the create endpoints match the scenario's `expect.creates`."
        case .expectPolls:
            return "The run's requests to `GET /generation/{id}` match the scenario's `expect.polls`."
        case .timing0:
            return
                "The fake keeps time: it sent its scripted events and delays, and read arrivals, within 25 % of the smallest gap a timing rule judged (else the run is re-run at 4 × the time scale)."
        }
    }
}
