/// Measures, from the client's side, the gap a server saw between a failed attempt and the next one.
///
/// The gap counts from the moment the failure was seen to the next attempt's start; when the next
/// attempt failed with an HTTP answer, that attempt's own round trip is added too, because on a
/// loaded machine the request may leave (and the server log it) well after the client "started" it.
/// Time-outs and other network failures add nothing: their duration is not latency.
struct RetryGapTracker<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    private var lastFailure: Instant?
    private var attemptStart: Instant?

    /// Notes that an attempt starts now.
    mutating func attemptStarted(at instant: Instant) {
        attemptStart = instant
    }

    /// Notes a transient failure seen at `instant`; returns the observed gap before the failing attempt
    /// (nil for the first failure of a chain), in seconds.
    mutating func failed(at instant: Instant, answered: Bool) -> Double? {
        defer { lastFailure = instant }
        guard let lastFailure, let attemptStart, attemptStart >= lastFailure else { return nil }
        let wait = lastFailure.duration(to: attemptStart)
        let roundTrip = answered ? attemptStart.duration(to: instant) : .zero
        return (wait + roundTrip).seconds
    }

    /// Ends the chain of consecutive failures (an attempt succeeded).
    mutating func reset() {
        lastFailure = nil
    }
}

extension RetryGapTracker where Instant == ContinuousClock.Instant {
    /// A tracker on the continuous clock.
    init() {}
}
