import CLibevent
import SkillsCore

/// A timer on one loop that fires every `intervalMs` of real time and records how late it fired into the
/// server's lateness ring: how long the loop was busy when it should have been waiting. It shows lag even
/// while no scripted timer runs.
///
/// Owned by its `ServerLoop`; every call happens on the loop's thread (or before the loop runs).
final class LoopLagProbe {
    private let base: OpaquePointer
    private let clock: MonotonicClock
    /// The server, whose lateness ring takes the samples.
    private let core: ServerCore
    private let intervalMs: Double
    private var interval: timeval
    private var timer: OpaquePointer?
    /// When the armed tick is due (server clock, ms).
    private var dueMs = 0.0

    /// A probe ticking every `intervalMs` real ms (> 0) into `core`'s lateness ring; `start()` arms it.
    init(base: OpaquePointer, intervalMs: Double, core: ServerCore) {
        self.base = base
        self.clock = core.clock
        self.core = core
        self.intervalMs = intervalMs
        let micros = Int(intervalMs * 1000)
        interval = timeval(tv_sec: micros / 1_000_000, tv_usec: Int(micros % 1_000_000))
        timer = event_new(base, -1, 0, probeTimerFired, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Arms the first tick.
    func start() { arm() }

    /// Frees the timer (the loop is going away). Idempotent.
    func dispose() {
        if let timer { event_free(timer) }
        timer = nil
    }

    fileprivate func fired() {
        let now = clock.nowMs()
        let late = Swift.max(0, now - dueMs)
        core.lateness.withLock { $0.append(atMs: now, lateMs: late) }
        arm()
    }

    /// Arms the next tick `intervalMs` from now (libevent's cached loop time refreshed first, so it counts from
    /// now too, not from the start of this loop turn).
    private func arm() {
        guard let timer else { return }
        event_base_update_cache_time(base)
        dueMs = clock.nowMs() + intervalMs
        event_add(timer, &interval)
    }
}

private let probeTimerFired: @convention(c) (Int32, Int16, UnsafeMutableRawPointer?) -> Void = { _, _, arg in
    arg.map { Unmanaged<LoopLagProbe>.fromOpaque($0).takeUnretainedValue() }?.fired()
}
