import SkillsCore
import SkillsScenario
import Testing

@testable import SkillsConformance

/// One passing and one failing case per rule, over journals built in code.
@Suite struct RuleTests {
    /// A stream that drops after IN_PROGRESS, then polls to COMPLETED 110 ms apart: a correct run.
    static let fallbackJournal: [JournalEntry] = [
        J.sseCreate(
            1, at: 0, events: [(5, J.status("IN_QUEUE")), (10, J.status("IN_PROGRESS"))], end: .reset, endedAt: 12),
        J.poll(2, at: 20, body: J.status("IN_PROGRESS")),
        J.poll(3, at: 130, body: J.status("COMPLETED")),
    ]
    static let good = J.record(fallbackJournal, output: [J.terminal("COMPLETED", ok: true)], exit: 0, endMs: 140)

    @Test func correctFallbackRunPassesEverySpecRule() {
        let results = RuleBook.judge(Self.good)
        #expect(!results.contains { $0.verdict == .fail }, "\(results.filter { $0.verdict == .fail })")
        for id in [RuleID.term1, .term2, .sse1, .fall1, .fall2, .poll1, .auth1, .sec1, .exit1] {
            #expect(results.verdict(id) == .pass, "\(id)")
        }
    }

    @Test func term1FailsWithoutFinalAnswerOrWithNonTerminalStatus() {
        #expect(
            judge(.term1, J.record(Self.fallbackJournal, output: ["{\"event\":\"poll\"}", "not json"], exit: 3)).verdict
                == .fail)
        #expect(
            judge(.term1, J.record(Self.fallbackJournal, output: [J.terminal("IN_PROGRESS", ok: true)])).verdict
                == .fail)
        #expect(judge(.term1, J.record([], output: [J.error("transient")], exit: 24)).verdict == .pass)
        #expect(judge(.term1, J.record([], output: [J.timeout], exit: 11)).verdict == .pass)
    }

    @Test func term2FailsOnUnservedStatusOrWrongOk() {
        #expect(judge(.term2, Self.good).verdict == .pass)
        let unserved = judge(
            .term2, J.record(Self.fallbackJournal, output: [J.terminal("FAILED", ok: false)], exit: 10))
        #expect(unserved.verdict == .fail)
        #expect(unserved.detail.contains("served: COMPLETED"))
        #expect(
            judge(.term2, J.record(Self.fallbackJournal, output: [J.terminal("COMPLETED", ok: false)])).verdict == .fail
        )
        // A half event at the end of a stream is not served: it does not count.
        let truncated = [J.sseCreate(1, at: 0, events: [(5, J.status("IN_PROGRESS"))], end: .truncate)]
        #expect(judge(.term2, J.record(truncated, output: [J.terminal("COMPLETED", ok: true)])).verdict == .fail)
        #expect(judge(.term2, J.record([], output: [J.timeout])).verdict == .info)
        // A non-terminal status fails the same way whatever the server got to serve before the client left.
        let early = judge(.term2, J.record(truncated, output: [J.terminal("IN_PROGRESS", ok: false)]))
        let late = judge(.term2, J.record(Self.fallbackJournal, output: [J.terminal("IN_PROGRESS", ok: false)]))
        #expect(early.verdict == .fail && late.verdict == .fail)
        #expect(early.detail == late.detail, "\(early.detail) / \(late.detail)")
        #expect(early.detail.contains("IN_PROGRESS, which is not terminal"))
    }

    @Test func sse1NeedsTheSSEEndpointWithAccept() {
        #expect(judge(.sse1, Self.good).verdict == .pass)
        let noAccept = [J.sseCreate(1, at: 0, events: [], accept: nil)]
        #expect(judge(.sse1, J.record(noAccept, output: [])).verdict == .fail)
        let plain = [J.plainCreate(1, at: 0, status: 200, body: J.status("IN_QUEUE"), kind: .createPoll)]
        #expect(judge(.sse1, J.record(plain, output: [])).verdict == .fail)
        #expect(judge(.sse1, J.record([], output: [])).verdict == .fail)
        #expect(judge(.sse1, J.record([], output: [], key: nil)).verdict == .info)
    }

    @Test func fall1NeedsAPollOfTheIdSeen() {
        #expect(judge(.fall1, Self.good).verdict == .pass)
        let stopped = [Self.fallbackJournal[0]]
        let result = judge(.fall1, J.record(stopped, output: ["{\"event\":\"sse_stream_ended\"}"], exit: 3))
        #expect(result.verdict == .fail)
        #expect(result.detail.contains("GET /generation/gen_demo_1"))
        let wrongID = [Self.fallbackJournal[0], J.poll(2, at: 20, body: J.status("COMPLETED"), id: "other")]
        #expect(judge(.fall1, J.record(wrongID, output: [])).verdict == .fail)
        let terminalInStream = [J.sseCreate(1, at: 0, events: [(5, J.status("COMPLETED"))])]
        #expect(judge(.fall1, J.record(terminalInStream, output: [J.terminal("COMPLETED", ok: true)])).verdict == .info)
    }

    @Test func fall2FailsOnASecondCreateAfterAnId() {
        #expect(judge(.fall2, Self.good).verdict == .pass)
        let again = [Self.fallbackJournal[0], J.sseCreate(2, at: 30, events: [(35, J.status("COMPLETED"))])]
        #expect(judge(.fall2, J.record(again, output: [J.terminal("COMPLETED", ok: true)])).verdict == .fail)
        // Retrying a create that never gave an id is not FALL-2's business.
        let retried = [
            J.plainCreate(1, at: 0, status: 503), J.sseCreate(2, at: 60, events: [(65, J.status("COMPLETED"))]),
        ]
        #expect(judge(.fall2, J.record(retried, output: [J.terminal("COMPLETED", ok: true)])).verdict == .pass)
    }

    @Test func poll1FailsOnShortGapsAndPollsAfterTerminal() {
        #expect(judge(.poll1, Self.good).verdict == .pass)
        let hasty = [
            Self.fallbackJournal[0], J.poll(2, at: 20, body: J.status("IN_PROGRESS")),
            J.poll(3, at: 60, body: J.status("COMPLETED")),
        ]
        let result = judge(.poll1, J.record(hasty, output: [J.terminal("COMPLETED", ok: true)]))
        #expect(result.verdict == .fail)
        #expect(result.detail.contains("40ms"))
        let beyond = Self.fallbackJournal + [J.poll(4, at: 240, body: J.status("COMPLETED"))]
        #expect(judge(.poll1, J.record(beyond, output: [J.terminal("COMPLETED", ok: true)])).verdict == .fail)
        // A gap after a transient answer is a retry gap, judged by RETRY-2 instead.
        let retry = [
            Self.fallbackJournal[0], J.poll(2, at: 20, status: 503, body: "{}"),
            J.poll(3, at: 75, body: J.status("COMPLETED")),
        ]
        #expect(judge(.poll1, J.record(retry, output: [J.terminal("COMPLETED", ok: true)])).verdict == .pass)
    }

    @Test func poll2WantsATimeoutInTime() {
        let forever =
            [Self.fallbackJournal[0]]
            + (0..<8).map { J.poll(2 + $0, at: 20 + Double($0) * 110, body: J.status("IN_PROGRESS")) }
        #expect(judge(.poll2, J.record(forever, output: [J.timeout], exit: 11, endMs: 1100)).verdict == .pass)
        #expect(
            judge(.poll2, J.record(forever, output: [J.terminal("IN_PROGRESS", ok: false)], exit: 0, endMs: 1100))
                .verdict == .fail)
        let late = judge(.poll2, J.record(forever, output: [J.timeout], exit: 11, endMs: 5000))
        #expect(late.verdict == .fail)
        #expect(late.detail.contains("1.6s") || late.detail.contains("1600ms"))
        #expect(judge(.poll2, J.record(forever, output: [], exit: nil, killed: true)).verdict == .fail)
        #expect(judge(.poll2, Self.good).verdict == .info)
    }

    @Test func retry1FailsWhenAFinalErrorIsRepeated() {
        let once = [J.plainCreate(1, at: 0, status: 402, body: "{\"message\":\"Insufficient credits\"}")]
        #expect(judge(.retry1, J.record(once, output: [J.error("insufficient_credits")], exit: 20)).verdict == .pass)
        let twice = once + [J.plainCreate(2, at: 60, status: 402, body: "{\"message\":\"Insufficient credits\"}")]
        #expect(judge(.retry1, J.record(twice, output: [J.error("insufficient_credits")], exit: 20)).verdict == .fail)
        #expect(judge(.retry1, Self.good).verdict == .info)
    }

    @Test func retry2JudgesGrowthOfGapsAndGivingUp() {
        // Failures end at t+2; gaps 50, 100, 200 then success.
        let growing = [
            J.plainCreate(1, at: 0, status: 503), J.plainCreate(2, at: 52, status: 503),
            J.plainCreate(3, at: 154, status: 429), J.sseCreate(4, at: 356, events: [(360, J.status("COMPLETED"))]),
        ]
        let pass = judge(.retry2, J.record(growing, output: [J.terminal("COMPLETED", ok: true)]))
        #expect(pass.verdict == .pass)
        #expect(pass.detail.contains("50ms, 100ms, 200ms"))
        let flat = [
            J.plainCreate(1, at: 0, status: 503), J.plainCreate(2, at: 52, status: 503),
            J.plainCreate(3, at: 104, status: 503), J.sseCreate(4, at: 156, events: [(160, J.status("COMPLETED"))]),
        ]
        let fail = judge(.retry2, J.record(flat, output: [J.terminal("COMPLETED", ok: true)]))
        #expect(fail.verdict == .fail)
        #expect(fail.detail.contains("50ms, 50ms, 50ms"))
        let noRetry = [J.plainCreate(1, at: 0, status: 503)]
        #expect(judge(.retry2, J.record(noRetry, output: [J.error("transient")], exit: 24)).verdict == .fail)
        let reset = [J.plainCreate(1, at: 0, status: nil, end: .faultReset)]
        #expect(judge(.retry2, J.record(reset, output: [J.error("transient")], exit: 24)).verdict == .fail)
        let gaveUp = growing.dropLast().map { $0 }
        #expect(judge(.retry2, J.record(gaveUp, output: [J.error("transient")], exit: 24)).verdict == .pass)
        #expect(judge(.retry2, J.record(gaveUp, output: [J.error("unknown")], exit: 25)).verdict == .fail)
        let tooLong = [
            J.plainCreate(1, at: 0, status: 503), J.plainCreate(2, at: 52, status: 503),
            J.sseCreate(3, at: 554, events: [(560, J.status("COMPLETED"))]),
        ]
        #expect(judge(.retry2, J.record(tooLong, output: [J.terminal("COMPLETED", ok: true)])).verdict == .warn)
        #expect(judge(.retry2, Self.good).verdict == .info)
    }

    static let retryAfterScenario = J.scenario(create: [
        Step(
            kind: .response(
                Response(status: 503, headers: [Header("Retry-After", "1")], body: .json(["message": "busy"])))),
        Step(kind: .sse(SSEScript(events: [SSEItem(data: .json(["id": "{gen}", "status": "COMPLETED"]))]))),
    ])

    @Test func retry3WarnsWhenRetryAfterIsCutShort() {
        let honoured = [
            J.plainCreate(1, at: 0, status: 503), J.sseCreate(2, at: 1010, events: [(1015, J.status("COMPLETED"))]),
        ]
        let pass = judge(
            .retry3, J.record(honoured, output: [J.terminal("COMPLETED", ok: true)], scenario: Self.retryAfterScenario))
        #expect(pass.verdict == .pass)
        let hasty = [
            J.plainCreate(1, at: 0, status: 503), J.sseCreate(2, at: 100, events: [(105, J.status("COMPLETED"))]),
        ]
        let warn = judge(
            .retry3, J.record(hasty, output: [J.terminal("COMPLETED", ok: true)], scenario: Self.retryAfterScenario))
        #expect(warn.verdict == .warn)
        #expect(warn.detail.contains("98ms"))
        #expect(judge(.retry3, Self.good).verdict == .info)
    }

    @Test func class1ComparesWithTheSeedTableOnTheLastNon2xxAnswer() {
        let credits = [
            J.sseCreate(1, at: 0, events: [(5, J.status("IN_PROGRESS"))], end: .close),
            J.poll(2, at: 20, status: 402, body: "{\"message\":\"Insufficient credits\"}"),
        ]
        #expect(judge(.class1, J.record(credits, output: [J.error("insufficient_credits")], exit: 20)).verdict == .pass)
        let wrong = judge(.class1, J.record(credits, output: [J.error("unknown")], exit: 25))
        #expect(wrong.verdict == .fail)
        #expect(wrong.detail.contains("insufficient_credits"))
        #expect(
            judge(.class1, J.record(credits, output: ["{\"event\":\"error\",\"error\":\"boom\"}"], exit: 3)).verdict
                == .fail)
        // The profile's classifier fills in a missing category.
        #expect(
            judge(.class1, J.record(credits, output: [], exit: 12, classified: "insufficient_credits")).verdict == .pass
        )
        #expect(judge(.class1, Self.good).verdict == .info)
    }

    @Test func auth1NeedsTheBearerKeyOnEveryRequest() {
        #expect(judge(.auth1, Self.good).verdict == .pass)
        let stray = Self.fallbackJournal + [J.poll(4, at: 240, body: J.status("COMPLETED"), key: nil)]
        let result = judge(.auth1, J.record(stray, output: [J.terminal("COMPLETED", ok: true)]))
        #expect(result.verdict == .fail)
        #expect(result.detail.contains("no Authorization header"))
    }

    @Test func auth2WantsNoRequestAndGuidance() {
        let absent = J.scenario(absent: true)
        let guidance =
            "{\"event\":\"error\",\"error\":\"missing_api_key\",\"message\":\"Set SKILLS_VIDEO_API_KEY first.\"}"
        #expect(judge(.auth2, J.record([], output: [guidance], exit: 1, scenario: absent, key: nil)).verdict == .pass)
        let request = [J.plainCreate(1, at: 0, status: 401, key: nil)]
        #expect(
            judge(.auth2, J.record(request, output: [guidance], exit: 1, scenario: absent, key: nil)).verdict == .fail)
        let silent = "{\"event\":\"error\",\"error\":\"missing_api_key\"}"
        #expect(judge(.auth2, J.record([], output: [silent], exit: 1, scenario: absent, key: nil)).verdict == .fail)
        #expect(judge(.auth2, Self.good).verdict == .info)
    }

    @Test func sec1FailsWhenTheKeyIsPrinted() {
        #expect(judge(.sec1, Self.good).verdict == .pass)
        let leaky = J.record(
            Self.fallbackJournal,
            output: ["{\"event\":\"start\",\"key\":\"\(J.key)\"}", J.terminal("COMPLETED", ok: true)])
        let result = judge(.sec1, leaky)
        #expect(result.verdict == .fail)
        #expect(!result.detail.contains(J.key))
    }

    @Test func exit1FollowsTheSeedConvention() {
        #expect(judge(.exit1, Self.good).verdict == .pass)
        #expect(
            judge(.exit1, J.record(Self.fallbackJournal, output: [J.terminal("COMPLETED", ok: true)], exit: 1)).verdict
                == .fail)
        #expect(judge(.exit1, J.record([], output: [J.timeout], exit: 0)).verdict == .fail)
        #expect(judge(.exit1, J.record([], output: [J.error("auth")], exit: 21)).verdict == .pass)
        #expect(judge(.exit1, J.record([], output: [J.timeout], exit: 0, convention: .none)).verdict == .info)
    }

    @Test func expectationsAreRulesOfTheirOwn() {
        let scenario = J.scenario(
            expect: Expectation(
                outcome: "COMPLETED", exit: 0, creates: CountCheck(.eq, 1),
                polls: CountCheck(.ge, 3)))
        let record = J.record(
            Self.fallbackJournal, output: [J.terminal("COMPLETED", ok: true)], exit: 0, scenario: scenario)
        let results = RuleBook.judge(record)
        #expect(results.verdict(.expectOutcome) == .pass)
        #expect(results.verdict(.expectExit) == .pass)
        #expect(results.verdict(.expectCreates) == .pass)
        #expect(results.verdict(.expectPolls) == .fail)
        let wrong = J.record(
            Self.fallbackJournal, output: [J.terminal("cancelled", ok: false)], exit: 10, scenario: scenario)
        #expect(judge(.expectOutcome, wrong).verdict == .fail)
        #expect(judge(.expectExit, wrong).verdict == .fail)
        #expect(judge(.expectPolls, Self.good).verdict == .info)
    }

    @Test func everyFailureQuotesTheRequirement() {
        let bad = J.record([J.plainCreate(1, at: 0, status: 503)], output: ["{\"k\":\"\(J.key)\"}"], exit: 7)
        for result in RuleBook.judge(bad) where result.verdict == .fail {
            #expect(result.detail.contains(result.id.requirement), "\(result.id)")
            #expect(result.detail.contains("expected:") && result.detail.contains("actual:"), "\(result.id)")
        }
    }
}

extension RuleTests {
    @Test func term2FailsWhenTheTerminalNamesAnotherId() {
        let other =
            "{\"event\":\"terminal\",\"status\":\"COMPLETED\",\"ok\":true,\"generation_id\":\"gen_someone_else\"}"
        let result = judge(.term2, J.record(Self.fallbackJournal, output: [other]))
        #expect(result.verdict == .fail)
        #expect(result.detail.contains("gen_someone_else"))
        let own = "{\"event\":\"terminal\",\"status\":\"COMPLETED\",\"ok\":true,\"generation_id\":\"\(J.gen)\"}"
        #expect(judge(.term2, J.record(Self.fallbackJournal, output: [own])).verdict == .pass)
    }
}
