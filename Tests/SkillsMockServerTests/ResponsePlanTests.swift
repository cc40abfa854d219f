import SkillsCore
import SkillsScenario
import Testing

@testable import SkillsMockServer

/// Steps become wire plans without any socket: encoding, `{gen}`, endpoint adaptation, truncation.
@Suite struct ResponsePlanTests {
    @Test func sseItemsEncodeExactly() {
        let item = SSEItem(event: "status", data: .json(["id": "{gen}"]), id: "{gen}-1", retry: 10)
        #expect(
            String(decoding: SSEEncoder.bytes(of: item, generationID: "g1"), as: UTF8.self)
                == "event: status\nid: g1-1\nretry: 10\ndata: {\"id\":\"g1\"}\n\n")
        #expect(
            String(decoding: SSEEncoder.bytes(of: SSEItem(data: .text("a\r\nb\rc")), generationID: nil), as: UTF8.self)
                == "data: a\ndata: b\ndata: c\n\n")
        #expect(
            String(decoding: SSEEncoder.bytes(of: SSEItem(data: .text("")), generationID: nil), as: UTF8.self)
                == "data: \n\n")
        #expect(
            String(decoding: SSEEncoder.bytes(of: SSEItem(comment: "ping"), generationID: nil), as: UTF8.self)
                == ": ping\n\n")
        let raw: [UInt8] = [0xEF, 0xBB, 0xBF, 0xFF] + Array("{gen}\r".utf8)
        #expect(
            SSEEncoder.bytes(of: SSEItem(raw: raw), generationID: "g") == [0xEF, 0xBB, 0xBF, 0xFF] + Array("g\r".utf8))
    }

    @Test func anSSEStepOnThePollingCreateBecomesAnIDAnswer() {
        let step = Step(delayMs: 30, kind: .sse(SSEScript(events: [SSEItem(data: .text("x"))])))
        guard case .reply(let reply) = ResponsePlan(step: step, route: .createPoll, generationID: "gen_1") else {
            Issue.record("expected a reply")
            return
        }
        #expect(reply.status == 200)
        #expect(reply.delayMs == 30)
        #expect(String(decoding: reply.body, as: UTF8.self) == #"{"id":"gen_1","status":"IN_QUEUE"}"#)
    }

    @Test func truncateDropsTheLastBlankLineAndItsServedEvent() {
        let script = SSEScript(events: [SSEItem(data: .text("a")), SSEItem(data: .text("b"))], end: .truncate)
        guard
            case .stream(let plan) = ResponsePlan(step: Step(kind: .sse(script)), route: .createSSE, generationID: nil)
        else {
            Issue.record("expected a stream")
            return
        }
        #expect(plan.chunks.map { String(decoding: $0.bytes, as: UTF8.self) } == ["data: a\n\n", "data: b\n"])
        #expect(plan.chunks.map(\.served) == [[ResponsePlan.ServedFields(data: "a", blankLineEnd: 8)], []])
        #expect(plan.headers.map(\.name) == ["Content-Type", "Cache-Control"])
    }

    @Test func responseBodiesAndHeadersGetTheGenerationID() {
        let step = Step(
            kind: .response(
                Response(
                    status: 202, headers: [Header("Location", "/generation/{gen}")],
                    body: .json(["id": "{gen}", "{gen}": true]))))
        guard case .reply(let reply) = ResponsePlan(step: step, route: .createSSE, generationID: "g9") else {
            Issue.record("expected a reply")
            return
        }
        #expect(reply.headers.first?.value == "/generation/g9")
        #expect(reply.headers.contains { $0.name == "Content-Type" && $0.value == "application/json" })
        #expect(String(decoding: reply.body, as: UTF8.self) == #"{"id":"g9","g9":true}"#)
    }

    @Test func scenarioKeysNameTheirScenario() {
        let known: [String: Scenario] = [
            "a.b": Scenario(id: "a.b", title: "", create: []),
            "x--y": Scenario(id: "x--y", title: "", create: []),
        ]
        #expect(RunRegistry.scenarioID(fromKey: "sk-test-a.b", known: known) == "a.b")
        #expect(RunRegistry.scenarioID(fromKey: "sk-test-a.b--run-7", known: known) == "a.b")
        #expect(RunRegistry.scenarioID(fromKey: "sk-test-x--y", known: known) == "x--y")
        #expect(RunRegistry.scenarioID(fromKey: "sk-test-x--y--t", known: known) == "x--y")
        #expect(RunRegistry.scenarioID(fromKey: "sk-test-nope", known: known) == nil)
        #expect(RunRegistry.scenarioID(fromKey: "a.b", known: known) == nil)
    }
}
