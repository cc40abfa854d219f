import SkillsCore
import SkillsScenario
import Testing

@testable import SkillsConformance

/// What counts as served: the journal's events (raw bytes included), and the last event before a reset.
@Suite struct ServedEventTests {
    static let rawScenario = J.scenario(create: [
        Step(
            kind: .sse(
                SSEScript(
                    events: [
                        SSEItem(
                            delayMs: 20,
                            raw: Array("event: status\rdata: {\"id\": \"{gen}\", \"status\": \"IN_PROGRESS\"}\r\r".utf8)
                        ),
                        SSEItem(
                            delayMs: 20, raw: Array("data: {\"id\": \"{gen}\", \"status\": \"COMPLETED\"}\n\n".utf8)),
                    ], end: .complete)))
    ])

    @Test func rawStreamsCountTheEventsTheServerJournaled() {
        // The server parses raw bytes as a client would and journals what it dispatched; the rules take that.
        let journal = [
            J.sseCreate(
                1, at: 0, events: [(21, J.status("IN_PROGRESS")), (41, J.status("COMPLETED"))],
                end: .complete, endedAt: 50)
        ]
        let record = J.record(journal, output: [J.terminal("COMPLETED", ok: true)], scenario: Self.rawScenario)
        #expect(RunFacts(record: record).servedStatuses.map(\.status) == ["IN_PROGRESS", "COMPLETED"])
        #expect(judge(.term2, record).verdict == .pass)
        #expect(judge(.fall1, record).verdict == .info)
    }

    @Test func scriptedRawEventsTheJournalLacksWereNotServed() {
        // The stream closed after the first raw event: the script's second one never went out.
        let journal = [J.sseCreate(1, at: 0, events: [(21, J.status("IN_PROGRESS"))], end: .close, endedAt: 22)]
        let record = J.record(journal, output: [J.terminal("COMPLETED", ok: true)], scenario: Self.rawScenario)
        #expect(RunFacts(record: record).servedStatuses.map(\.status) == ["IN_PROGRESS"])
        #expect(judge(.term2, record).verdict == .fail)
    }

    @Test func everyEventServedBeforeAResetCounts() {
        // The server holds a reset 25 ms after its last bytes, so an id in the very last event was seen:
        // a create after it breaks FALL-2, and not polling it breaks FALL-1. No allowance remains.
        let last = [
            J.sseCreate(
                1, at: 0, events: [(5, "{\"status\":\"IN_QUEUE\"}"), (10, J.status("IN_PROGRESS"))], end: .reset,
                endedAt: 35),
            J.sseCreate(2, at: 60, events: [(65, J.status("COMPLETED"))]),
        ]
        let record = J.record(last, output: [J.terminal("COMPLETED", ok: true)])
        #expect(judge(.fall2, record).verdict == .fail)
        #expect(judge(.fall1, record).verdict == .fail)
        let polled = [
            J.sseCreate(
                1, at: 0, events: [(5, "{\"status\":\"IN_QUEUE\"}"), (10, J.status("IN_PROGRESS"))], end: .reset,
                endedAt: 35),
            J.poll(2, at: 40, body: J.status("COMPLETED")),
        ]
        #expect(judge(.fall1, J.record(polled, output: [J.terminal("COMPLETED", ok: true)])).verdict == .pass)
    }

    @Test func creditWordsOnA5xxAreNotTransient() {
        let answer = J.plainCreate(1, at: 0, status: 500, body: "{\"message\":\"credit balance exhausted\"}")
        let record = J.record([answer], output: [J.error("insufficient_credits")], exit: 20)
        #expect(!RunFacts(record: record).isTransientFailure(answer))
        #expect(judge(.retry2, record).verdict == .info)
        #expect(judge(.class1, record).verdict == .pass)
    }
}
