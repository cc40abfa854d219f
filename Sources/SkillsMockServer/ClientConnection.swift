import CLibevent
import Foundation

/// One accepted connection as its loop tracks it: its number and peer, and the libevent shell of its
/// `ConnectionMachine` (which decides its life: attach, request deadline, the responder that must hear of a
/// close, the end). It alone owns evhttp's close callback for the connection.
///
/// The request deadline is the slowloris guard. evhttp's own timeouts are idle timeouts (reset by every byte)
/// and also cover responses, so they neither cut a client sending a header byte per second nor leave hanging
/// SSE streams alone. The deadline is a wall-clock limit instead, alive only while the server waits for a
/// request. One timer per connection serves every request on it (armed and disarmed, never re-made).
///
/// Its loop's table holds it from accept until the connection closes; libevent callbacks get it unretained.
/// Every call happens on the loop's thread.
final class ClientConnection {
    /// Server-wide connection number.
    let id: Int
    /// The connection's bufferevent, the loop's table key.
    let bufferevent: OpaquePointer
    /// Peer address text (`127.0.0.1`, `::1`...), known once attached.
    private(set) var peer = ""
    /// Requests decoded on this connection so far.
    private var requests = 0
    /// The previous request, when it had no body (from the second request on).
    private var memo: RequestMemo?

    private var machine = ConnectionMachine<ResponseDriver>()
    private var connection: OpaquePointer?
    private var timer: OpaquePointer?
    private let limitMs: Double
    /// `limitMs` as a timer interval.
    private var limit: timeval
    /// Called once, last, when the connection is gone: the loop forgets it.
    private let gone: (ClientConnection) -> Void

    /// The answer sent to a connection whose request did not arrive in time.
    static func timeoutResponse(limitMs: Double) -> [UInt8] {
        let body = #"{"message":"Request Timeout: no complete request within \#(Int(limitMs)) ms"}"#
        let head =
            "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nConnection: close\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n"
        return Array((head + body).utf8)
    }

    /// Tracks a bufferevent evhttp is about to take over (inside its accept callback); it finds its evhttp
    /// connection on the next loop turn, then starts the deadline.
    init(
        id: Int, base: OpaquePointer, bufferevent: OpaquePointer, limitMs: Double,
        gone: @escaping (ClientConnection) -> Void
    ) {
        self.id = id
        self.bufferevent = bufferevent
        self.limitMs = limitMs
        let micros = Int(limitMs * 1000)
        limit = timeval(tv_sec: micros / 1_000_000, tv_usec: Int(micros % 1_000_000))
        self.gone = gone
        timer = event_new(base, -1, 0, clientTimerFired, Unmanaged.passUnretained(self).toOpaque())
        event_active(timer, Int32(EV_TIMEOUT), 0)
    }

    /// The bufferevent as the loop's table key.
    var key: UnsafeMutableRawPointer { UnsafeMutableRawPointer(bufferevent) }

    /// A request arrived whole: the deadline stops until its response is done.
    func requestArrived(on connection: OpaquePointer) {
        perform(machine.requestArrived(), found: connection)
    }

    /// The request decoded, or the previous one again when the bytes are the same (see `RequestMemo`).
    func decode(_ request: UnsafeMutablePointer<evhttp_request>) -> IncomingRequest {
        if let memo, memo.matches(request) { return memo.request }
        let decoded = RequestReader.decode(request, connection: id, peer: peer)
        requests += 1
        // A connection's first request is often its only one: remember from the second on.
        memo = requests > 1 ? RequestMemo(decoded, raw: request) : nil
        return decoded
    }

    /// `driver` answers the request in flight and hears of the client going away.
    func responderStarted(_ driver: ResponseDriver) { machine.responderStarted(driver) }

    /// `driver` ends the response itself from here on: a close must no longer reach it.
    func responderStopped(_ driver: ResponseDriver) { machine.responderStopped(driver) }

    /// The response went out whole and the connection stays open: the next request's deadline starts.
    func responseCompleted() { perform(machine.responseCompleted()) }

    /// Frees the timer without calling anyone (the whole loop is going away). Idempotent.
    func dispose() { perform(machine.dispose()) }

    /// Ends in a call to `gone`, last, as the loop may drop the connection there.
    fileprivate func timerFired() { perform(machine.timerFired()) }

    fileprivate func connectionClosed() {
        // evhttp is freeing the connection: its close callback is not ours to clear.
        connection = nil
        perform(machine.closed())
    }

    /// Performs a machine's actions; `found` is the evhttp connection an `.attach` takes over.
    private func perform(_ actions: ConnectionMachine<ResponseDriver>.Actions, found: OpaquePointer? = nil) {
        for action in actions {
            switch action {
            case .attach:
                if let found { attach(found) }
            case .findConnection:
                // evhttp made the connection the bufferevent's callback argument when it took the socket over.
                var argument: UnsafeMutableRawPointer?
                bufferevent_getcb(bufferevent, nil, nil, nil, &argument)
                let evcon = argument.map(OpaquePointer.init)
                let isOurs = evcon.map { evhttp_connection_get_bufferevent($0) == bufferevent } ?? false
                perform(machine.connectionFound(isOurs), found: isOurs ? evcon : nil)
            case .armDeadline:
                event_add(timer, &limit)
            case .disarmDeadline:
                event_del(timer)
            case .timeOut:
                guard let connection else { continue }
                if evbuffer_get_length(bufferevent_get_output(bufferevent)) == 0 {
                    ConnectionKiller.sendNow(ClientConnection.timeoutResponse(limitMs: limitMs), on: bufferevent)
                }
                // Freeing the connection runs the close callback, which ends this connection.
                ConnectionKiller.close(connection)
            case .release:
                if let connection { evhttp_connection_set_closecb(connection, nil, nil) }
                connection = nil
                if let timer { event_free(timer) }
                timer = nil
            case .tellResponder(let driver):
                driver.connectionClosed()
            case .forget:
                gone(self)
            }
        }
    }

    private func attach(_ connection: OpaquePointer) {
        self.connection = connection
        evhttp_connection_set_closecb(connection, clientConnectionClosed, Unmanaged.passUnretained(self).toOpaque())
        var address: UnsafeMutablePointer<CChar>?
        var port: UInt16 = 0
        evhttp_connection_get_peer(connection, &address, &port)
        if let address { peer = String(cString: address) }
    }
}

private func client(_ arg: UnsafeMutableRawPointer?) -> ClientConnection? {
    arg.map { Unmanaged<ClientConnection>.fromOpaque($0).takeUnretainedValue() }
}

private let clientTimerFired: @convention(c) (Int32, Int16, UnsafeMutableRawPointer?) -> Void = { _, _, arg in
    client(arg)?.timerFired()
}

private let clientConnectionClosed: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Void = { _, arg in
    client(arg)?.connectionClosed()
}
