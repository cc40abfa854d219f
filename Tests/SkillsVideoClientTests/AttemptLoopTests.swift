import Synchronization
import Testing

@testable import SkillsVideoClient

/// The shared attempt/retry loop under a test clock, with scripted attempts instead of HTTP.
@Suite("AttemptLoop")
struct AttemptLoopTests {
    static let busy = CallFailure.http(HTTPAnswer(status: 503, body: ""))

    /// What a run of the loop did: its ending, the retries it announced and when each attempt started.
    struct Trace {
        var ending: AttemptEnding<Int>
        var retries: [(attempt: Int, wait: Double)]
        var starts: [Double]
    }

    /// Runs the loop with attempts answered by `steps` (by attempt number, the last one repeating).
    func trace(
        _ steps: [AttemptStep<Int>], schedule: RetrySchedule = .standard, timeLimit: Double? = nil,
        clock: TestClock = TestClock()
    ) async -> Trace {
        var retries: [(attempt: Int, wait: Double)] = []
        var starts: [Double] = []
        let ending = await AttemptLoop(schedule: schedule, clock: clock, timeLimit: timeLimit).run(
            attempt: { number in
                starts.append(clock.seconds)
                return steps[min(number, steps.count) - 1]
            },
            retrying: { attempt, wait, _ in retries.append((attempt, wait)) })
        return Trace(ending: ending, retries: retries, starts: starts)
    }

    @Test("a first answer that finishes the call ends the loop without waiting")
    func firstSuccess() async {
        let result = await trace([.finish(7)])
        guard case .finished(7) = result.ending else {
            Issue.record("ended \(result.ending)")
            return
        }
        #expect(result.starts == [0] && result.retries.isEmpty)
    }

    @Test("transient failures are retried after the schedule's waits, counted from each failure")
    func retriedFailures() async {
        let result = await trace([.fail(Self.busy), .fail(Self.busy), .finish(1)])
        guard case .finished(1) = result.ending else {
            Issue.record("ended \(result.ending)")
            return
        }
        #expect(result.starts == [0, 1, 3])
        #expect(result.retries.map(\.attempt) == [1, 2] && result.retries.map(\.wait) == [1, 2])
    }

    @Test("a failure that is not transient ends the loop at once")
    func finalFailure() async {
        let notFound = CallFailure.http(HTTPAnswer(status: 404, body: ""))
        let result = await trace([.fail(notFound)])
        guard case .failed(let failure, attempts: 1) = result.ending else {
            Issue.record("ended \(result.ending)")
            return
        }
        #expect(failure == notFound && result.retries.isEmpty)
    }

    @Test("the schedule's last attempt failing gives up with the attempts made")
    func attemptsUsedUp() async {
        let schedule = RetrySchedule(baseSeconds: 0.5, capSeconds: 16, maxAttempts: 3)
        let result = await trace([.fail(Self.busy)], schedule: schedule)
        guard case .failed(_, attempts: 3) = result.ending else {
            Issue.record("ended \(result.ending)")
            return
        }
        #expect(result.starts == [0, 0.5, 1.5] && result.retries.map(\.wait) == [0.5, 1])
    }

    @Test("a Retry-After longer than the backoff sets the wait")
    func retryAfter() async {
        let slow = CallFailure.http(HTTPAnswer(status: 429, body: "", retryAfterSeconds: 5))
        let result = await trace([.fail(slow), .finish(0)])
        #expect(result.starts == [0, 5] && result.retries.map(\.wait) == [5])
    }

    @Test("going on after a success waits its pause and starts a new chain of failures")
    func proceedResetsChain() async {
        let result = await trace([
            .proceed(afterSeconds: 2), .fail(Self.busy), .proceed(afterSeconds: 2), .fail(Self.busy), .finish(3),
        ])
        guard case .finished(3) = result.ending else {
            Issue.record("ended \(result.ending)")
            return
        }
        #expect(result.starts == [0, 2, 3, 5, 6])
        #expect(result.retries.map(\.wait) == [1, 1], "each failure is the first of its chain")
    }

    @Test("a late attempt lengthens the next wait to twice the gap the server saw")
    func lateAttempt() async {
        let clock = TestClock()
        var retries: [Double] = []
        var starts: [Double] = []
        let ending = await AttemptLoop(schedule: .standard, clock: clock).run(
            attempt: { number -> AttemptStep<Int> in
                starts.append(clock.seconds)
                if number == 2 { clock.advance(by: .milliseconds(500)) }  // the answer took half a second
                return number < 3 ? .fail(Self.busy) : .finish(0)
            },
            retrying: { _, wait, _ in retries.append(wait) })
        guard case .finished = ending else {
            Issue.record("ended \(ending)")
            return
        }
        #expect(retries == [1, 3], "1 s wait + 0.5 s round trip seen, doubled")
        #expect(starts == [0, 1, 4.5])
    }

    @Test("the time limit ends the loop; the last wait is clipped to it")
    func timeLimit() async {
        let result = await trace([.proceed(afterSeconds: 3)], timeLimit: 10)
        guard case .timedOut(attempts: 4, let elapsed) = result.ending else {
            Issue.record("ended \(result.ending)")
            return
        }
        #expect(elapsed == 10 && result.starts == [0, 3, 6, 9])
    }

    @Test("a retry wait is clipped to the time limit too")
    func retryClipped() async {
        let result = await trace([.fail(Self.busy)], schedule: .standard, timeLimit: 2.5)
        guard case .timedOut(attempts: 2, let elapsed) = result.ending else {
            Issue.record("ended \(result.ending)")
            return
        }
        #expect(elapsed == 2.5 && result.starts == [0, 1])
    }

    @Test("cancellation ends the loop before the next attempt")
    func cancellation() async {
        let task = Task {
            await AttemptLoop(schedule: .standard, clock: TestClock()).run(
                attempt: { _ -> AttemptStep<Int> in
                    withUnsafeCurrentTask { $0?.cancel() }
                    return .fail(Self.busy)
                },
                retrying: { _, _, _ in })
        }
        guard case .cancelled = await task.value else {
            Issue.record("not cancelled")
            return
        }
    }
}
