import Foundation
import SkillsCore
import SkillsScenario
import Testing

@testable import SkillsConformance

/// Every timing tolerance, judged on hand-built journals: a client just past it fails, one just inside passes,
/// at the interval the runner gives at any time scale (SPEC 6: `0.97 × due − 2 ms`, the 2 ms at most 5 %).
@Suite struct BoundaryRuleTests {
    // MARK: - The tolerance itself

    @Test(arguments: [12.5, 50.0, 100.0, 1000.0, 30_000.0])
    func theFloorIsRelativeAtEveryScale(_ due: Double) {
        let floor = GapTolerance.floor(dueMs: due)
        #expect(0.97 * due - floor <= 0.05 * due + 1e-9, "absolute slack above 5 % of \(due)")
        #expect(floor <= 0.97 * due)
        #expect(GapTolerance.isShort(gapMs: floor - 0.01, dueMs: due))
        #expect(!GapTolerance.isShort(gapMs: floor, dueMs: due))
        // Four fifths and a half of the due gap are short at every scale.
        #expect(GapTolerance.isShort(gapMs: 0.8 * due, dueMs: due))
        #expect(GapTolerance.isShort(gapMs: 0.5 * due, dueMs: due))
    }

    @Test func theFloorAtTheDefaultScale() {
        #expect(GapTolerance.floor(dueMs: 50) == 46.5)
        #expect(GapTolerance.floor(dueMs: 100) == 95)
        #expect(abs(GapTolerance.floor(dueMs: 12.5) - 11.5) < 1e-9)
    }

    // MARK: - POLL-1

    /// A fallback run whose second poll comes `gap` ms after the first one's answer (J.timings: interval 100 ms).
    static func pollRun(answerToNext gap: Double, interval: Double = 100) -> RunRecord {
        let journal = [
            J.sseCreate(1, at: 0, events: [(5, J.status("IN_PROGRESS"))], end: .close, endedAt: 6),
            J.poll(2, at: 10, body: J.status("IN_PROGRESS")),
            J.poll(3, at: 11 + gap, body: J.status("COMPLETED")),
        ]
        var record = J.record(journal, output: [J.terminal("COMPLETED", ok: true)])
        record.timings.pollIntervalMs = interval
        return record
    }

    @Test func poll1FailsJustPastTheToleranceAndPassesJustInside() {
        // Floor 95 ms counted from the previous poll's arrival (answered 1 ms after it).
        #expect(judge(.poll1, Self.pollRun(answerToNext: 93.9)).verdict == .fail)
        #expect(judge(.poll1, Self.pollRun(answerToNext: 94.1)).verdict == .pass)
        #expect(judge(.poll1, Self.pollRun(answerToNext: 80)).verdict == .fail)
        #expect(judge(.poll1, Self.pollRun(answerToNext: 50)).verdict == .fail)
        #expect(judge(.poll1, Self.pollRun(answerToNext: 105)).verdict == .pass)
    }

    @Test func poll1HoldsAtATinyInterval() {
        // 12.5 ms: the floor is 11.5 ms, so half and 0.8 of the interval fail there too.
        #expect(judge(.poll1, Self.pollRun(answerToNext: 0.5 * 12.5 - 1, interval: 12.5)).verdict == .fail)
        #expect(judge(.poll1, Self.pollRun(answerToNext: 0.8 * 12.5 - 1, interval: 12.5)).verdict == .fail)
        #expect(judge(.poll1, Self.pollRun(answerToNext: 11.0, interval: 12.5)).verdict == .pass)
    }

    @Test func poll1SaysWhatTheGapAndFloorWere() {
        let result = judge(.poll1, Self.pollRun(answerToNext: 50))
        #expect(result.detail.contains("95ms (0.97 × 100ms − 2ms)"), "\(result.detail)")
        #expect(result.detail.contains("50ms after the answer"), "\(result.detail)")
    }

    // MARK: - POLL-2

    /// A run that polled from t = 10 and reported a timeout at `reportedAt` (J.timings: poll timeout 1000 ms).
    static func timeoutRun(reportedAt: Double) -> RunRecord {
        var journal = [J.sseCreate(1, at: 0, events: [(5, J.status("IN_QUEUE"))], end: .close, endedAt: 6)]
        var t = 10.0
        var seq = 2
        while t < reportedAt - 100 {
            journal.append(J.poll(seq, at: t, body: J.status("IN_PROGRESS")))
            t += 101
            seq += 1
        }
        return J.record(journal, output: [J.timeout], exit: 11, endMs: reportedAt)
    }

    @Test func poll2FailsGivingUpBeforeTheTimeoutAndPassesAtIt() {
        // Floor: 0.97 × 1000 − 2 = 968 ms after polling began: the create stream's end (t = 6), the last thing the
        // client saw before its first poll (t = 10).
        #expect(judge(.poll2, Self.timeoutRun(reportedAt: 6 + 967)).verdict == .fail)
        #expect(judge(.poll2, Self.timeoutRun(reportedAt: 6 + 969)).verdict == .pass)
        #expect(judge(.poll2, Self.timeoutRun(reportedAt: 10 + 300)).verdict == .fail)
        // The upper bound stays: timeout + interval + request timeout (+100 ms to exit).
        #expect(judge(.poll2, Self.timeoutRun(reportedAt: 10 + 1000 + 100 + 500 + 99)).verdict == .pass)
        #expect(judge(.poll2, Self.timeoutRun(reportedAt: 10 + 1000 + 100 + 500 + 101)).verdict == .fail)
    }

    @Test func poll2CountsFromWhatTheClientSawNotFromTheFirstPollsArrival() {
        // A correct client starts its poll timeout when the stream ends (t = 6); its first poll takes 80 ms to
        // arrive on a loaded machine. Reporting the timeout at 6 + 1000 is on time, 920 ms after that arrival.
        var record = Self.timeoutRun(reportedAt: 6 + 1000)
        for index in record.journal.indices where record.journal[index].kind == .poll {
            record.journal[index].tMs += 76
        }
        let result = judge(.poll2, record)
        #expect(result.verdict == .pass, "\(result.detail)")
        // Counted from that arrival, it would have looked early.
        #expect(6 + 1000 - (10 + 76) < GapTolerance.floor(dueMs: 1000))
        // Giving up at 0.9 of the timeout still fails, however late the first poll arrived.
        var early = Self.timeoutRun(reportedAt: 6 + 900)
        for index in early.journal.indices where early.journal[index].kind == .poll { early.journal[index].tMs += 76 }
        #expect(judge(.poll2, early).verdict == .fail)
        // Without a create written to before the first poll, the first poll is where polling began.
        var alone = Self.timeoutRun(reportedAt: 10 + 969)
        alone.journal.removeAll { $0.kind.isCreate }
        #expect(judge(.poll2, alone).verdict == .pass)
        alone = Self.timeoutRun(reportedAt: 10 + 967)
        alone.journal.removeAll { $0.kind.isCreate }
        #expect(judge(.poll2, alone).verdict == .fail)
    }

    @Test func poll2ReadsTheTimeoutLineTimeWhenItHasOne() {
        var record = Self.timeoutRun(reportedAt: 10 + 1200)
        record.output = [ClientLine(tMs: 10 + 500, text: J.timeout)]
        #expect(judge(.poll2, record).verdict == .fail)
    }

    // MARK: - RETRY-2

    /// Creates answered 503 whose retries came `gaps` ms after each answer, then a completing stream.
    static func createChain(gaps: [Double], finalStatus: Int? = nil, given: Bool = true) -> RunRecord {
        var journal: [JournalEntry] = []
        var t = 0.0
        for (index, gap) in gaps.enumerated() {
            journal.append(J.plainCreate(index + 1, at: t, status: 503, body: "{\"message\":\"busy\"}"))
            t += 2 + gap  // answered 2 ms after arrival
        }
        let output: [String]
        if let finalStatus {
            journal.append(J.plainCreate(gaps.count + 1, at: t, status: finalStatus, body: "{\"message\":\"busy\"}"))
            output = [J.error("transient")]
        } else {
            journal.append(J.sseCreate(gaps.count + 1, at: t, events: [(t + 5, J.status("COMPLETED"))]))
            output = [J.terminal("COMPLETED", ok: true)]
        }
        var record = J.record(journal, output: output, exit: finalStatus == nil ? 0 : 24)
        record.backoffGiven = given
        return record
    }

    @Test func retry2HoldsEachGapToTheBackoffItWasGiven() {
        // Base 50, cap 800: floors 46.5, 95, 192, 386, 774, 774…
        #expect(judge(.retry2, Self.createChain(gaps: [46.6, 95.1, 192.1, 386.1])).verdict == .pass)
        #expect(judge(.retry2, Self.createChain(gaps: [46.4, 95.1, 192.1])).verdict == .fail)
        #expect(judge(.retry2, Self.createChain(gaps: [46.6, 94.9, 192.1])).verdict == .fail)
        #expect(judge(.retry2, Self.createChain(gaps: [50, 100, 200, 400, 800, 800])).verdict == .pass)
        #expect(judge(.retry2, Self.createChain(gaps: [50, 100, 200, 400, 800, 770])).verdict == .fail)
    }

    @Test func retry2FailsAFlatTwoMillisecondBackoff() {
        let result = judge(.retry2, Self.createChain(gaps: [2, 2, 2]))
        #expect(result.verdict == .fail)
        #expect(result.detail.contains("gap 1 is 2ms"), "\(result.detail)")
    }

    @Test func retry2WithoutAGivenBackoffNeedsGrowthOfOnePointFive() {
        // Due 1.5 × the previous gap: after 100, 150 (floor 143.5).
        #expect(judge(.retry2, Self.createChain(gaps: [100, 143.6, 215.4], given: false)).verdict == .pass)
        #expect(judge(.retry2, Self.createChain(gaps: [100, 143.4], given: false)).verdict == .fail)
        #expect(judge(.retry2, Self.createChain(gaps: [100, 100, 100], given: false)).verdict == .fail)
        // A tiny constant gap is no exception: 3 ms after 2 ms has a 0.15 ms slack.
        #expect(judge(.retry2, Self.createChain(gaps: [2, 2], given: false)).verdict == .fail)
    }

    @Test func retry2BoundsTheTriesAtTen() {
        let ten = Self.createChain(gaps: (0..<9).map { 50 * pow(2, Double($0)) }.map { min($0, 800) }, finalStatus: 503)
        #expect(judge(.retry2, ten).verdict == .pass, "\(judge(.retry2, ten).detail)")
        let eleven = Self.createChain(
            gaps: (0..<10).map { 50 * pow(2, Double($0)) }.map { min($0, 800) }, finalStatus: 503)
        #expect(judge(.retry2, eleven).verdict == .fail)
        let thirty = Self.createChain(gaps: Array(repeating: 1, count: 29), finalStatus: 503)
        #expect(judge(.retry2, thirty).verdict == .fail)
    }

    @Test func aGapSetByRetryAfterCountsAsTheOneBefore() {
        // 429 with Retry-After: 1 (waited 1000 ms), then a 500 retried at the same 1000 ms: not growth.
        let steps = [
            Step(kind: .response(Response(status: 429, headers: [Header("Retry-After", "1")]))),
            Step(kind: .response(Response(status: 500))),
            Step(kind: .sse(SSEScript(events: []))),
        ]
        func run(_ second: Double) -> RunRecord {
            let journal = [
                J.plainCreate(1, at: 0, status: 429, body: "{}"),
                J.plainCreate(2, at: 1002, status: 500, body: "{}"),
                J.sseCreate(3, at: 1004 + second, events: [(1010 + second, J.status("COMPLETED"))]),
            ]
            var record = J.record(
                journal, output: [J.terminal("COMPLETED", ok: true)], scenario: J.scenario(create: steps))
            record.backoffGiven = false
            record.timings.backoffMaxMs = 16_000
            return record
        }
        #expect(judge(.retry2, run(1000)).verdict == .fail)
        #expect(judge(.retry2, run(1500)).verdict == .pass)
        #expect(judge(.retry3, run(1500)).verdict == .pass)
    }

    // MARK: - What counts as a transient failure

    @Test(arguments: [ConnectionEnd.close, .reset, .truncate, .hang, .clientClosed])
    func aCreateEndingBeforeAnyIDIsATransientFailure(_ end: ConnectionEnd) {
        let broken = J.sseCreate(1, at: 0, events: [], end: end, endedAt: 40)
        // Not retried: RETRY-2 fails.
        let alone = J.record([broken], output: [J.error("transient")], exit: 24)
        #expect(judge(.retry2, alone).verdict == .fail, "\(end)")
        // Retried 1 ms after the break: too soon for a 50 ms base.
        var hasty = J.record(
            [broken, J.sseCreate(2, at: 41, events: [(45, J.status("COMPLETED"))])],
            output: [J.terminal("COMPLETED", ok: true)])
        hasty.backoffGiven = true
        #expect(judge(.retry2, hasty).verdict == .fail, "\(end)")
        // Retried after the base, counted from the break (not from the request).
        var patient = J.record(
            [broken, J.sseCreate(2, at: 40 + 47, events: [(95, J.status("COMPLETED"))])],
            output: [J.terminal("COMPLETED", ok: true)])
        patient.backoffGiven = true
        #expect(judge(.retry2, patient).verdict == .pass, "\(end): \(judge(.retry2, patient).detail)")
    }

    @Test func aStreamThatGaveAnIDIsNotAFailedCreate() {
        let record = J.record(
            [
                J.sseCreate(1, at: 0, events: [(5, J.status("IN_QUEUE"))], end: .reset, endedAt: 31),
                J.poll(2, at: 35, body: J.status("COMPLETED")),
            ],
            output: [J.terminal("COMPLETED", ok: true)])
        #expect(judge(.retry2, record).verdict == .info)
    }

    @Test func anAbandonedRequestIsATransientFailure() {
        let abandoned = J.plainCreate(1, at: 0, status: nil, end: .clientClosed, endedAt: 500)
        var record = J.record(
            [abandoned, J.sseCreate(2, at: 520, events: [(530, J.status("COMPLETED"))])],
            output: [J.terminal("COMPLETED", ok: true)])
        record.backoffGiven = true
        let result = judge(.retry2, record)
        #expect(result.verdict == .fail)
        #expect(result.detail.contains("abandoned"), "\(result.detail)")
    }

    // MARK: - RETRY-3

    @Test func retry3WarnsJustPastRetryAfter() {
        let steps = [
            Step(kind: .response(Response(status: 503, headers: [Header("Retry-After", "1")]))),
            Step(kind: .sse(SSEScript(events: []))),
        ]
        func run(_ gap: Double) -> RunRecord {
            J.record(
                [
                    J.plainCreate(1, at: 0, status: 503, body: "{}"),
                    J.sseCreate(2, at: 2 + gap, events: [(10 + gap, J.status("COMPLETED"))]),
                ],
                output: [J.terminal("COMPLETED", ok: true)], scenario: J.scenario(create: steps))
        }
        #expect(judge(.retry3, run(967)).verdict == .warn)
        #expect(judge(.retry3, run(969)).verdict == .pass)
    }

    // MARK: - TIMING-0

    @Test func aLateServerGivesNoTimingVerdictAndFailsTiming0() {
        var late = Self.pollRun(answerToNext: 50)
        late.serverLateMs = [1, 2, 26]
        #expect(judge(.poll1, late).verdict == .info)
        #expect(judge(.timing0, late).verdict == .fail)
        var punctual = Self.pollRun(answerToNext: 50)
        punctual.serverLateMs = [1, 2, 24]
        #expect(judge(.poll1, punctual).verdict == .fail)
        #expect(judge(.timing0, punctual).verdict == .pass)
    }

    @Test func aClientKilledAtTheDeadlineFailsPoll2HoweverLateTheServerWas() {
        var record = Self.timeoutRun(reportedAt: 10 + 5000)
        record.output = []
        record.exitCode = nil
        record.killedAtDeadline = true
        record.serverLateMs = Array(repeating: 900, count: 10)
        #expect(judge(.timing0, record).verdict == .fail)
        #expect(judge(.poll2, record).verdict == .fail)
        #expect(judge(.poll1, record).verdict == .info)
    }

    @Test func timing0JudgesTheRunsP99NotOneStall() {
        // Interval 100 ms: the bound is 25 ms of p99 lateness.
        var stall = Self.pollRun(answerToNext: 110)
        stall.serverLateMs = Array(repeating: 1, count: 199) + [260]
        #expect(judge(.timing0, stall).verdict == .pass)
        var justInside = Self.pollRun(answerToNext: 110)
        justInside.serverLateMs = Array(repeating: 1, count: 97) + [24.9, 24.9, 24.9]
        #expect(judge(.timing0, justInside).verdict == .pass)
        var justPast = Self.pollRun(answerToNext: 110)
        justPast.serverLateMs = Array(repeating: 1, count: 97) + [25.1, 25.1, 25.1]
        #expect(judge(.timing0, justPast).verdict == .fail)
    }

    @Test func theClientsOwnGapsNeverSetTheTimingThreshold() {
        // A 2 ms flat retrier without a given backoff: the threshold comes from the runner's base (50 ms).
        var record = Self.createChain(gaps: [2, 2, 2], given: false)
        record.serverLateMs = [3]
        #expect(judge(.timing0, record).verdict == .pass)
        #expect(judge(.retry2, record).verdict == .fail)
    }
}
