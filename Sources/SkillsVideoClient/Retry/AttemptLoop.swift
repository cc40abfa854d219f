/// One call's attempts, shared by create and poll: runs an attempt and, after a transient failure, waits as the
/// ``RetrySchedule`` says before the next.
///
/// Waits count from the failure (or, after a successful attempt that asks to go on, from its answer). With a time
/// limit, the limit is checked before each attempt and every wait is clipped to it. The loop does no I/O: the
/// attempts and the clock are given, so it runs under a test clock with a fake transport.
struct AttemptLoop<C: Clock>: Sendable where C.Duration == Duration {
    /// When to retry a transient failure and when to give up.
    let schedule: RetrySchedule
    /// The clock every wait and measurement uses.
    let clock: C
    /// Seconds the whole call may take; nil for no limit.
    let timeLimit: Double?

    /// Creates a loop; `timeLimit` (seconds) bounds the whole call when given.
    init(schedule: RetrySchedule, clock: C, timeLimit: Double? = nil) {
        self.schedule = schedule
        self.clock = clock
        self.timeLimit = timeLimit
    }

    /// Runs attempts until one ends the call, a failure is final, the time limit passes or the task is cancelled.
    ///
    /// `attempt` gets the attempt's number (1-based). `retrying` hears each retry before its wait: the failed
    /// attempt's number, the wait in seconds and the failure.
    func run<Value>(
        attempt: (Int) async -> AttemptStep<Value>,
        retrying: (Int, Double, CallFailure) -> Void
    ) async -> AttemptEnding<Value> {
        let started = clock.now
        let deadline = timeLimit.map { started.advanced(by: .seconds($0)) }
        var nextStart = started
        var attempts = 0
        var failures = 0
        var gaps = RetryGapTracker<C.Instant>()
        while true {
            if Task.isCancelled { return .cancelled }
            if nextStart > clock.now {
                do {
                    try await clock.sleep(until: deadline.map { min(nextStart, $0) } ?? nextStart, tolerance: nil)
                } catch {
                    return .cancelled
                }
            }
            if let deadline, clock.now >= deadline {
                return .timedOut(attempts: attempts, elapsedSeconds: started.duration(to: clock.now).seconds)
            }
            attempts += 1
            gaps.attemptStarted(at: clock.now)
            let failure: CallFailure
            switch await attempt(attempts) {
            case .finish(let value):
                return .finished(value)
            case .proceed(let pause):
                failures = 0
                gaps.reset()
                nextStart = clock.now.advanced(by: .seconds(pause))
                continue
            case .fail(let failed):
                failure = failed
            }
            guard failure.isTransient else { return .failed(failure, attempts: attempts) }
            failures += 1
            let previousGap = gaps.failed(at: clock.now, answered: failure.httpStatus != nil)
            guard
                case .retry(let wait) = schedule.decision(
                    afterFailure: failures, retryAfter: failure.retryAfterSeconds, previousGap: previousGap)
            else {
                return .failed(failure, attempts: attempts)
            }
            nextStart = clock.now.advanced(by: .seconds(wait))
            retrying(attempts, wait, failure)
        }
    }
}
