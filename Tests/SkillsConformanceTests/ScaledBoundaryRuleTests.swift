import Foundation
import SkillsCore
import SkillsScenario
import Testing

@testable import SkillsConformance

/// The tolerances at the exact timings the runner gives at `--time-scale 0.05` and at 1: a client just past
/// each fails its rule, one just inside passes, and half or 0.8 of what is due fails at both scales.
@Suite struct ScaledBoundaryRuleTests {
    static let scales = [0.05, 1.0]

    static func timings(_ scale: Double) -> ClientTimings {
        ClientTimings.forScenario(J.scenario(), timeScale: scale)
    }

    static func record(_ journal: [JournalEntry], output: [String], scale: Double, endMs: Double? = nil) -> RunRecord {
        var record = J.record(journal, output: output, endMs: endMs)
        record.timings = timings(scale)
        record.backoffGiven = true
        return record
    }

    /// Two polls whose second arrives `gap` ms after the first one's answer (answered 1 ms after arrival).
    static func polls(gap: Double, scale: Double) -> RunRecord {
        record(
            [
                J.sseCreate(1, at: 0, events: [(5, J.status("IN_PROGRESS"))], end: .close, endedAt: 6),
                J.poll(2, at: 10, body: J.status("IN_PROGRESS")),
                J.poll(3, at: 11 + gap, body: J.status("COMPLETED")),
            ],
            output: [J.terminal("COMPLETED", ok: true)], scale: scale)
    }

    @Test(arguments: scales)
    func poll1AtTheRunnersInterval(_ scale: Double) {
        let interval = Self.timings(scale).pollIntervalMs
        let floor = GapTolerance.floor(dueMs: interval)
        // The gap the rule reads is arrival to arrival: 1 ms more than answer to next.
        #expect(judge(.poll1, Self.polls(gap: floor - 1 - 0.1, scale: scale)).verdict == .fail)
        #expect(judge(.poll1, Self.polls(gap: floor - 1 + 0.1, scale: scale)).verdict == .pass)
        #expect(judge(.poll1, Self.polls(gap: 0.8 * interval, scale: scale)).verdict == .fail)
        #expect(judge(.poll1, Self.polls(gap: 0.5 * interval, scale: scale)).verdict == .fail)
        #expect(judge(.poll1, Self.polls(gap: 1.05 * interval, scale: scale)).verdict == .pass)
    }

    /// Polling from t = 10 at the interval, a timeout reported at `reportedAt`.
    static func timeout(reportedAt: Double, scale: Double) -> RunRecord {
        let t = timings(scale)
        var journal = [J.sseCreate(1, at: 0, events: [(5, J.status("IN_QUEUE"))], end: .close, endedAt: 6)]
        var at = 10.0
        while at < reportedAt - t.pollIntervalMs {
            journal.append(J.poll(journal.count + 1, at: at, body: J.status("IN_PROGRESS")))
            at += t.pollIntervalMs + 1
        }
        return record(journal, output: [J.timeout], scale: scale, endMs: reportedAt)
    }

    @Test(arguments: scales)
    func poll2AtTheRunnersTimeout(_ scale: Double) {
        let timeout = Self.timings(scale).pollTimeoutMs
        let floor = GapTolerance.floor(dueMs: timeout)
        // Counted from the create stream's end (t = 6), the last write the client saw before polling.
        #expect(judge(.poll2, Self.timeout(reportedAt: 6 + floor - 0.1, scale: scale)).verdict == .fail)
        #expect(judge(.poll2, Self.timeout(reportedAt: 6 + floor + 0.1, scale: scale)).verdict == .pass)
        #expect(judge(.poll2, Self.timeout(reportedAt: 10 + 0.3 * timeout, scale: scale)).verdict == .fail)
        #expect(judge(.poll2, Self.timeout(reportedAt: 10 + timeout, scale: scale)).verdict == .pass)
    }

    /// 503s retried `gaps` ms after each answer (answered 2 ms after arrival), then a completing stream.
    static func retries(_ gaps: [Double], scale: Double) -> RunRecord {
        var journal: [JournalEntry] = []
        var t = 0.0
        for (index, gap) in gaps.enumerated() {
            journal.append(J.plainCreate(index + 1, at: t, status: 503, body: "{\"message\":\"busy\"}"))
            t += 2 + gap
        }
        journal.append(J.sseCreate(gaps.count + 1, at: t, events: [(t + 5, J.status("COMPLETED"))]))
        return record(journal, output: [J.terminal("COMPLETED", ok: true)], scale: scale)
    }

    @Test(arguments: scales)
    func retry2AtTheRunnersBackoff(_ scale: Double) {
        let t = Self.timings(scale)
        let due = (0..<5).map { min(t.backoffMaxMs, t.backoffBaseMs * Double(1 << $0)) }
        let inside = due.map { GapTolerance.floor(dueMs: $0) + 0.1 }
        #expect(judge(.retry2, Self.retries(inside, scale: scale)).verdict == .pass)
        for k in due.indices {
            var past = inside
            past[k] = GapTolerance.floor(dueMs: due[k]) - 0.1
            #expect(
                judge(.retry2, Self.retries(past, scale: scale)).verdict == .fail, "retry \(k + 1) at scale \(scale)")
        }
        // Half the schedule, and a flat base, fail at both scales.
        #expect(judge(.retry2, Self.retries(due.map { $0 / 2 }, scale: scale)).verdict == .fail)
        #expect(
            judge(.retry2, Self.retries(Array(repeating: t.backoffBaseMs, count: 3), scale: scale)).verdict == .fail)
    }
    @Test func aStallWhereAJudgedGapStartsTakesItsVerdictAwayAndNoOtherStallDoes() throws {
        let base = Self.timings(0.05).backoffBaseMs
        // The first retry comes 0.6 of the backoff base after the 503 was answered: short.
        var record = Self.retries([base * 0.6], scale: 0.05)
        #expect(judge(.retry2, record).verdict == .fail)
        let failedAt = try #require(record.journal.first?.answeredMs)
        // A loop stall of half the base reported where that gap starts may have stamped its start late: the
        // gap gets no verdict, TIMING-0 fails (and the runner re-runs at 4 × the scale).
        record.serverStalls = [LatenessSample(atMs: failedAt + 1, lateMs: base * 0.5)]
        #expect(judge(.retry2, record).verdict == .info)
        let timing = judge(.timing0, record)
        #expect(timing.verdict == .fail)
        #expect(timing.detail.contains("loop stall"), "\(timing.detail)")
        // The same stall away from any gap's start, or a stall under a quarter of the base, leaves the verdict.
        record.serverStalls = [LatenessSample(atMs: failedAt + 20, lateMs: base * 0.5)]
        #expect(judge(.retry2, record).verdict == .fail)
        record.serverStalls = [LatenessSample(atMs: failedAt + 1, lateMs: base * 0.2)]
        #expect(judge(.retry2, record).verdict == .fail)
        // The bound is a quarter of the smallest judged gap (the base): just past it withholds, just inside keeps.
        record.serverStalls = [LatenessSample(atMs: failedAt + 1, lateMs: base * 0.25 + 0.1)]
        #expect(judge(.retry2, record).verdict == .info)
        record.serverStalls = [LatenessSample(atMs: failedAt + 1, lateMs: base * 0.25 - 0.1)]
        #expect(judge(.retry2, record).verdict == .fail)
        // The window around a gap's start: 2 ms before to 10 ms after.
        record.serverStalls = [LatenessSample(atMs: failedAt + 9.9, lateMs: base * 0.5)]
        #expect(judge(.retry2, record).verdict == .info)
        record.serverStalls = [LatenessSample(atMs: failedAt + 10.1, lateMs: base * 0.5)]
        #expect(judge(.retry2, record).verdict == .fail)
    }
}

/// RETRY-3 against a `Retry-After` sent as an HTTP date (a `{now+3s}` template): due is the date as the server
/// journaled it less the answer's wall-clock time, and the tolerance holds at the runner's timings at both scales.
@Suite struct HTTPDateRetryAfterBoundaryTests {
    /// A 503 answered at 2 ms carrying `{now+3s}` as sent, then the create again `gap` ms after the answer.
    static func run(gap: Double, scale: Double) -> (RunRecord, dueMs: Double) {
        let wall = Date(timeIntervalSince1970: 1_796_290_299.75)
        let date = Date(timeIntervalSince1970: (wall.timeIntervalSince1970 + 0.002).rounded(.down) + 3)
        var failure = J.plainCreate(1, at: 0, status: 503, body: "{}")
        failure.retryAfter = HTTPDate.imfFixdate(date)
        let steps = [
            Step(kind: .response(Response(status: 503, headers: [Header("Retry-After", "{now+3s}")]))),
            Step(kind: .sse(SSEScript(events: []))),
        ]
        var record = J.record(
            [failure, J.sseCreate(2, at: 2 + gap, events: [(10 + gap, J.status("COMPLETED"))])],
            output: [J.terminal("COMPLETED", ok: true)], scenario: J.scenario(create: steps))
        record.timings = ScaledBoundaryRuleTests.timings(scale)
        record.wallClock = wall
        return (record, date.timeIntervalSince(wall.addingTimeInterval(0.002)) * 1000)
    }

    @Test(arguments: ScaledBoundaryRuleTests.scales)
    func retry3JustPastAndJustInsideTheDateAsSent(_ scale: Double) {
        let due = Self.run(gap: 0, scale: scale).dueMs
        #expect(abs(due - 2248) < 0.01, "3 s ahead in whole seconds, sent at .752: \(due)")
        let floor = GapTolerance.floor(dueMs: due)
        #expect(judge(.retry3, Self.run(gap: floor - 0.5, scale: scale).0).verdict == .warn)
        #expect(judge(.retry3, Self.run(gap: floor + 0.5, scale: scale).0).verdict == .pass)
        #expect(judge(.retry3, Self.run(gap: 0.5 * due, scale: scale).0).verdict == .warn, "half the wait")
    }
}
