import SkillsCore
import SkillsScenario
import Testing

@testable import SkillsMockServer

/// Which events each chunk of a stream plan serves: the wire bytes read in order by a WHATWG parser, each
/// event placed at the byte that ends its blank line.
@Suite struct ServedEventPlanTests {
    /// An expected served event ending at byte `at` of its chunk.
    static func served(_ data: String, event: String? = nil, id: String? = nil, at: Int) -> ResponsePlan.ServedFields {
        ResponsePlan.ServedFields(event: event, data: data, id: id, blankLineEnd: at)
    }

    /// The plan's chunks for a stream of `items`, answered on the SSE endpoint with generation id `g1`.
    static func chunks(_ items: [SSEItem], end: StreamEnd = .complete) throws -> [ResponsePlan.StreamChunk] {
        let step = Step(kind: .sse(SSEScript(events: items, end: end)))
        guard case .stream(let plan) = ResponsePlan(step: step, route: .createSSE, generationID: "g1") else {
            throw NotAStream()
        }
        return plan.chunks
    }

    struct NotAStream: Error {}

    @Test func aRawItemWithTwoEventsServesBoth() throws {
        let raw = Array("event: status\ndata: {gen} one\n\ndata: two\nid: 7\n\n".utf8)
        let chunks = try Self.chunks([SSEItem(raw: raw)])
        #expect(
            chunks.map(\.served) == [
                [Self.served("g1 one", event: "status", at: 27), Self.served("two", id: "7", at: 44)]
            ])
    }

    @Test func anEventSplitAcrossRawItemsIsServedByTheItemWithItsBlankLine() throws {
        let chunks = try Self.chunks([
            SSEItem(raw: Array("event: sta".utf8)),
            SSEItem(raw: Array("tus\ndata: a\n".utf8)),
            SSEItem(raw: Array("\ndata: b\n\ndata: c\n\n".utf8)),
        ])
        #expect(
            chunks.map(\.served) == [
                [], [], [Self.served("a", event: "status", at: 0), Self.served("b", at: 9), Self.served("c", at: 18)],
            ])
    }

    @Test func crOnlyAndCRLFLineEndsEndEventsAtTheCR() throws {
        let chunks = try Self.chunks([
            SSEItem(raw: Array("data: a\rdata: b\r\r".utf8)),
            SSEItem(raw: Array("data: c\r\n\r".utf8)),
            // The LF completing the previous CRLF: not a second blank line, so nothing is dispatched here.
            SSEItem(raw: Array("\n".utf8)),
            SSEItem(raw: Array("data: d\r\n\r\n".utf8)),
        ])
        #expect(
            chunks.map(\.served) == [
                [Self.served("a\nb", at: 16)], [Self.served("c", at: 9)], [], [Self.served("d", at: 9)],
            ])
    }

    @Test func aRawTailWithoutItsBlankLineIsNeverServed() throws {
        let items = [SSEItem(data: .text("first")), SSEItem(raw: Array("data: half\n".utf8))]
        for end in [StreamEnd.complete, .truncate, .close, .reset] {
            let chunks = try Self.chunks(items, end: end)
            #expect(chunks.map(\.served) == [[Self.served("first", at: 12)], []], "end \(end)")
        }
    }

    @Test func scriptedEventsAreServedAsAClientDispatchesThem() throws {
        // A comment or a lone `retry:` dispatches nothing; the last id stays in force; `message` is the default type.
        let chunks = try Self.chunks([
            SSEItem(event: "status", data: .text("a"), id: "{gen}-1"),
            SSEItem(comment: "ping"),
            SSEItem(retry: 100),
            SSEItem(event: "message", data: .text("b\r\nc")),
        ])
        #expect(
            chunks.map(\.served) == [
                [Self.served("a", event: "status", id: "g1-1", at: chunks[0].bytes.count - 1)], [], [],
                [Self.served("b\nc", id: "g1-1", at: chunks[3].bytes.count - 1)],
            ])
    }

    @Test func rawHexAndBase64BytesAreParsedAsSent() throws {
        // raw_hex: a BOM, then "data: \xFF x\n" (the invalid byte decodes as U+FFFD, as in a client);
        // raw_base64: "\n" ("Cg==") ends that event, then "data: {gen}\n\n" ("ZGF0YToge2dlbn0KCg==").
        let yaml = """
            id: plan.raw-bytes
            title: raw hex and base64 items
            create:
              - sse:
                  - {raw_hex: "ef bb bf 64 61 74 61 3a 20 ff 20 78 0a"}
                  - {raw_base64: "Cg=="}
                  - {raw_base64: "ZGF0YToge2dlbn0KCg=="}
            """
        let scenario = try ScenarioLoader.parse(yaml: yaml, file: "plan.yaml")
        guard case .sse(let script) = try #require(scenario.create.first).kind else {
            Issue.record("expected an sse step")
            return
        }
        let chunks = try Self.chunks(script.events)
        #expect(chunks.map(\.served) == [[], [Self.served("\u{FFFD} x", at: 0)], [Self.served("g1", at: 9)]])
    }
}
