import CLibevent
import Foundation
import SkillsCore
import SkillsScenario

/// Puts one `ResponsePlan` on the wire for one request, on the request's loop thread.
///
/// Lifetime: retained once in `start()` (the pointer is the context of its timer and drain callbacks) and
/// released exactly once in `finish()`, which every ending path reaches: a complete reply, a connection the
/// driver killed, or the client going away (its `ClientConnection` tells it). Replies due at once skip the
/// driver: `sendReply(_:to:)`.
///
/// Every scripted timer (the delay before the answer, each item's delay, each dribble gap) journals how late
/// it fired (`JournalEntry.lateMs`). A scripted `reset` comes `MockServer.resetGraceMs` of real time after the
/// last bytes drained, never sooner.
final class ResponseDriver {
    /// Where the driver is in its plan.
    private enum Phase { case waiting, streaming, ending, hanging, silent, done }

    /// What the timer does when it fires.
    private enum TimerAction {
        case begin, sendChunk
        case endAfterDrain(ConnectionEnd)
        /// Look at the journal again for an admin call that waits on it (until `deadlineMs`).
        case checkJournal(ResponsePlan.JournalWait, deadlineMs: Double)
    }

    /// How often a waiting admin call looks at the journal, in real milliseconds.
    static let journalCheckMs = 5.0

    private let base: OpaquePointer
    private let request: UnsafeMutablePointer<evhttp_request>
    private var connection: OpaquePointer?
    /// The connection's tracker, which reports a client going away while this driver listens.
    private let client: ClientConnection
    private let plan: ResponsePlan
    private let seq: Int?
    private let journal: Journal
    private let clock: MonotonicClock
    private let timeScale: Double
    private let dribbleGapMs: Double

    private var phase = Phase.waiting
    private var timer: OpaquePointer?
    private var action = TimerAction.begin
    private var chunkIndex = 0
    private var byteOffset = 0
    private var retained: Unmanaged<ResponseDriver>?
    /// When the armed timer is due (server clock, ms), when it is a scripted one; its lateness is journaled.
    private var scriptedDueMs: Double?
    /// When the output last drained (server clock, ms); nil while bytes queued since have not been seen drained.
    private var drainedMs: Double?

    init(
        base: OpaquePointer, request: UnsafeMutablePointer<evhttp_request>, client: ClientConnection,
        plan: ResponsePlan,
        seq: Int?, journal: Journal, clock: MonotonicClock, timeScale: Double, dribbleGapMs: Double
    ) {
        self.base = base
        self.request = request
        self.client = client
        self.plan = plan
        self.seq = seq
        self.journal = journal
        self.clock = clock
        self.timeScale = timeScale
        self.dribbleGapMs = dribbleGapMs
    }

    /// Takes over the request: answers at once when nothing is delayed, else arms close detection and waits.
    func start() {
        let unmanaged = Unmanaged.passRetained(self)
        retained = unmanaged
        connection = evhttp_request_get_connection(request)
        if connection != nil { client.driver = self }
        let delay = scaled(plan.delayMs)
        guard delay > 0 else {
            begin()
            return
        }
        if let connection { ConnectionKiller.watchForClose(connection) }
        schedule(.begin, afterMs: delay, scripted: true)
    }

    // MARK: - Callbacks

    fileprivate func timerFired() {
        if let due = scriptedDueMs {
            scriptedDueMs = nil
            let late = max(0, clock.nowMs() - due)
            if let seq { journal.update(seq) { $0.lateMs.append(late) } }
        }
        switch action {
        case .begin: begin()
        case .sendChunk: sendChunk()
        case .endAfterDrain(let end): endAfterDrain(end)
        case .checkJournal(let wait, let deadlineMs): checkJournal(wait, deadlineMs: deadlineMs)
        }
    }

    fileprivate func chunkDrained() {
        guard phase == .streaming, case .stream(let stream) = plan else { return }
        let chunk = stream.chunks[chunkIndex]
        let drained = chunk.dribble ? byteOffset..<(byteOffset + 1) : 0..<chunk.bytes.count
        let served = chunk.served.filter { drained.contains($0.blankLineEnd) }
        let now = clock.nowMs()
        drainedMs = now
        let finished = !(chunk.dribble && byteOffset + 1 < chunk.bytes.count)
        if let seq, finished || !served.isEmpty {
            let events = served.map { ServedEvent(tMs: now, event: $0.event, data: $0.data, id: $0.id) }
            journal.update(seq) { entry in
                entry.events += events
                if finished { entry.chunkMs.append(now) }
            }
        }
        if !finished {
            byteOffset += 1
            schedule(.sendChunk, afterMs: max(1, scaled(dribbleGapMs)), scripted: true)
            return
        }
        chunkIndex += 1
        byteOffset = 0
        advance()
    }

    /// The client went away (called by its `ClientConnection`, which already forgot this driver).
    func connectionClosed() {
        let end: ConnectionEnd
        switch phase {
        case .hanging: end = .hang
        case .silent: end = .faultSilent
        default: end = .clientClosed
        }
        record(end)
        // A request the client abandoned is detached from its connection: ending it frees it.
        // Otherwise (the whole server shutting down) libevent frees it with the connection.
        if evhttp_request_get_connection(request) == nil {
            evhttp_send_reply_end(request)
        }
        connection = nil
        finish()
    }

    // MARK: - Plan steps

    private func begin() {
        switch plan {
        case .reply(let reply):
            sendReply(reply)
        case .stream(let stream):
            let sent = stream.sentHeaders(at: Date())
            addHeaders(sent.headers)
            evhttp_send_reply_start(request, Int32(stream.status), HTTPReason.phrase(stream.status))
            drainedMs = nil
            if let seq {
                journal.answered(
                    seq, status: stream.status, body: nil, retryAfter: sent.retryAfter, atMs: clock.nowMs())
            }
            phase = .streaming
            advance()
        case .fault(_, let fault):
            perform(fault)
        case .awaitJournal(let wait):
            if let connection { ConnectionKiller.watchForClose(connection) }
            checkJournal(wait, deadlineMs: clock.nowMs() + wait.timeoutMs)
        }
    }

    /// Answers a waiting admin call once `wait.count` matching entries were answered (200), or at its deadline
    /// with those that were (408); otherwise looks again shortly.
    private func checkJournal(_ wait: ResponsePlan.JournalWait, deadlineMs: Double) {
        if journal.answeredCount(wait.filter) >= wait.count {
            sendReply(AdminAPI.journalReply(journal.entries(wait.filter), status: 200))
        } else if clock.nowMs() >= deadlineMs {
            sendReply(AdminAPI.journalReply(journal.entries(wait.filter), status: 408))
        } else {
            schedule(.checkJournal(wait, deadlineMs: deadlineMs), afterMs: ResponseDriver.journalCheckMs)
        }
    }

    private func sendReply(_ scripted: ResponsePlan.Reply) {
        stopListening()
        let reply = scripted.sent(at: Date())
        ResponseDriver.sendReply(reply, to: request)
        if let seq {
            journal.completed(
                seq, status: reply.status, body: reply.journalText, retryAfter: reply.retryAfter, atMs: clock.nowMs())
        }
        finish()
    }

    /// Puts a complete reply on the request (journaling is the caller's).
    static func sendReply(_ reply: ResponsePlan.Reply, to request: UnsafeMutablePointer<evhttp_request>) {
        addHeaders(reply.headers, to: request)
        if !reply.body.isEmpty {
            let output = evhttp_request_get_output_buffer(request)
            reply.body.withUnsafeBytes { _ = evbuffer_add(output, $0.baseAddress, $0.count) }
        }
        evhttp_send_reply(request, Int32(reply.status), HTTPReason.phrase(reply.status), nil)
    }

    private func advance() {
        guard case .stream(let stream) = plan else { return }
        guard chunkIndex < stream.chunks.count else {
            endStream(stream.end)
            return
        }
        let delay = scaled(stream.chunks[chunkIndex].delayMs)
        if delay > 0 {
            schedule(.sendChunk, afterMs: delay, scripted: true)
        } else {
            sendChunk()
        }
    }

    private func sendChunk() {
        guard case .stream(let stream) = plan else { return }
        let chunk = stream.chunks[chunkIndex]
        if chunk.bytes.isEmpty {
            chunkIndex += 1
            advance()
            return
        }
        if byteOffset == 0, let seq {
            let now = clock.nowMs()
            journal.update(seq) { $0.chunkMs.append(now) }
        }
        let buffer = evbuffer_new()
        chunk.bytes.withUnsafeBytes { all in
            let bytes = chunk.dribble ? UnsafeRawBufferPointer(rebasing: all[byteOffset..<byteOffset + 1]) : all
            _ = evbuffer_add(buffer, bytes.baseAddress, bytes.count)
        }
        evhttp_send_reply_chunk_with_cb(request, buffer, driverChunkDrained, retained?.toOpaque())
        evbuffer_free(buffer)
        drainedMs = nil
    }

    private func endStream(_ end: StreamEnd) {
        switch end {
        case .complete:
            stopListening()
            evhttp_send_reply_end(request)
            record(.complete)
            finish()
        case .hang:
            phase = .hanging
        case .close:
            phase = .ending
            schedule(.endAfterDrain(.close), afterMs: 0)
        case .truncate:
            phase = .ending
            schedule(.endAfterDrain(.truncate), afterMs: 0)
        case .reset:
            phase = .ending
            schedule(.endAfterDrain(.reset), afterMs: 0)
        }
    }

    /// Breaks the connection once its output reached the kernel, so the bytes arrive first: a close at the next
    /// loop turn, a reset `MockServer.resetGraceMs` of real time after the output drained (checked against the
    /// clock when the timer fires, so it is never early).
    private func endAfterDrain(_ end: ConnectionEnd) {
        guard let connection else { return }
        if ConnectionKiller.pendingOutput(connection) > 0 {
            schedule(.endAfterDrain(end), afterMs: 1)
            return
        }
        if end == .reset {
            let now = clock.nowMs()
            let drained = drainedMs ?? now
            drainedMs = drained
            let wait = drained + MockServer.resetGraceMs - now
            if wait > 0 {
                schedule(.endAfterDrain(end), afterMs: wait)
                return
            }
        }
        stopListening()
        if end == .reset { ConnectionKiller.reset(connection) } else { ConnectionKiller.close(connection) }
        self.connection = nil
        record(end)
        finish()
    }

    private func perform(_ fault: Fault) {
        guard let connection else { return }
        switch fault {
        case .silent:
            phase = .silent
            ConnectionKiller.watchForClose(connection)
            return
        case .reset:
            stopListening()
            ConnectionKiller.reset(connection)
            record(.faultReset)
        case .close:
            stopListening()
            ConnectionKiller.close(connection)
            record(.faultClose)
        case .garbage:
            stopListening()
            ConnectionKiller.garbage(connection)
            record(.faultGarbage)
        }
        self.connection = nil
        finish()
    }

    // MARK: - Helpers

    private func addHeaders(_ headers: [Header]) { ResponseDriver.addHeaders(headers, to: request) }

    private static func addHeaders(_ headers: [Header], to request: UnsafeMutablePointer<evhttp_request>) {
        let output = evhttp_request_get_output_headers(request)
        for header in headers {
            evhttp_add_header(output, header.name, header.value)
        }
    }

    /// From here on the driver ends the response itself: a close must no longer reach it.
    private func stopListening() {
        if client.driver === self { client.driver = nil }
    }

    private func record(_ end: ConnectionEnd) {
        if let seq { journal.ended(seq, end, atMs: clock.nowMs()) }
    }

    private func scaled(_ ms: Double) -> Double { ms * timeScale }

    /// Arms the timer `ms` real milliseconds from now (libevent's cached loop time is refreshed first, so the
    /// interval counts from now, not from the start of this loop turn); a scripted timer journals its lateness.
    private func schedule(_ next: TimerAction, afterMs ms: Double, scripted: Bool = false) {
        action = next
        if timer == nil { timer = event_new(base, -1, 0, driverTimerFired, retained?.toOpaque()) }
        event_base_update_cache_time(base)
        scriptedDueMs = scripted ? clock.nowMs() + max(0, ms) : nil
        let micros = Int((max(0, ms) * 1000).rounded(.up))
        var tv = timeval(tv_sec: micros / 1_000_000, tv_usec: Int(micros % 1_000_000))
        event_add(timer, &tv)
    }

    /// Frees the timer and drops the retain taken in `start()`; the driver is gone afterwards.
    private func finish() {
        guard phase != .done else { return }
        phase = .done
        stopListening()
        if let timer {
            event_free(timer)
            self.timer = nil
        }
        let unmanaged = retained
        retained = nil
        unmanaged?.release()
    }
}

private func driver(_ arg: UnsafeMutableRawPointer?) -> ResponseDriver? {
    arg.map { Unmanaged<ResponseDriver>.fromOpaque($0).takeUnretainedValue() }
}

private let driverTimerFired: @convention(c) (Int32, Int16, UnsafeMutableRawPointer?) -> Void = { _, _, arg in
    driver(arg)?.timerFired()
}

private let driverChunkDrained: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Void = { _, arg in
    driver(arg)?.chunkDrained()
}
