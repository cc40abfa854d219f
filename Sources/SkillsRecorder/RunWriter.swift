import Foundation
import SkillsScenario
import Synchronization

/// Writes recorded calls into their runs' files on a low-priority thread of its own, one at a time and in the
/// order the calls completed. A file rewrite (render, create, rename) then never takes a core from the front's
/// loop or the upstream loop while they relay a stream.
final class RunWriter: Sendable {
    /// One recorded call for the run of `fingerprint`.
    private struct Job: Sendable {
        let exchange: RecordedExchange
        let fingerprint: String
    }

    /// Calls not yet taken by the writer thread, and whether `finish` was called.
    private let queue = Mutex<(jobs: [Job], closed: Bool)>(([], false))
    /// Signalled once per call queued and once by `finish`.
    private let wake = DispatchSemaphore(value: 0)
    /// Signalled by the writer thread when it wrote everything and stopped.
    private let done = DispatchSemaphore(value: 0)

    /// A writer into `directory`, started at once; `log` gets each file written, `fatal` a file that cannot be.
    init(
        directory: String, log: @escaping @Sendable (String) -> Void,
        fatal: @escaping @Sendable (RecorderError) -> Void
    ) {
        let thread = Thread { [self] in
            run(store: RunStore(directory: directory), log: log, fatal: fatal)
        }
        thread.name = "skillsmock-record-writer"
        thread.start()
    }

    /// Queues a completed call for its run's file (callable from any thread).
    func submit(_ exchange: RecordedExchange, fingerprint: String) {
        queue.withLock { $0.jobs.append(Job(exchange: exchange, fingerprint: fingerprint)) }
        wake.signal()
    }

    /// Writes everything queued, then stops the thread (no call is lost when the recorder stops). Idempotent.
    func finish() {
        let first = queue.withLock { state -> Bool in
            defer { state.closed = true }
            return !state.closed
        }
        guard first else { return }
        wake.signal()
        done.wait()
    }

    private func run(
        store: RunStore, log: @Sendable (String) -> Void, fatal: @Sendable (RecorderError) -> Void
    ) {
        RunWriter.lowerPriority()
        while true {
            wake.wait()
            let (jobs, closed) = queue.withLock { state in
                defer { state.jobs.removeAll(keepingCapacity: true) }
                return (state.jobs, state.closed)
            }
            for job in jobs {
                do {
                    let path = try store.record(job.exchange, fingerprint: job.fingerprint)
                    log("recorded \(job.exchange.kind.rawValue) of \(job.fingerprint) into \(path)")
                } catch {
                    fatal(error)
                }
            }
            if closed {
                done.signal()
                return
            }
        }
    }

    /// Runs the calling thread only when no other thread of the process wants the core (Linux `SCHED_IDLE`).
    private static func lowerPriority() {
        #if os(Linux)
            var parameters = sched_param()
            parameters.sched_priority = 0
            // SCHED_IDLE from <sched.h>, which Swift does not import (it sits behind _GNU_SOURCE).
            let schedIdle: Int32 = 5
            pthread_setschedparam(pthread_self(), schedIdle, &parameters)
        #endif
    }
}
