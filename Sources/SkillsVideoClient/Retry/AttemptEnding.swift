/// How an ``AttemptLoop`` ended.
enum AttemptEnding<Value> {
    /// An attempt finished the call with this value.
    case finished(Value)
    /// A failure that is not transient, or the last attempt the schedule allows failed.
    case failed(CallFailure, attempts: Int)
    /// The time limit passed before the next attempt.
    case timedOut(attempts: Int, elapsedSeconds: Double)
    /// The task was cancelled between attempts or during a wait.
    case cancelled
}

extension AttemptEnding: Sendable where Value: Sendable {}
