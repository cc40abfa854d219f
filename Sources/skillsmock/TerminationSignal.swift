import Dispatch
import Foundation

/// SIGINT / SIGTERM as an awaitable event, armed before the server announces itself.
///
/// A supervisor may send SIGTERM the moment it reads the `{"listening": ...}` line. On Linux,
/// libdispatch registers a signal source asynchronously (on its manager thread) and installs its own
/// handler then; setting `SIG_IGN` first would drop a signal that lands before that registration, and
/// the process would never stop (seen: about one start in ten under `ci/bench`). So on Linux the
/// default action stays in place until libdispatch takes over: an early SIGTERM still ends the process.
final class TerminationSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var fired = false
    private var continuation: CheckedContinuation<Void, Never>?
    private var sources: [DispatchSourceSignal] = []

    /// Installs dispatch sources for SIGINT and SIGTERM.
    init() {
        let queue = DispatchQueue(label: "skillsmock.signals")
        for signalNumber in [SIGINT, SIGTERM] {
            #if !os(Linux)
                signal(signalNumber, SIG_IGN)  // kqueue sources need it; the default action would also run
            #endif
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { [weak self] in self?.fire() }
            source.resume()
            sources.append(source)
        }
    }

    /// Returns once a termination signal arrived (at once if one already did).
    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            lock.lock()
            if fired {
                lock.unlock()
                continuation.resume()
                return
            }
            self.continuation = continuation
            lock.unlock()
        }
    }

    private func fire() {
        lock.lock()
        fired = true
        let pending = continuation
        continuation = nil
        lock.unlock()
        pending?.resume()
    }
}
