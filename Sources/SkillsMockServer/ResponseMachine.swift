import SkillsCore

/// Where one response is in its `ResponsePlan`, and what must happen next: a pure state machine fed events
/// (start, timer fired, output drained, client gone, the answers to its two questions) with the time on the
/// server clock, answering with actions its libevent shell (`ResponseDriver`) performs. No I/O, no clock.
///
/// Timing rules: every scripted delay is scaled by the time scale; a dribbled chunk goes a byte at a time, a
/// scaled dribble gap (at least 1 ms) apart; every scripted timer journals how late it fired; a scripted
/// `reset` comes `resetGraceMs` of real time after the last bytes drained, never sooner; an admin call waiting
/// on the journal looks again every `journalCheckMs` until its deadline.
struct ResponseMachine {
    /// Where the response is.
    enum State: Equatable {
        /// Before the answer: its scaled delay is running.
        case waiting
        /// Streaming chunk `chunk` from byte `byte` (a dribbled chunk advances a byte at a time); `drainedMs`
        /// is when the output last drained, nil while bytes queued since were not seen drained.
        case streaming(chunk: Int, byte: Int, drainedMs: Double?)
        /// Every chunk went out; the connection breaks this way once its output reached the kernel.
        case ending(ConnectionEnd, drainedMs: Double?)
        /// An admin call waits for journal entries until `deadlineMs`.
        case awaitingJournal(deadlineMs: Double)
        /// The stream stays open, silent, until the client goes.
        case hanging
        /// A `silent` fault: no answer at all, until the client goes.
        case silent
        /// The response ended; nothing more happens.
        case done
    }

    /// One thing the shell does, in the order given.
    enum Action: Equatable {
        /// Make libevent notice a client that goes away while nothing is being written.
        case watchForClose
        /// Arm the timer `ms` real milliseconds from now; a scripted timer is due at `scriptedDueMs`.
        case armTimer(ms: Double, scriptedDueMs: Double?)
        /// Write something to the request's journal entry.
        case journal(Note)
        /// Send the stream's status line and headers; journal it answered at `atMs`.
        case startStream(atMs: Double)
        /// Queue `bytes` of chunk `chunk`, telling the machine when they drained.
        case send(chunk: Int, bytes: Range<Int>)
        /// Ask whether output is still waiting to reach the kernel (answer with `outputChecked`).
        case checkOutput
        /// Ask how many journal entries answered the admin call's wait (answer with `journalChecked`).
        case checkJournal
        /// Send the planned reply, journaled complete at `atMs`. Ends the response.
        case reply(atMs: Double)
        /// Answer the admin call's journal wait with `status` (200 found, 408 deadline). Ends the response.
        case answerJournalWait(status: Int)
        /// End the response this way and journal it at `atMs`. Ends the response.
        case end(ConnectionEnd, atMs: Double)
    }

    /// A write to the request's journal entry (one journal update each).
    enum Note: Equatable {
        /// A scripted timer fired `ms` late (`JournalEntry.lateMs`).
        case late(ms: Double)
        /// A chunk's first byte was queued at `atMs`.
        case chunkSent(atMs: Double)
        /// Output drained at `atMs`, serving `events`; when `chunkDone`, the whole chunk went out.
        case served([ResponsePlan.ServedFields], chunkDone: Bool, atMs: Double)
    }

    /// The actions of one event, in order.
    typealias Actions = ActionList<Action>

    /// How often a waiting admin call looks at the journal, in real milliseconds.
    static let journalCheckMs = 5.0

    /// The plan being put on the wire.
    let plan: ResponsePlan
    /// The stream's chunks (empty unless the plan is a stream).
    let chunks: [ResponsePlan.StreamChunk]
    private let timeScale: Double
    private let dribbleGapMs: Double
    private let resetGraceMs: Double
    private(set) var state = State.waiting
    /// When the armed timer is due, when it is a scripted one: its lateness is journaled when it fires.
    private var scriptedDueMs: Double?

    init(plan: ResponsePlan, timeScale: Double, dribbleGapMs: Double, resetGraceMs: Double = MockServer.resetGraceMs) {
        self.plan = plan
        if case .stream(let stream) = plan { chunks = stream.chunks } else { chunks = [] }
        self.timeScale = timeScale
        self.dribbleGapMs = dribbleGapMs
        self.resetGraceMs = resetGraceMs
    }

    /// Whether the response ended (the shell then frees what it holds).
    var isDone: Bool { state == .done }

    // MARK: - Events

    /// The request arrived at `nowMs`: answer at once, or wait out the scaled delay watching for a close.
    mutating func start(atMs nowMs: Double) -> Actions {
        var actions = Actions()
        let delay = plan.delayMs * timeScale
        if delay > 0 {
            actions.append(.watchForClose)
            arm(delay, scripted: true, at: nowMs, into: &actions)
        } else {
            begin(at: nowMs, into: &actions)
        }
        return actions
    }

    /// The armed timer fired at `nowMs`.
    mutating func timerFired(atMs nowMs: Double) -> Actions {
        var actions = Actions()
        if let due = scriptedDueMs {
            scriptedDueMs = nil
            actions.append(.journal(.late(ms: max(0, nowMs - due))))
        }
        switch state {
        case .waiting: begin(at: nowMs, into: &actions)
        case .streaming(let chunk, let byte, let drainedMs):
            send(chunk: chunk, byte: byte, drainedMs: drainedMs, at: nowMs, into: &actions)
        case .ending: actions.append(.checkOutput)
        case .awaitingJournal: actions.append(.checkJournal)
        case .hanging, .silent, .done: break
        }
        return actions
    }

    /// The bytes of the last `send` drained at `nowMs`.
    mutating func outputDrained(atMs nowMs: Double) -> Actions {
        var actions = Actions()
        guard case .streaming(let index, let byte, _) = state else { return actions }
        let chunk = chunks[index]
        let drained = chunk.dribble ? byte..<(byte + 1) : 0..<chunk.bytes.count
        let served = chunk.served.filter { drained.contains($0.blankLineEnd) }
        let finished = !(chunk.dribble && byte + 1 < chunk.bytes.count)
        if finished || !served.isEmpty {
            actions.append(.journal(.served(served, chunkDone: finished, atMs: nowMs)))
        }
        if finished {
            advance(to: index + 1, drainedMs: nowMs, at: nowMs, into: &actions)
        } else {
            state = .streaming(chunk: index, byte: byte + 1, drainedMs: nowMs)
            arm(max(1, dribbleGapMs * timeScale), scripted: true, at: nowMs, into: &actions)
        }
        return actions
    }

    /// The answer to `checkOutput` at `nowMs`: break the connection once nothing is pending (a reset only
    /// `resetGraceMs` after the output drained), else look again shortly.
    mutating func outputChecked(pending: Bool, atMs nowMs: Double) -> Actions {
        var actions = Actions()
        guard case .ending(let end, let drainedMs) = state else { return actions }
        if pending {
            arm(1, scripted: false, at: nowMs, into: &actions)
            return actions
        }
        if end == .reset {
            let drained = drainedMs ?? nowMs
            state = .ending(end, drainedMs: drained)
            let wait = drained + resetGraceMs - nowMs
            if wait > 0 {
                arm(wait, scripted: false, at: nowMs, into: &actions)
                return actions
            }
        }
        state = .done
        actions.append(.end(end, atMs: nowMs))
        return actions
    }

    /// The answer to `checkJournal` at `nowMs`: `answered` entries match the wait.
    mutating func journalChecked(answered: Int, atMs nowMs: Double) -> Actions {
        var actions = Actions()
        guard case .awaitingJournal(let deadlineMs) = state, case .awaitJournal(let wait) = plan else {
            return actions
        }
        if answered >= wait.count {
            state = .done
            actions.append(.answerJournalWait(status: 200))
        } else if nowMs >= deadlineMs {
            state = .done
            actions.append(.answerJournalWait(status: 408))
        } else {
            arm(ResponseMachine.journalCheckMs, scripted: false, at: nowMs, into: &actions)
        }
        return actions
    }

    /// The client went away at `nowMs`: the response ends as it stood.
    mutating func clientGone(atMs nowMs: Double) -> Actions {
        var actions = Actions()
        let end: ConnectionEnd
        switch state {
        case .done: return actions
        case .hanging: end = .hang
        case .silent: end = .faultSilent
        default: end = .clientClosed
        }
        state = .done
        actions.append(.end(end, atMs: nowMs))
        return actions
    }

    // MARK: - Plan steps

    private mutating func begin(at nowMs: Double, into actions: inout Actions) {
        switch plan {
        case .reply:
            state = .done
            actions.append(.reply(atMs: nowMs))
        case .stream:
            actions.append(.startStream(atMs: nowMs))
            advance(to: 0, drainedMs: nil, at: nowMs, into: &actions)
        case .fault(_, let fault):
            let end: ConnectionEnd
            switch fault {
            case .silent:
                state = .silent
                actions.append(.watchForClose)
                return
            case .reset: end = .faultReset
            case .close: end = .faultClose
            case .garbage: end = .faultGarbage
            }
            state = .done
            actions.append(.end(end, atMs: nowMs))
        case .awaitJournal(let wait):
            state = .awaitingJournal(deadlineMs: nowMs + wait.timeoutMs)
            actions.append(.watchForClose)
            actions.append(.checkJournal)
        }
    }

    /// Moves to chunk `index`: sends it now or after its scaled delay; past the last chunk, ends the stream.
    private mutating func advance(to index: Int, drainedMs: Double?, at nowMs: Double, into actions: inout Actions) {
        guard index < chunks.count else {
            endStream(drainedMs: drainedMs, at: nowMs, into: &actions)
            return
        }
        state = .streaming(chunk: index, byte: 0, drainedMs: drainedMs)
        let delay = chunks[index].delayMs * timeScale
        if delay > 0 {
            arm(delay, scripted: true, at: nowMs, into: &actions)
        } else {
            send(chunk: index, byte: 0, drainedMs: drainedMs, at: nowMs, into: &actions)
        }
    }

    /// Queues chunk `index` from `byte` (one byte of a dribbled chunk); an empty chunk is passed over.
    private mutating func send(
        chunk index: Int, byte: Int, drainedMs: Double?, at nowMs: Double, into actions: inout Actions
    ) {
        let chunk = chunks[index]
        if chunk.bytes.isEmpty {
            advance(to: index + 1, drainedMs: drainedMs, at: nowMs, into: &actions)
            return
        }
        if byte == 0 { actions.append(.journal(.chunkSent(atMs: nowMs))) }
        state = .streaming(chunk: index, byte: byte, drainedMs: nil)
        actions.append(.send(chunk: index, bytes: chunk.dribble ? byte..<(byte + 1) : 0..<chunk.bytes.count))
    }

    private mutating func endStream(drainedMs: Double?, at nowMs: Double, into actions: inout Actions) {
        guard case .stream(let stream) = plan else { return }
        switch stream.end {
        case .complete:
            state = .done
            actions.append(.end(.complete, atMs: nowMs))
        case .hang:
            state = .hanging
        case .close, .truncate, .reset:
            let end: ConnectionEnd = stream.end == .close ? .close : stream.end == .truncate ? .truncate : .reset
            state = .ending(end, drainedMs: drainedMs)
            arm(0, scripted: false, at: nowMs, into: &actions)
        }
    }

    /// Arms the timer `ms` from `nowMs`; a scripted one journals its lateness when it fires.
    private mutating func arm(_ ms: Double, scripted: Bool, at nowMs: Double, into actions: inout Actions) {
        scriptedDueMs = scripted ? nowMs + max(0, ms) : nil
        actions.append(.armTimer(ms: ms, scriptedDueMs: scriptedDueMs))
    }
}
