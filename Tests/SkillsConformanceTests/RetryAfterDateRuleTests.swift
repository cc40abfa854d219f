import Foundation
import SkillsCore
import SkillsScenario
import Testing

@testable import SkillsConformance

/// RETRY-2 and RETRY-3 read a scripted HTTP-date `Retry-After` as the client does, measured from the run's wall clock.
@Suite struct RetryAfterDateRuleTests {
    /// Sun, 06 Nov 1994 08:49:37 GMT.
    static let date = Date(timeIntervalSince1970: 784_111_777)
    static let header = Header("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT")

    static func busy(_ headers: [Header]) -> Step {
        Step(kind: .response(Response(status: 503, headers: headers, body: .json(["message": "busy"]))))
    }

    static let scenario = J.scenario(create: [
        busy([header]), busy([]),
        Step(kind: .sse(SSEScript(events: [SSEItem(data: .json(["id": "{gen}", "status": "COMPLETED"]))]))),
    ])

    /// The run judged as if it took place `secondsBefore` the scripted date.
    static func record(_ journal: [JournalEntry], secondsBefore: Double) -> RunRecord {
        var record = J.record(journal, output: [J.terminal("COMPLETED", ok: true)], scenario: scenario)
        record.wallClock = date.addingTimeInterval(-secondsBefore)
        return record
    }

    @Test func anHTTPDateCountsAsARetryAfter() {
        #expect(ScenarioFacts.scriptsRetryAfter(Self.scenario))
        #expect(ScenarioFacts.retryAfterMs(Self.scenario.create[0], now: Self.date.addingTimeInterval(-1)) == 1_000)
        #expect(ScenarioFacts.retryAfterMs(Self.scenario.create[0], now: Self.date.addingTimeInterval(9)) == 0)
        let garbage = Self.busy([Header("Retry-After", "Sun, 06 Nov 1994 08:49:37 CET")])
        #expect(!ScenarioFacts.sendsRetryAfter(garbage))
        #expect(ScenarioFacts.retryAfterMs(garbage, now: Self.date) == nil)
    }

    @Test func retry3JudgesTheWaitAnHTTPDateAsksFor() {
        let honoured = [
            J.plainCreate(1, at: 0, status: 503), J.plainCreate(2, at: 1_010, status: 503),
            J.sseCreate(3, at: 1_100, events: [(1_105, J.status("COMPLETED"))]),
        ]
        let pass = judge(.retry3, Self.record(honoured, secondsBefore: 1))
        #expect(pass.verdict == .pass, "\(pass.detail)")
        let hasty = [
            J.plainCreate(1, at: 0, status: 503), J.plainCreate(2, at: 100, status: 503),
            J.sseCreate(3, at: 300, events: [(305, J.status("COMPLETED"))]),
        ]
        let warn = judge(.retry3, Self.record(hasty, secondsBefore: 1))
        #expect(warn.verdict == .warn)
        #expect(warn.detail.contains("Retry-After 998ms"), "measured from the answer 2 ms into the run: \(warn.detail)")
    }

    @Test func anHTTPDateIsMeasuredFromEachAnswersWallClockTime() throws {
        let early = J.plainCreate(1, at: 0, status: 503)
        let late = J.plainCreate(1, at: 700, status: 503)
        var record = Self.record([early], secondsBefore: 1)
        record.clientStartMs = 100  // the wall clock was read 100 ms into the server's clock
        let facts = RunFacts(record: record)
        let earlyWait = try #require(facts.retryAfterMs(early))
        #expect(abs(earlyWait - 1_098) < 0.01, "answered at 2 ms, 98 ms before the wall clock was read: \(earlyWait)")
        let lateWait = try #require(facts.retryAfterMs(late))
        #expect(abs(lateWait - 398) < 0.01, "answered at 702 ms: \(lateWait)")
        #expect(facts.wallClockTime(ofServerMs: 1_100) == Self.date)
    }

    @Test func theGapAfterAnHTTPDateWaitMustGrowFromIt() {
        // 1 s for the date counts as the gap before: a 68 ms backoff after it is not growth (cap 800 ms here).
        let journal = [
            J.plainCreate(1, at: 0, status: 503), J.plainCreate(2, at: 1_010, status: 503),
            J.sseCreate(3, at: 1_080, events: [(1_085, J.status("COMPLETED"))]),
        ]
        let result = judge(.retry2, Self.record(journal, secondsBefore: 1))
        #expect(result.verdict == .fail, "\(result.detail)")
        let grown = [
            J.plainCreate(1, at: 0, status: 503), J.plainCreate(2, at: 1_010, status: 503),
            J.sseCreate(3, at: 1_012 + 780, events: [(1_800, J.status("COMPLETED"))]),
        ]
        let capped = judge(.retry2, Self.record(grown, secondsBefore: 1))
        #expect(capped.verdict == .pass, "\(capped.detail)")
    }

    @Test func theHardDeadlineBudgetsForAnHTTPDateWait() {
        let before = ConformanceRunner.hardDeadline(
            for: Self.scenario, timings: J.timings, margin: .zero, now: Self.date.addingTimeInterval(-30))
        let after = ConformanceRunner.hardDeadline(
            for: Self.scenario, timings: J.timings, margin: .zero, now: Self.date.addingTimeInterval(30))
        #expect(before - after == .seconds(60), "twice the 30 s the date asks for")
    }
}
