import Dispatch
import Foundation
import Synchronization

/// SIGINT / SIGTERM as an awaitable event, armed before the server announces itself.
///
/// A supervisor may send SIGTERM the moment it reads the `{"listening": ...}` line. On Linux,
/// libdispatch registers a signal source asynchronously (on its manager thread) and installs its own
/// handler then; setting `SIG_IGN` first would drop a signal that lands before that registration, and
/// the process would never stop. So on Linux the default action stays in place until libdispatch takes
/// over: an early SIGTERM still ends the process.
///
/// Not `Sendable` (dispatch sources are not): made and awaited by one command's `run()`.
final class TerminationSignal {
    private let arrival = Arrival()
    /// Kept alive as long as the signal is awaited.
    private let sources: [any DispatchSourceSignal]

    /// Installs dispatch sources for SIGINT and SIGTERM.
    init() {
        let queue = DispatchQueue(label: "skillsmock.signals")
        let arrival = self.arrival
        sources = [SIGINT, SIGTERM].map { signalNumber in
            #if !os(Linux)
                signal(signalNumber, SIG_IGN)  // kqueue sources need it; the default action would also run
            #endif
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { arrival.fire() }
            source.resume()
            return source
        }
    }

    /// Returns once a termination signal arrived (at once if one already did).
    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            arrival.wait(continuation)
        }
    }
}

/// Whether a termination signal arrived, and who waits for one.
private final class Arrival: Sendable {
    private struct State {
        var fired = false
        var continuation: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    /// Resumes `continuation` when a signal arrives, or at once if one already did.
    func wait(_ continuation: CheckedContinuation<Void, Never>) {
        let fired = state.withLock { state in
            if !state.fired { state.continuation = continuation }
            return state.fired
        }
        if fired { continuation.resume() }
    }

    /// Records the arrival and resumes the waiter, if any.
    func fire() {
        let pending = state.withLock { state in
            state.fired = true
            defer { state.continuation = nil }
            return state.continuation
        }
        pending?.resume()
    }
}
