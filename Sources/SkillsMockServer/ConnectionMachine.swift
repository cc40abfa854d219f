/// One accepted connection's life, from accept to close: a pure state machine fed events (a request arrived,
/// a responder took over or let go, the response completed, the deadline timer fired, the client went away),
/// answering with actions its libevent shell (`ClientConnection`) performs. No I/O, no clock.
///
/// The request deadline (the slowloris guard) runs only while the connection waits for a request: from
/// attach, or from the end of the previous response on a keep-alive connection, until the request arrives.
/// `Responder` is whatever must hear of a client going away mid-response (a `ResponseDriver`).
struct ConnectionMachine<Responder: AnyObject> {
    /// Where the connection is in its life.
    enum State {
        /// Accepted; evhttp has not handed its connection over yet (looked for at the next loop turn).
        case attaching
        /// Waiting for a request, under the deadline.
        case idle
        /// A request in flight; `responder` must hear of a close, when one listens.
        case busy(responder: Responder?)
        /// Gone; nothing more happens.
        case closed
    }

    /// One thing the shell does, in the order given.
    enum Action {
        /// Take over the evhttp connection: its close callback, its peer, prompt sends.
        case attach
        /// Look for the evhttp connection that took the socket over (answer with `connectionFound`).
        case findConnection
        /// Start the request deadline.
        case armDeadline
        /// Stop the request deadline.
        case disarmDeadline
        /// The request did not arrive in time: answer 408 if nothing is being written, and close.
        case timeOut
        /// Let go of the close callback and the timer.
        case release
        /// Tell the responder that the client went away.
        case tellResponder(Responder)
        /// The loop forgets the connection (last).
        case forget
    }

    /// The actions of one event, in order.
    typealias Actions = ActionList<Action>

    private(set) var state = State.attaching

    /// Whether a responder listens for the client going away.
    var responder: Responder? {
        if case .busy(let responder) = state { return responder }
        return nil
    }

    // MARK: - Events

    /// A request arrived whole: the deadline stops until its response is done.
    mutating func requestArrived() -> Actions {
        switch state {
        case .attaching:
            state = .busy(responder: nil)
            return Actions(.attach, .disarmDeadline)
        case .idle:
            state = .busy(responder: nil)
            return Actions(.disarmDeadline)
        case .busy:
            return Actions(.disarmDeadline)
        case .closed:
            return Actions()
        }
    }

    /// `responder` answers the request in flight and listens for the client going away.
    mutating func responderStarted(_ responder: Responder) {
        if case .busy = state { state = .busy(responder: responder) }
    }

    /// `responder` ends the response itself from here on: a close must no longer reach it.
    mutating func responderStopped(_ responder: Responder) {
        if case .busy(let listening) = state, listening === responder { state = .busy(responder: nil) }
    }

    /// The response went out whole and the connection stays open: the next request's deadline starts.
    mutating func responseCompleted() -> Actions {
        guard case .busy = state else { return Actions() }
        state = .idle
        return Actions(.armDeadline)
    }

    /// The connection's timer fired: look for the evhttp connection, or the deadline passed.
    mutating func timerFired() -> Actions {
        switch state {
        case .attaching: return Actions(.findConnection)
        case .idle: return Actions(.timeOut)
        case .busy, .closed: return Actions()
        }
    }

    /// The answer to `findConnection`: attach and start the deadline, or (no evhttp connection) let go.
    mutating func connectionFound(_ found: Bool) -> Actions {
        guard case .attaching = state else { return Actions() }
        if found {
            state = .idle
            return Actions(.attach, .armDeadline)
        }
        state = .closed
        return Actions(.release, .forget)
    }

    /// The client went away (evhttp freed the connection): the responder hears of it, the loop forgets it.
    mutating func closed() -> Actions {
        let listening = responder
        state = .closed
        var actions = Actions(.release)
        if let listening { actions.append(.tellResponder(listening)) }
        actions.append(.forget)
        return actions
    }

    /// The whole loop is going away: let go without telling anyone.
    mutating func dispose() -> Actions {
        if case .closed = state { return Actions() }
        state = .closed
        return Actions(.release)
    }
}
