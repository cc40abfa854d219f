import Synchronization

@testable import SkillsVideoClient

/// A fake poll transport: answers from a script (the last answer repeats), each call taking `roundTrip` on a
/// ``TestClock``; records when each call started.
final class ScriptedTransport: PollTransport {
    private let clock: TestClock
    private let roundTrip: Duration
    private let state: Mutex<(script: [Result<HTTPAnswer, NetworkFailure>], calls: [Double])>

    /// Creates a transport answering `script` in order.
    init(clock: TestClock, roundTrip: Duration = .zero, script: [Result<HTTPAnswer, NetworkFailure>]) {
        self.clock = clock
        self.roundTrip = roundTrip
        state = Mutex((script, []))
    }

    /// The test-clock seconds at which each call started.
    var callTimes: [Double] { state.withLock { $0.calls } }

    func get(url: String, timeout: Double) async -> Result<HTTPAnswer, NetworkFailure> {
        let started = clock.seconds
        clock.advance(by: roundTrip)
        return state.withLock { state in
            state.calls.append(started)
            return state.script.count > 1 ? state.script.removeFirst() : state.script[0]
        }
    }
}
