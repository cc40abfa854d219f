import CLibevent
import Foundation
import SkillsCore
import SkillsScenario

/// Puts one `ResponsePlan` on the wire for one request, on the request's loop thread: the libevent shell of a
/// `ResponseMachine`, which decides everything. The shell feeds it events (its timer, the output draining, the
/// client going away) with the server clock's time, and performs the actions it answers with.
///
/// Lifetime: retained once in `start()` (the pointer is the context of its timer and drain callbacks) and
/// released exactly once in `finish()`, when the machine is done: a complete reply, a connection the driver
/// broke, or the client going away (its `ClientConnection` tells it). Replies due at once skip the driver:
/// `sendReply(_:to:)`.
final class ResponseDriver {
    private let base: OpaquePointer
    private let request: UnsafeMutablePointer<evhttp_request>
    private var connection: OpaquePointer?
    /// The connection's tracker, which reports a client going away while this driver listens.
    private let client: ClientConnection
    private let seq: Int?
    private let journal: Journal
    private let clock: MonotonicClock
    private var machine: ResponseMachine
    private var timer: OpaquePointer?
    private var retained: Unmanaged<ResponseDriver>?

    /// A driver for the plan `core` dispatched for `request` on `base`'s loop.
    init(
        base: OpaquePointer, request: UnsafeMutablePointer<evhttp_request>, client: ClientConnection,
        dispatch: ServerCore.Dispatch, core: ServerCore
    ) {
        self.base = base
        self.request = request
        self.client = client
        seq = dispatch.seq
        journal = core.journal
        clock = core.clock
        machine = ResponseMachine(
            plan: dispatch.plan, timeScale: core.configuration.timeScale,
            dribbleGapMs: core.configuration.dribbleGapMs)
    }

    /// Takes over the request: answers at once when nothing is delayed, else arms close detection and waits.
    func start() {
        retained = Unmanaged.passRetained(self)
        connection = evhttp_request_get_connection(request)
        if connection != nil { client.responderStarted(self) }
        handle(machine.start(atMs: clock.nowMs()))
    }

    // MARK: - Events

    fileprivate func timerFired() { handle(machine.timerFired(atMs: clock.nowMs())) }

    fileprivate func chunkDrained() { handle(machine.outputDrained(atMs: clock.nowMs())) }

    /// The client went away (called by its `ClientConnection`, which already forgot this driver).
    func connectionClosed() { handle(machine.clientGone(atMs: clock.nowMs())) }

    /// Performs an event's actions, then lets go once the machine is done.
    private func handle(_ actions: ResponseMachine.Actions) {
        perform(actions)
        if machine.isDone { finish() }
    }

    // MARK: - Actions

    private func perform(_ actions: ResponseMachine.Actions) {
        for action in actions {
            switch action {
            case .watchForClose:
                if let connection { ConnectionKiller.watchForClose(connection) }
            case .armTimer(let ms, _):
                arm(ms)
            case .journal(let note):
                record(note)
            case .startStream(let atMs):
                startStream(atMs: atMs)
            case .send(let index, let range):
                send(chunk: index, bytes: range)
            case .checkOutput:
                // Without a connection there is nothing left to break.
                guard let connection else { continue }
                let pending = ConnectionKiller.pendingOutput(connection) > 0
                perform(machine.outputChecked(pending: pending, atMs: clock.nowMs()))
            case .checkJournal:
                guard case .awaitJournal(let wait) = machine.plan else { continue }
                perform(machine.journalChecked(answered: journal.answeredCount(wait.filter), atMs: clock.nowMs()))
            case .reply(let atMs):
                guard case .reply(let reply) = machine.plan else { continue }
                sendReply(reply, atMs: atMs)
            case .answerJournalWait(let status):
                guard case .awaitJournal(let wait) = machine.plan else { continue }
                sendReply(AdminAPI.journalReply(journal.entries(wait.filter), status: status), atMs: clock.nowMs())
            case .end(let end, let atMs):
                self.end(end, atMs: atMs)
            }
        }
    }

    private func startStream(atMs: Double) {
        guard case .stream(let stream) = machine.plan else { return }
        let sent = stream.sentHeaders(at: Date())
        ResponseDriver.addHeaders(sent.headers, to: request)
        evhttp_send_reply_start(request, Int32(stream.status), HTTPReason.phrase(stream.status))
        if let seq {
            journal.answered(seq, status: stream.status, body: nil, retryAfter: sent.retryAfter, atMs: atMs)
        }
    }

    private func send(chunk index: Int, bytes range: Range<Int>) {
        let buffer = evbuffer_new()
        machine.chunks[index].bytes.withUnsafeBytes { all in
            let bytes = UnsafeRawBufferPointer(rebasing: all[range])
            _ = evbuffer_add(buffer, bytes.baseAddress, bytes.count)
        }
        evhttp_send_reply_chunk_with_cb(request, buffer, driverChunkDrained, retained?.toOpaque())
        evbuffer_free(buffer)
    }

    private func sendReply(_ scripted: ResponsePlan.Reply, atMs: Double) {
        stopListening()
        let reply = scripted.sent(at: Date())
        ResponseDriver.sendReply(reply, to: request)
        if let seq {
            journal.completed(
                seq, status: reply.status, body: reply.journalText, retryAfter: reply.retryAfter, atMs: atMs)
        }
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

    /// Ends the response: a proper end of the stream, a broken connection, or what is left once the client went.
    private func end(_ end: ConnectionEnd, atMs: Double) {
        switch end {
        case .complete:
            stopListening()
            evhttp_send_reply_end(request)
        case .close, .truncate, .reset, .faultReset, .faultClose, .faultGarbage:
            guard let connection else { return }
            stopListening()
            switch end {
            case .reset, .faultReset: ConnectionKiller.reset(connection)
            case .faultGarbage: ConnectionKiller.garbage(connection)
            default: ConnectionKiller.close(connection)
            }
            self.connection = nil
        case .clientClosed, .hang, .faultSilent:
            if let seq { journal.ended(seq, end, atMs: atMs) }
            // A request the client abandoned is detached from its connection: ending it frees it.
            // Otherwise (the whole server shutting down) libevent frees it with the connection.
            if evhttp_request_get_connection(request) == nil {
                evhttp_send_reply_end(request)
            }
            connection = nil
            return
        }
        if let seq { journal.ended(seq, end, atMs: atMs) }
    }

    private func record(_ note: ResponseMachine.Note) {
        guard let seq else { return }
        switch note {
        case .late(let ms):
            journal.update(seq) { $0.lateMs.append(ms) }
        case .chunkSent(let atMs):
            journal.update(seq) { $0.chunkMs.append(atMs) }
        case .served(let served, let chunkDone, let atMs):
            let events = served.map { ServedEvent(tMs: atMs, event: $0.event, data: $0.data, id: $0.id) }
            journal.update(seq) { entry in
                entry.events += events
                if chunkDone { entry.chunkMs.append(atMs) }
            }
        }
    }

    // MARK: - Helpers

    private static func addHeaders(_ headers: [Header], to request: UnsafeMutablePointer<evhttp_request>) {
        let output = evhttp_request_get_output_headers(request)
        for header in headers {
            evhttp_add_header(output, header.name, header.value)
        }
    }

    /// From here on the driver ends the response itself: a close must no longer reach it.
    private func stopListening() {
        client.responderStopped(self)
    }

    /// Arms the timer `ms` real milliseconds from now (libevent's cached loop time is refreshed first, so the
    /// interval counts from now, not from the start of this loop turn).
    private func arm(_ ms: Double) {
        if timer == nil { timer = event_new(base, -1, 0, driverTimerFired, retained?.toOpaque()) }
        event_base_update_cache_time(base)
        let micros = Int((max(0, ms) * 1000).rounded(.up))
        var tv = timeval(tv_sec: micros / 1_000_000, tv_usec: Int(micros % 1_000_000))
        event_add(timer, &tv)
    }

    /// Frees the timer and drops the retain taken in `start()`; the driver is gone afterwards.
    private func finish() {
        guard let unmanaged = retained else { return }
        retained = nil
        stopListening()
        if let timer {
            event_free(timer)
            self.timer = nil
        }
        unmanaged.release()
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
