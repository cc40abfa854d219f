import Testing

@testable import SkillsVideoClient

@Suite("RetrySchedule")
struct RetryScheduleTests {
    @Test("base 1 s doubling, capped at 16 s")
    func standardBackoff() {
        let waits = (1...7).map { RetrySchedule.standard.backoff(afterFailure: $0) }
        #expect(waits == [1, 2, 4, 8, 16, 16, 16])
        #expect(RetrySchedule.standard.backoff(afterFailure: 0) == 0)
    }

    @Test("five attempts in total: four retries, then give up")
    func attemptsBounded() {
        let schedule = RetrySchedule.standard
        let decisions = (1...5).map { schedule.decision(afterFailure: $0) }
        #expect(
            decisions == [
                .retry(afterSeconds: 1), .retry(afterSeconds: 2), .retry(afterSeconds: 4),
                .retry(afterSeconds: 8), .giveUp,
            ])
    }

    @Test("each gap is twice the one before until the cap", arguments: [0.01, 0.25, 1.0])
    func gapsGrow(base: Double) {
        let schedule = RetrySchedule(baseSeconds: base, capSeconds: base * 16, maxAttempts: 10)
        let gaps = (1...5).map { schedule.backoff(afterFailure: $0) }
        for (previous, next) in zip(gaps, gaps.dropFirst()) {
            #expect(abs(next / previous - 2) < 1e-9)
        }
        #expect(schedule.backoff(afterFailure: 9) == base * 16)
    }

    @Test("Retry-After wins when longer than the backoff, never when shorter")
    func retryAfter() {
        let schedule = RetrySchedule.standard
        #expect(schedule.decision(afterFailure: 1, retryAfter: 3) == .retry(afterSeconds: 3))
        #expect(schedule.decision(afterFailure: 3, retryAfter: 3) == .retry(afterSeconds: 4))
        #expect(schedule.decision(afterFailure: 1, retryAfter: 60) == .retry(afterSeconds: 60))
        #expect(schedule.decision(afterFailure: 5, retryAfter: 1) == .giveUp)
    }

    @Test("a late previous gap lengthens the next wait to twice it, up to the cap")
    func previousGap() {
        let schedule = RetrySchedule(baseSeconds: 0.1, capSeconds: 0.8, maxAttempts: 6)
        #expect(schedule.decision(afterFailure: 2, previousGap: 0.1) == .retry(afterSeconds: 0.2))
        #expect(schedule.decision(afterFailure: 2, previousGap: 0.137) == .retry(afterSeconds: 0.274))
        #expect(schedule.decision(afterFailure: 3, previousGap: 0.7) == .retry(afterSeconds: 0.8), "capped")
        #expect(
            schedule.decision(afterFailure: 2, previousGap: 0.05) == .retry(afterSeconds: 0.2),
            "never below the backoff")
        #expect(schedule.decision(afterFailure: 2, retryAfter: 3, previousGap: 0.2) == .retry(afterSeconds: 3))
        #expect(schedule.decision(afterFailure: 6, previousGap: 0.2) == .giveUp)
    }

    @Test("configurable attempts; bad values clamped")
    func configurable() {
        #expect(RetrySchedule(baseSeconds: 1, capSeconds: 16, maxAttempts: 1).decision(afterFailure: 1) == .giveUp)
        let clamped = RetrySchedule(baseSeconds: -3, capSeconds: .nan, maxAttempts: 0)
        #expect(clamped.baseSeconds == 0 && clamped.capSeconds == 0 && clamped.maxAttempts == 1)
        #expect(
            RetrySchedule(baseSeconds: 4, capSeconds: 1, maxAttempts: 3).backoff(afterFailure: 2) == 4,
            "a cap below the base never shortens the first wait")
        #expect(RetrySchedule.standard.backoff(afterFailure: 1_000) == 16)
    }

    @Test("poll schedule floors its first wait at the interval and keeps doubling")
    func flooredBase() {
        let poll = RetrySchedule.standard.flooredBase(atLeast: 3)
        #expect((1...4).map { poll.backoff(afterFailure: $0) } == [3, 6, 12, 16])
        #expect(RetrySchedule.standard.flooredBase(atLeast: 0.5) == .standard)
        #expect(RetrySchedule.standard.flooredBase(atLeast: 30).backoff(afterFailure: 3) == 30)
    }

    @Test("the total backoff adds the capped waits of a chain of failures")
    func totalBackoff() {
        #expect(RetrySchedule.standard.totalBackoff(throughFailure: 5) == 1 + 2 + 4 + 8 + 16)
        #expect(RetrySchedule.standard.totalBackoff(throughFailure: 7) == 31 + 16 + 16)
        #expect(RetrySchedule(baseSeconds: 0.25, capSeconds: 1, maxAttempts: 5).totalBackoff(throughFailure: 4) == 2.75)
        #expect(RetrySchedule.standard.totalBackoff(throughFailure: 0) == 0)
    }
}
