import Testing

@testable import SkillsMockServer

/// A connection's life driven by events, with no socket: attach, deadline, responder, close.
@Suite struct ConnectionMachineTests {
    /// Stands in for a `ResponseDriver`.
    final class Responder {}

    typealias Machine = ConnectionMachine<Responder>

    /// The actions as names, for comparison (the responder compared by identity).
    static func names(_ actions: Machine.Actions, responder: Responder? = nil) -> [String] {
        actions.map { action in
            switch action {
            case .attach: return "attach"
            case .findConnection: return "find"
            case .armDeadline: return "arm"
            case .disarmDeadline: return "disarm"
            case .timeOut: return "timeOut"
            case .release: return "release"
            case .tellResponder(let told): return told === responder ? "tell" : "tell someone else"
            case .forget: return "forget"
            }
        }
    }

    /// A machine with a request in flight that `responder` answers.
    static func busy(with responder: Responder) -> Machine {
        var m = Machine()
        _ = m.requestArrived()
        m.responderStarted(responder)
        return m
    }

    @Test func anAcceptedConnectionAttachesAtTheNextTurnAndStartsItsDeadline() {
        var m = Machine()
        #expect(Self.names(m.timerFired()) == ["find"])
        #expect(Self.names(m.connectionFound(true)) == ["attach", "arm"])
        guard case .idle = m.state else {
            Issue.record("not idle: \(m.state)")
            return
        }
    }

    @Test func aConnectionEvhttpNeverTookOverIsLetGo() {
        var m = Machine()
        _ = m.timerFired()
        #expect(Self.names(m.connectionFound(false)) == ["release", "forget"])
        #expect(Self.names(m.timerFired()).isEmpty)
    }

    @Test func aRequestBeforeTheAttachTurnAttachesWithNoDeadline() {
        var m = Machine()
        #expect(Self.names(m.requestArrived()) == ["attach", "disarm"])
        #expect(Self.names(m.timerFired()).isEmpty, "a request in flight has no deadline")
        #expect(Self.names(m.connectionFound(true)).isEmpty)
    }

    @Test func theDeadlineRunsOnlyWhileWaitingForARequest() {
        var m = Machine()
        _ = m.timerFired()
        _ = m.connectionFound(true)
        #expect(Self.names(m.requestArrived()) == ["disarm"])
        #expect(Self.names(m.timerFired()).isEmpty)
        #expect(Self.names(m.responseCompleted()) == ["arm"])
        #expect(Self.names(m.responseCompleted()).isEmpty, "only a response in flight completes")
        #expect(Self.names(m.timerFired()) == ["timeOut"])
    }

    @Test func aClientGoneMidResponseTellsTheResponderThenTheLoopForgetsIt() {
        let responder = Responder()
        var m = Self.busy(with: responder)
        #expect(m.responder === responder)
        #expect(Self.names(m.closed(), responder: responder) == ["release", "tell", "forget"])
        #expect(m.responder == nil)
        #expect(Self.names(m.requestArrived()).isEmpty)
    }

    @Test func aResponderThatStoppedListeningHearsNothing() {
        let responder = Responder()
        var m = Self.busy(with: responder)
        m.responderStopped(Responder())
        #expect(m.responder === responder, "another responder cannot stop this one")
        m.responderStopped(responder)
        #expect(m.responder == nil)
        #expect(Self.names(m.closed()) == ["release", "forget"])
    }

    @Test func aResponderCannotListenOnAnIdleConnection() {
        var m = Machine()
        _ = m.timerFired()
        _ = m.connectionFound(true)
        m.responderStarted(Responder())
        #expect(m.responder == nil)
    }

    @Test func aSecondRequestInFlightKeepsTheResponder() {
        let responder = Responder()
        var m = Self.busy(with: responder)
        #expect(Self.names(m.requestArrived()) == ["disarm"])
        #expect(m.responder === responder)
    }

    @Test func disposingLetsGoOnceAndTellsNobody() {
        let responder = Responder()
        var m = Self.busy(with: responder)
        #expect(Self.names(m.dispose()) == ["release"])
        #expect(Self.names(m.dispose()).isEmpty)
        #expect(Self.names(m.closed(), responder: responder) == ["release", "forget"])
    }
}
