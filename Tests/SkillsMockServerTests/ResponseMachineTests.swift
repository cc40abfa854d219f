import SkillsCore
import SkillsScenario
import Testing

@testable import SkillsMockServer

/// The response state machine driven by events and plain clock numbers, with no socket and no clock.
@Suite struct ResponseMachineTests {
    typealias Chunk = ResponsePlan.StreamChunk

    /// A chunk of `text` whose one event ends at its last byte.
    static func chunk(_ text: String, delayMs: Double = 0, dribble: Bool = false) -> Chunk {
        let bytes = Array(text.utf8)
        return Chunk(
            delayMs: delayMs, bytes: bytes, dribble: dribble,
            served: [ResponsePlan.ServedFields(data: text, blankLineEnd: bytes.count - 1)])
    }

    static func stream(_ chunks: [Chunk], end: StreamEnd = .complete, delayMs: Double = 0) -> ResponsePlan {
        .stream(.init(delayMs: delayMs, status: 200, headers: [], chunks: chunks, end: end))
    }

    static func machine(_ plan: ResponsePlan, scale: Double = 1, gapMs: Double = 10) -> ResponseMachine {
        ResponseMachine(plan: plan, timeScale: scale, dribbleGapMs: gapMs, resetGraceMs: 25)
    }

    static func served(_ chunk: Chunk, done: Bool = true, at ms: Double) -> ResponseMachine.Action {
        .journal(.served(chunk.served, chunkDone: done, atMs: ms))
    }

    // MARK: - Replies and faults

    @Test func aReplyDueAtOnceIsSentAtStart() {
        var m = Self.machine(.json(200, ["ok": true]))
        #expect(Array(m.start(atMs: 3)) == [.reply(atMs: 3)])
        #expect(m.isDone)
    }

    @Test func aDelayedReplyWaitsItsScaledDelayAndJournalsLateness() {
        var reply = ResponsePlan.Reply(status: 200, headers: [], body: [])
        reply.delayMs = 1000
        var m = Self.machine(.reply(reply), scale: 0.01)
        #expect(Array(m.start(atMs: 5)) == [.watchForClose, .armTimer(ms: 10, scriptedDueMs: 15)])
        #expect(m.state == .waiting)
        #expect(Array(m.timerFired(atMs: 17.5)) == [.journal(.late(ms: 2.5)), .reply(atMs: 17.5)])
        #expect(m.isDone)
    }

    @Test func aTimerFiringEarlyJournalsNoNegativeLateness() {
        var m = Self.machine(.fault(delayMs: 10, .close))
        _ = m.start(atMs: 0)
        #expect(Array(m.timerFired(atMs: 9.9)) == [.journal(.late(ms: 0)), .end(.faultClose, atMs: 9.9)])
    }

    @Test(arguments: [(Fault.reset, ConnectionEnd.faultReset), (.close, .faultClose), (.garbage, .faultGarbage)])
    func faultsBreakTheConnection(fault: Fault, end: ConnectionEnd) {
        var m = Self.machine(.fault(delayMs: 0, fault))
        #expect(Array(m.start(atMs: 1)) == [.end(end, atMs: 1)])
        #expect(m.isDone)
    }

    @Test func aSilentFaultWatchesUntilTheClientGoes() {
        var m = Self.machine(.fault(delayMs: 0, .silent))
        #expect(Array(m.start(atMs: 1)) == [.watchForClose])
        #expect(m.state == .silent)
        #expect(Array(m.timerFired(atMs: 2)).isEmpty)
        #expect(Array(m.clientGone(atMs: 50)) == [.end(.faultSilent, atMs: 50)])
        #expect(m.isDone)
        #expect(Array(m.clientGone(atMs: 51)).isEmpty, "a second close reaches nobody")
    }

    @Test func aClientGoneWhileWaitingClosesTheResponse() {
        var m = Self.machine(.fault(delayMs: 100, .reset))
        _ = m.start(atMs: 0)
        #expect(Array(m.clientGone(atMs: 40)) == [.end(.clientClosed, atMs: 40)])
        #expect(m.isDone)
        #expect(Array(m.timerFired(atMs: 100)) == [.journal(.late(ms: 0))], "a stale timer does nothing more")
    }

    // MARK: - Streams

    @Test func aCompleteStreamSendsEveryChunkThenEnds() {
        let one = Self.chunk("a\n\n")
        let two = Self.chunk("b\n\n")
        var m = Self.machine(Self.stream([one, two]))
        #expect(
            Array(m.start(atMs: 0)) == [
                .startStream(atMs: 0), .journal(.chunkSent(atMs: 0)), .send(chunk: 0, bytes: 0..<3),
            ])
        #expect(m.state == .streaming(chunk: 0, byte: 0, drainedMs: nil))
        #expect(
            Array(m.outputDrained(atMs: 1)) == [
                Self.served(one, at: 1), .journal(.chunkSent(atMs: 1)), .send(chunk: 1, bytes: 0..<3),
            ])
        #expect(Array(m.outputDrained(atMs: 2)) == [Self.served(two, at: 2), .end(.complete, atMs: 2)])
        #expect(m.isDone)
    }

    @Test func chunkDelaysAreScaledAndTheirLatenessJournaled() {
        let one = Self.chunk("a\n\n", delayMs: 100)
        var m = Self.machine(Self.stream([one]), scale: 0.5)
        #expect(Array(m.start(atMs: 10)) == [.startStream(atMs: 10), .armTimer(ms: 50, scriptedDueMs: 60)])
        #expect(
            Array(m.timerFired(atMs: 61)) == [
                .journal(.late(ms: 1)), .journal(.chunkSent(atMs: 61)), .send(chunk: 0, bytes: 0..<3),
            ])
    }

    @Test func aDelayedStreamJournalsItsLatenessThenStarts() {
        var m = Self.machine(Self.stream([Self.chunk("a\n\n")], delayMs: 20), scale: 0.1)
        #expect(Array(m.start(atMs: 0)) == [.watchForClose, .armTimer(ms: 2, scriptedDueMs: 2)])
        #expect(
            Array(m.timerFired(atMs: 2.25)) == [
                .journal(.late(ms: 0.25)), .startStream(atMs: 2.25), .journal(.chunkSent(atMs: 2.25)),
                .send(chunk: 0, bytes: 0..<3),
            ])
    }

    @Test func aDribbledChunkGoesAByteAtATimeAScaledGapApart() {
        let one = Self.chunk("x\n\n", dribble: true)
        var m = Self.machine(Self.stream([one]), scale: 0.5, gapMs: 10)
        #expect(
            Array(m.start(atMs: 0)) == [
                .startStream(atMs: 0), .journal(.chunkSent(atMs: 0)), .send(chunk: 0, bytes: 0..<1),
            ])
        #expect(Array(m.outputDrained(atMs: 1)) == [.armTimer(ms: 5, scriptedDueMs: 6)])
        #expect(m.state == .streaming(chunk: 0, byte: 1, drainedMs: 1))
        #expect(Array(m.timerFired(atMs: 6)) == [.journal(.late(ms: 0)), .send(chunk: 0, bytes: 1..<2)])
        #expect(Array(m.outputDrained(atMs: 7)) == [.armTimer(ms: 5, scriptedDueMs: 12)])
        #expect(Array(m.timerFired(atMs: 13)) == [.journal(.late(ms: 1)), .send(chunk: 0, bytes: 2..<3)])
        #expect(Array(m.outputDrained(atMs: 14)) == [Self.served(one, at: 14), .end(.complete, atMs: 14)])
    }

    @Test func aTinyDribbleGapIsAtLeastOneMillisecond() {
        var m = Self.machine(Self.stream([Self.chunk("x\n\n", dribble: true)]), scale: 0.001, gapMs: 10)
        _ = m.start(atMs: 0)
        #expect(Array(m.outputDrained(atMs: 1)) == [.armTimer(ms: 1, scriptedDueMs: 2)])
    }

    @Test func anEventServedMidDribbleIsJournaledAtItsByte() {
        let bytes = Array("a\n\nb".utf8)
        let chunk = Chunk(
            delayMs: 0, bytes: bytes, dribble: true, served: [.init(data: "a", blankLineEnd: 2)])
        var m = Self.machine(Self.stream([chunk]), gapMs: 1)
        _ = m.start(atMs: 0)
        _ = m.outputDrained(atMs: 1)
        _ = m.timerFired(atMs: 2)
        _ = m.outputDrained(atMs: 3)
        _ = m.timerFired(atMs: 4)
        #expect(
            Array(m.outputDrained(atMs: 5)) == [
                .journal(.served(chunk.served, chunkDone: false, atMs: 5)), .armTimer(ms: 1, scriptedDueMs: 6),
            ])
    }

    @Test func emptyChunksArePassedOverAfterTheirDelay() {
        let empty = Chunk(delayMs: 10, bytes: [], dribble: false)
        var m = Self.machine(Self.stream([Self.chunk("a\n\n"), empty], end: .complete))
        _ = m.start(atMs: 0)
        #expect(Array(m.outputDrained(atMs: 1)).last == .armTimer(ms: 10, scriptedDueMs: 11))
        #expect(Array(m.timerFired(atMs: 11)) == [.journal(.late(ms: 0)), .end(.complete, atMs: 11)])
    }

    @Test func aStreamWithNoChunksCompletesAtOnce() {
        var m = Self.machine(Self.stream([]))
        #expect(Array(m.start(atMs: 4)) == [.startStream(atMs: 4), .end(.complete, atMs: 4)])
        #expect(m.isDone)
    }

    @Test func aHangingStreamEndsWhenTheClientGoes() {
        var m = Self.machine(Self.stream([Self.chunk("a\n\n")], end: .hang))
        _ = m.start(atMs: 0)
        #expect(Array(m.outputDrained(atMs: 1)) == [Self.served(Self.chunk("a\n\n"), at: 1)])
        #expect(m.state == .hanging)
        #expect(Array(m.clientGone(atMs: 90)) == [.end(.hang, atMs: 90)])
        #expect(m.isDone)
    }

    @Test func aClientGoneMidStreamClosesIt() {
        var m = Self.machine(Self.stream([Self.chunk("a\n\n"), Self.chunk("b\n\n", delayMs: 100)]))
        _ = m.start(atMs: 0)
        _ = m.outputDrained(atMs: 1)
        #expect(Array(m.clientGone(atMs: 30)) == [.end(.clientClosed, atMs: 30)])
        #expect(Array(m.outputDrained(atMs: 31)).isEmpty)
    }

    // MARK: - Breaking ends

    @Test(arguments: [(StreamEnd.close, ConnectionEnd.close), (.truncate, .truncate)])
    func closeAndTruncateBreakOnceTheOutputIsOut(end: StreamEnd, expected: ConnectionEnd) {
        var m = Self.machine(Self.stream([Self.chunk("a\n\n")], end: end))
        _ = m.start(atMs: 0)
        #expect(Array(m.outputDrained(atMs: 1)).last == .armTimer(ms: 0, scriptedDueMs: nil))
        #expect(m.state == .ending(expected, drainedMs: 1))
        #expect(Array(m.timerFired(atMs: 1.1)) == [.checkOutput])
        #expect(Array(m.outputChecked(pending: true, atMs: 1.2)) == [.armTimer(ms: 1, scriptedDueMs: nil)])
        #expect(Array(m.timerFired(atMs: 2.2)) == [.checkOutput])
        #expect(Array(m.outputChecked(pending: false, atMs: 2.3)) == [.end(expected, atMs: 2.3)])
        #expect(m.isDone)
    }

    @Test func aResetWaitsTheGraceAfterTheLastDrain() {
        var m = Self.machine(Self.stream([Self.chunk("a\n\n")], end: .reset))
        _ = m.start(atMs: 0)
        _ = m.outputDrained(atMs: 100)
        #expect(Array(m.timerFired(atMs: 101)) == [.checkOutput])
        #expect(Array(m.outputChecked(pending: false, atMs: 101)) == [.armTimer(ms: 24, scriptedDueMs: nil)])
        #expect(Array(m.timerFired(atMs: 124.999)) == [.checkOutput])
        #expect(
            Array(m.outputChecked(pending: false, atMs: 124.999)) == [
                .armTimer(ms: 100 + 25 - 124.999, scriptedDueMs: nil)
            ],
            "just before the grace it waits the rest")
        #expect(!m.isDone)
        #expect(Array(m.timerFired(atMs: 125)) == [.checkOutput])
        #expect(Array(m.outputChecked(pending: false, atMs: 125)) == [.end(.reset, atMs: 125)], "exactly at the grace")
        #expect(m.isDone)
    }

    @Test func aResetWithNothingDrainedCountsTheGraceFromWhenTheOutputWasFoundEmpty() {
        var m = Self.machine(Self.stream([], end: .reset))
        #expect(Array(m.start(atMs: 0)) == [.startStream(atMs: 0), .armTimer(ms: 0, scriptedDueMs: nil)])
        _ = m.timerFired(atMs: 0.5)
        #expect(Array(m.outputChecked(pending: true, atMs: 0.5)) == [.armTimer(ms: 1, scriptedDueMs: nil)])
        _ = m.timerFired(atMs: 2)
        #expect(Array(m.outputChecked(pending: false, atMs: 2)) == [.armTimer(ms: 25, scriptedDueMs: nil)])
        #expect(m.state == .ending(.reset, drainedMs: 2))
        _ = m.timerFired(atMs: 27)
        #expect(Array(m.outputChecked(pending: false, atMs: 27)) == [.end(.reset, atMs: 27)])
    }

    @Test func aScaledDelayBeforeAResetIsRaisedToTheGrace() {
        let last = Chunk(delayMs: 5000, bytes: [], dribble: false)
        var m = Self.machine(Self.stream([Self.chunk("a\n\n"), last], end: .reset), scale: 0.001)
        _ = m.start(atMs: 0)
        _ = m.outputDrained(atMs: 1)
        #expect(Array(m.timerFired(atMs: 6)) == [.journal(.late(ms: 0)), .armTimer(ms: 0, scriptedDueMs: nil)])
        _ = m.timerFired(atMs: 6.1)
        #expect(Array(m.outputChecked(pending: false, atMs: 6.1)) == [.armTimer(ms: 1 + 25 - 6.1, scriptedDueMs: nil)])
    }

    @Test func aClientGoneWhileEndingClosesTheResponse() {
        var m = Self.machine(Self.stream([Self.chunk("a\n\n")], end: .reset))
        _ = m.start(atMs: 0)
        _ = m.outputDrained(atMs: 1)
        #expect(Array(m.clientGone(atMs: 3)) == [.end(.clientClosed, atMs: 3)])
        #expect(Array(m.outputChecked(pending: false, atMs: 30)).isEmpty)
    }

    // MARK: - Journal waits

    static let wait = ResponsePlan.JournalWait(filter: .all, count: 2, timeoutMs: 100)

    @Test func aJournalWaitAnswersOnceEnoughEntriesAnswered() {
        var m = Self.machine(.awaitJournal(Self.wait), scale: 0.001)
        #expect(Array(m.start(atMs: 10)) == [.watchForClose, .checkJournal])
        #expect(m.state == .awaitingJournal(deadlineMs: 110), "the deadline is real time, not scaled")
        #expect(
            Array(m.journalChecked(answered: 1, atMs: 10)) == [
                .armTimer(ms: ResponseMachine.journalCheckMs, scriptedDueMs: nil)
            ])
        #expect(Array(m.timerFired(atMs: 15)) == [.checkJournal])
        #expect(Array(m.journalChecked(answered: 2, atMs: 15)) == [.answerJournalWait(status: 200)])
        #expect(m.isDone)
    }

    @Test func aJournalWaitAnswers408AtItsDeadline() {
        var m = Self.machine(.awaitJournal(Self.wait))
        _ = m.start(atMs: 0)
        #expect(Array(m.journalChecked(answered: 0, atMs: 99.9)).count == 1, "just before the deadline it looks again")
        #expect(Array(m.journalChecked(answered: 1, atMs: 100)) == [.answerJournalWait(status: 408)])
        #expect(m.isDone)
    }

    @Test func aClientGoneDuringAJournalWaitClosesIt() {
        var m = Self.machine(.awaitJournal(Self.wait))
        _ = m.start(atMs: 0)
        _ = m.journalChecked(answered: 0, atMs: 0)
        #expect(Array(m.clientGone(atMs: 3)) == [.end(.clientClosed, atMs: 3)])
        #expect(Array(m.journalChecked(answered: 5, atMs: 5)).isEmpty)
    }
}
