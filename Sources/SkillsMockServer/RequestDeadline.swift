import CLibevent
import Foundation

/// The time one connection gets to deliver a whole request (slowloris guard).
///
/// evhttp's own timeouts are idle timeouts (reset by every byte) and also cover responses, so they neither cut
/// a client sending a header byte per second nor leave hanging SSE streams alone. A deadline is a wall-clock
/// limit instead, alive only while the server waits for a request: from accept, or from the end of the
/// previous response on a keep-alive connection, until the request arrives or the connection closes.
///
/// Its loop owns it (a table keyed by bufferevent); the timer and close callbacks get it unretained. Every
/// libevent call happens on the loop's thread.
final class RequestDeadline {
    /// What the timer does when it fires.
    private enum State { case attaching, armed, disposed }

    private let bufferevent: OpaquePointer
    private let limitMs: Double
    private let startedMs: Double
    private let clock: MonotonicClock
    private var connection: OpaquePointer?
    private var timer: OpaquePointer?
    private var state = State.attaching
    /// Called once, last, when the deadline is over (request too late: answered 408 and closed; or the
    /// connection closed while waiting): the loop forgets it.
    private let over: (RequestDeadline) -> Void

    /// The answer sent to a connection whose request did not arrive in time.
    static func timeoutResponse(limitMs: Double) -> [UInt8] {
        let body = #"{"message":"Request Timeout: no complete request within \#(Int(limitMs)) ms"}"#
        let head =
            "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nConnection: close\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n"
        return Array((head + body).utf8)
    }

    init(
        base: OpaquePointer, bufferevent: OpaquePointer, limitMs: Double, clock: MonotonicClock,
        over: @escaping (RequestDeadline) -> Void
    ) {
        self.bufferevent = bufferevent
        self.limitMs = limitMs
        self.clock = clock
        self.over = over
        startedMs = clock.nowMs()
        timer = event_new(base, -1, 0, deadlineTimerFired, Unmanaged.passUnretained(self).toOpaque())
    }

    /// The bufferevent of the connection, as the loop's table key.
    var key: UnsafeMutableRawPointer { UnsafeMutableRawPointer(bufferevent) }

    /// For a connection evhttp is still setting up (inside its accept callback): finds the connection on the
    /// next loop turn, then arms.
    func attachSoon() {
        state = .attaching
        event_active(timer, Int32(EV_TIMEOUT), 0)
    }

    /// Arms the deadline on a connection evhttp already handed out (after a response on a keep-alive one).
    func arm(connection: OpaquePointer) {
        self.connection = connection
        evhttp_connection_set_closecb(connection, deadlineConnectionClosed, Unmanaged.passUnretained(self).toOpaque())
        state = .armed
        let remainingMs = max(1, limitMs - (clock.nowMs() - startedMs))
        let micros = Int(remainingMs * 1000)
        var tv = timeval(tv_sec: micros / 1_000_000, tv_usec: Int(micros % 1_000_000))
        event_add(timer, &tv)
    }

    /// Stops watching: frees the timer and hands the connection's close callback back. Idempotent.
    func dispose() {
        guard state != .disposed else { return }
        state = .disposed
        if let connection { evhttp_connection_set_closecb(connection, nil, nil) }
        connection = nil
        if let timer { event_free(timer) }
        timer = nil
    }

    /// Ends in a call to `over`, last, as the loop may drop the deadline there.
    fileprivate func timerFired() {
        switch state {
        case .attaching:
            // evhttp made the connection the bufferevent's callback argument when it took the socket over.
            var argument: UnsafeMutableRawPointer?
            bufferevent_getcb(bufferevent, nil, nil, nil, &argument)
            if let argument, evhttp_connection_get_bufferevent(OpaquePointer(argument)) == bufferevent {
                arm(connection: OpaquePointer(argument))
            } else {
                dispose()
                over(self)
            }
        case .armed:
            guard let connection else { return }
            dispose()
            let fd = bufferevent_getfd(bufferevent)
            if fd >= 0, evbuffer_get_length(bufferevent_get_output(bufferevent)) == 0 {
                let answer = RequestDeadline.timeoutResponse(limitMs: limitMs)
                _ = answer.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            }
            evhttp_connection_free(connection)
            over(self)
        case .disposed:
            return
        }
    }

    fileprivate func connectionClosed() {
        connection = nil
        dispose()
        over(self)
    }
}

private func deadline(_ arg: UnsafeMutableRawPointer?) -> RequestDeadline? {
    arg.map { Unmanaged<RequestDeadline>.fromOpaque($0).takeUnretainedValue() }
}

private let deadlineTimerFired: @convention(c) (Int32, Int16, UnsafeMutableRawPointer?) -> Void = { _, _, arg in
    deadline(arg)?.timerFired()
}

private let deadlineConnectionClosed: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Void = { _, arg in
    deadline(arg)?.connectionClosed()
}
