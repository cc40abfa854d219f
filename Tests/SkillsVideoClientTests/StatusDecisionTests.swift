import SkillsCore
import Testing

@testable import SkillsVideoClient

@Suite("StatusDecision")
struct StatusDecisionTests {
    @Test(
        "terminal statuses in any case, CANCELLED included",
        arguments: ["COMPLETED", "completed", "Succeeded", "FAILED", "failed", "CANCELED", "cancelled", " Canceled "])
    func terminal(status: String) {
        let decision = StatusDecision(payload: ["id": "g1", "status": .string(status)])
        #expect(decision.isTerminal)
        #expect(decision.generationID == "g1")
        let success = ["COMPLETED", "SUCCEEDED"].contains(status.trimmingWhitespace().uppercased())
        #expect(decision.isSuccess == success)
        #expect(decision.terminalExitCode == (success ? 0 : 10))
    }

    @Test(
        "non-terminal statuses",
        arguments: ["IN_QUEUE", "IN_PROGRESS", "starting", "processing", "done", "complete", ""])
    func pending(status: String) {
        let decision = StatusDecision(payload: ["status": .string(status)])
        #expect(!decision.isTerminal)
        #expect(!decision.isSuccess)
        #expect(decision.terminalExitCode == nil)
    }

    @Test("nested keys and alternative key names")
    func nested() {
        let payload: JSONValue = ["data": ["task": ["task_id": "t-9", "queueState": "COMPLETED"]]]
        let decision = StatusDecision(payload: payload)
        #expect(decision.status == "COMPLETED")
        #expect(decision.statusKey == "queueState")
        #expect(decision.generationID == "t-9")
        #expect(decision.isTerminal)
    }

    @Test("the status key order follows the seed: status before state")
    func keyOrder() {
        let decision = StatusDecision(payload: ["state": "FAILED", "status": "IN_PROGRESS"])
        #expect(decision.status == "IN_PROGRESS")
        #expect(!decision.isTerminal)
    }

    @Test("text and empty payloads carry nothing")
    func nothing() {
        for payload in [nil, JSONValue.string("COMPLETED"), .array([]), .object([])] as [JSONValue?] {
            let decision = StatusDecision(payload: payload)
            #expect(decision.status == nil && !decision.isTerminal && decision.generationID == nil)
        }
    }

    @Test("a terminal-looking event name means nothing without a terminal status")
    func eventNameIgnored() {
        var parser = SSEParser()
        let events = parser.feed(Array("event: completed\ndata: {\"id\":\"g\",\"status\":\"IN_PROGRESS\"}\n\n".utf8))
        #expect(events.count == 1)
        #expect(!StatusDecision(payload: JSONValue.parseOrText(events[0].data)).isTerminal)
    }
}
