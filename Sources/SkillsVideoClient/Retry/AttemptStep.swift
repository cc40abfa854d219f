/// What one attempt of a call came to, as the ``AttemptLoop`` sees it.
enum AttemptStep<Value> {
    /// The call is over: the loop stops with this value.
    case finish(Value)
    /// The attempt succeeded but the call goes on (a poll that was not terminal): the next attempt starts this
    /// many seconds from now, and the chain of failures ends.
    case proceed(afterSeconds: Double)
    /// The attempt failed; the loop retries it when the failure is transient and the schedule allows.
    case fail(CallFailure)
}

extension AttemptStep: Sendable where Value: Sendable {}
