import Foundation
import SkillsScenario

/// Writes recorded calls into their runs' files on a low-priority thread of its own, one at a time and in the
/// order the calls completed. A file rewrite (render, create, rename) then never takes a core from the front's
/// loop or the upstream loop while they relay a stream.
final class RunWriter: @unchecked Sendable {
    /// One recorded call for the run of `fingerprint`.
    private struct Job {
        let exchange: RecordedExchange
        let fingerprint: String
    }

    private let store: RunStore
    private let log: @Sendable (String) -> Void
    private let fatal: @Sendable (RecorderError) -> Void
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var pending: [Job] = []
    private var writing = false
    private var closed = false

    /// A writer into `directory`, started at once; `log` gets each file written, `fatal` a file that cannot be.
    init(
        directory: String, log: @escaping @Sendable (String) -> Void,
        fatal: @escaping @Sendable (RecorderError) -> Void
    ) {
        store = RunStore(directory: directory)
        self.log = log
        self.fatal = fatal
        let thread = Thread { [self] in run() }
        thread.name = "skillsmock-record-writer"
        thread.start()
    }

    /// Queues a completed call for its run's file (callable from any thread).
    func submit(_ exchange: RecordedExchange, fingerprint: String) {
        condition.lock()
        pending.append(Job(exchange: exchange, fingerprint: fingerprint))
        condition.signal()
        condition.unlock()
    }

    /// Writes everything queued, then stops the thread (no call is lost when the recorder stops).
    func finish() {
        condition.lock()
        closed = true
        condition.broadcast()
        while writing || !pending.isEmpty { condition.wait() }
        condition.unlock()
    }

    private func run() {
        RunWriter.lowerPriority()
        while true {
            condition.lock()
            while pending.isEmpty && !closed { condition.wait() }
            if pending.isEmpty {
                condition.broadcast()
                condition.unlock()
                return
            }
            let jobs = pending
            pending.removeAll(keepingCapacity: true)
            writing = true
            condition.unlock()
            for job in jobs {
                do {
                    let path = try store.record(job.exchange, fingerprint: job.fingerprint)
                    log("recorded \(job.exchange.kind.rawValue) of \(job.fingerprint) into \(path)")
                } catch {
                    fatal(error)
                }
            }
            condition.lock()
            writing = false
            condition.broadcast()
            condition.unlock()
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
