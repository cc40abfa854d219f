import SkillsConformance
import SkillsCore
import SkillsScenario
import Testing

/// What counts as served: events rebuilt from raw bytes, and the last event before a reset.
@Suite struct ServedEventTests {
    static let rawScenario = J.scenario(create: [Step(kind: .sse(SSEScript(events: [
        SSEItem(delayMs: 20, raw: Array("event: status\rdata: {\"id\": \"{gen}\", \"status\": \"IN_PROGRESS\"}\r\r".utf8)),
        SSEItem(delayMs: 20, raw: Array("data: {\"id\": \"{gen}\", \"status\": \"COMPLETED\"}\n\n".utf8)),
    ], end: .complete)))])

    @Test func rawStreamsAreReplayedThroughAParser() {
        // The journal has no events for raw items; the rules rebuild them from the script.
        let journal = [J.sseCreate(1, at: 0, events: [], end: .complete, endedAt: 50)]
        let record = J.record(journal, output: [J.terminal("COMPLETED", ok: true)], scenario: Self.rawScenario)
        let facts = RunFacts(record: record)
        #expect(facts.servedEvents[1]?.map(\.data) == ["{\"id\": \"\(J.gen)\", \"status\": \"IN_PROGRESS\"}",
                                                       "{\"id\": \"\(J.gen)\", \"status\": \"COMPLETED\"}"])
        #expect(judge(.term2, record).verdict == .pass)
        #expect(judge(.fall1, record).verdict == .info)
    }

    @Test func rawEventsAfterTheEntryEndedWereNotServed() {
        // Answered at 1 ms; scaled delays (scale 0.05) put the raw events at 2 and 3 ms; the stream ended at 1.5 ms.
        let journal = [J.sseCreate(1, at: 0, events: [], end: .close, endedAt: 1.5)]
        let record = J.record(journal, output: [J.terminal("COMPLETED", ok: true)], scenario: Self.rawScenario)
        #expect(RunFacts(record: record).servedEvents[1]?.count == 1)
        #expect(judge(.term2, record).verdict == .fail)
    }

    @Test func theLastEventJustBeforeAResetMayBeLost() {
        // The id arrives only in the last event, 1 ms before the RST: the client may never read it.
        let lost = [J.sseCreate(1, at: 0, events: [(5, "{\"status\":\"IN_QUEUE\"}"), (10, J.status("IN_PROGRESS"))], end: .reset, endedAt: 11),
                    J.sseCreate(2, at: 30, events: [(35, J.status("COMPLETED"))])]
        let record = J.record(lost, output: [J.terminal("COMPLETED", ok: true)])
        #expect(judge(.fall2, record).verdict == .pass)
        // Earlier events of the same stream still count.
        let early = [J.sseCreate(1, at: 0, events: [(5, J.status("IN_QUEUE")), (10, J.status("IN_PROGRESS"))], end: .reset, endedAt: 11),
                     J.sseCreate(2, at: 30, events: [(35, J.status("COMPLETED"))])]
        #expect(judge(.fall2, J.record(early, output: [J.terminal("COMPLETED", ok: true)])).verdict == .fail)
    }

    @Test func creditWordsOnA5xxAreNotTransient() {
        let answer = J.plainCreate(1, at: 0, status: 500, body: "{\"message\":\"credit balance exhausted\"}")
        #expect(!RunFacts.isTransientFailure(answer))
        let record = J.record([answer], output: [J.error("insufficient_credits")], exit: 20)
        #expect(judge(.retry2, record).verdict == .info)
        #expect(judge(.class1, record).verdict == .pass)
    }
}
