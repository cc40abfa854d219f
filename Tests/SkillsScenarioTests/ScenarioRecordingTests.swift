import SkillsCore
import Testing

@testable import SkillsScenario

/// `ScenarioRecording` and `ScenarioWriter` without sockets: served answers in, a scenario that loads and
/// serves the same bytes out.
@Suite("Scenario recording (record and replay, SPEC 10)")
struct ScenarioRecordingTests {
    static let gen = "gen_00000001deadbeef"
    static let ssePath = "/api/v1/generation/sse/kling-ai/kling-v2.6"

    /// What a step puts on the wire for the run `gen`, in a form two steps can be compared by.
    struct Wire: Equatable, CustomStringConvertible {
        var delayMs: Double
        var status: Int?
        var headers: [String]
        var body: [UInt8]
        var pieces: [[UInt8]]
        var pieceDelays: [Double]
        var end: String
        var description: String {
            "delay \(delayMs) status \(status.map(String.init) ?? "-") headers \(headers) body \(String(decoding: body, as: UTF8.self)) pieces \(pieces.map { String(decoding: $0, as: UTF8.self) }) delays \(pieceDelays) end \(end)"
        }
    }

    static func sub(_ bytes: [UInt8], _ gen: String) -> [UInt8] {
        ScenarioRecording.replacing(Array("{gen}".utf8), with: Array(gen.utf8), in: bytes)
    }

    static func wire(_ step: Step, gen: String = gen) -> Wire {
        switch step.kind {
        case .fault(let fault):
            return Wire(
                delayMs: step.delayMs, status: nil, headers: [], body: [], pieces: [], pieceDelays: [],
                end: "fault-\(fault)")
        case .response(let response):
            var body: [UInt8] = []
            var type = "text/plain; charset=utf-8"
            switch response.body {
            case .json(let value)?:
                body = Array(value.jsonText.utf8)
                type = "application/json"
            case .text(let text)?: body = Array(text.utf8)
            case nil: type = ""
            }
            var headers = response.headers.map { "\($0.name.lowercased()): \($0.value)" }
            if !type.isEmpty, !headers.contains(where: { $0.hasPrefix("content-type:") }) {
                headers.append("content-type: \(type)")
            }
            return Wire(
                delayMs: step.delayMs, status: response.status, headers: headers.sorted(), body: sub(body, gen),
                pieces: [], pieceDelays: [], end: "complete")
        case .sse(let script):
            var pieces = script.events.map { sub($0.wireBytes, gen) }.filter { !$0.isEmpty }
            if script.end == .truncate, let last = pieces.indices.last, pieces[last].last == 0x0A {
                pieces[last].removeLast()
            }
            var headers = script.headers.map { "\($0.name.lowercased()): \($0.value)" }
            if !headers.contains(where: { $0.hasPrefix("content-type:") }) {
                headers.append("content-type: text/event-stream")
            }
            return Wire(
                delayMs: step.delayMs, status: script.status, headers: headers.sorted(), body: [], pieces: pieces,
                pieceDelays: script.events.filter { !$0.wireBytes.isEmpty }.map(\.delayMs), end: script.end.rawValue)
        }
    }

    /// The exchange the fake would record for `step` when the run's id is `gen`.
    static func exchange(_ step: Step, kind: RequestKind, path: String, body: String = #"{"prompt":"x"}"#)
        -> RecordedExchange
    {
        let answer: RecordedAnswer
        switch step.kind {
        case .fault(let fault):
            answer = .fault(fault)
        case .response:
            let w = wire(step)
            answer = .reply(status: w.status ?? 200, headers: headerList(w.headers), body: w.body)
        case .sse(let script):
            let w = wire(step)
            let items = script.events.filter { !$0.wireBytes.isEmpty }
            let pieces = zip(w.pieces, items).map { RecordedPiece(delayMs: $1.delayMs, bytes: $0, dribble: $1.dribble) }
            answer = .stream(status: script.status, headers: headerList(w.headers), pieces: pieces, end: script.end)
        }
        return RecordedExchange(
            kind: kind, path: path, requestBody: Array(body.utf8), delayMs: step.delayMs, answer: answer)
    }

    static func headerList(_ lines: [String]) -> [Header] {
        lines.map { line in
            let parts = line.split(separator: ":", maxSplits: 1)
            return Header(String(parts[0]), String(parts[1].dropFirst()))
        }
    }

    /// Records `scenario`'s steps (each once), writes YAML, loads it back.
    static func roundTrip(_ scenario: Scenario) throws -> (recorded: Scenario, loaded: Scenario, yaml: String) {
        let exchanges =
            scenario.create.map { exchange($0, kind: .createSSE, path: "/api/v1/generation/sse/\(scenario.model)") }
            + scenario.poll.map { exchange($0, kind: .poll, path: "/api/v1/generation/\(gen)") }
        let recording = ScenarioRecording(
            id: "recorded.\(scenario.id)", title: "t", generationID: gen, exchanges: exchanges)
        let yaml = recording.yaml(comment: "test")
        let loaded = try ScenarioLoader.parse(yaml: yaml, file: "recorded.yaml")
        return (recording.scenario(), loaded, yaml)
    }

    @Test("every catalogue scenario recorded and written loads back and serves the same bytes, delays and ends")
    func catalogueRoundTrip() throws {
        let scenarios = try ScenarioLoader.load(paths: [Corpus.catalogue])
        #expect(scenarios.count >= 50)
        var checked = 0
        for scenario in scenarios {
            let (recorded, loaded, yaml) = try Self.roundTrip(scenario)
            var loadedCopy = loaded
            loadedCopy.source = recorded.source
            #expect(
                loadedCopy == recorded,
                "\(scenario.id): the written YAML does not load back to the recording\n\(yaml.prefix(3000))")
            for (original, replayed) in zip(scenario.create + scenario.poll, loaded.create + loaded.poll) {
                var want = Self.wire(original)
                let got = Self.wire(replayed)
                if want.end == "truncate", got.end == "close" { want.end = "close" }
                #expect(got == want, "\(scenario.id): a step replays differently\nwant \(want)\ngot  \(got)")
                checked += 1
            }
            #expect(loaded.model == scenario.model)
            #expect(loaded.expect.creates == CountCheck(.eq, scenario.create.count))
            #expect(loaded.expect.polls == CountCheck(.eq, scenario.poll.count))
            #expect(!yaml.contains(Self.gen), "\(scenario.id): the generation id was written instead of {gen}")
        }
        #expect(checked > 100)
    }

    @Test("canonical items come back as fields, anything else as raw bytes of the same wire form")
    func canonicalOrRaw() {
        let event = SSEItem(event: "status", data: .json(["id": "{gen}", "status": "IN_QUEUE"]), id: "7", retry: 1500)
        #expect(SSEItem.canonical(event.wireBytes) == event)
        #expect(SSEItem.canonical(SSEItem(comment: "keepalive").wireBytes) == SSEItem(comment: "keepalive"))
        #expect(
            SSEItem.canonical(SSEItem(data: .text("line one\nline two")).wireBytes)
                == SSEItem(data: .text("line one\nline two")))
        let crlf = Array("data: {\"id\":\"x\"}\r\n\r\n".utf8)
        #expect(SSEItem.canonical(crlf) == nil)
        #expect(SSEItem.recorded(crlf, delayMs: 3).raw == crlf)
        let twoEvents = Array("data: a\n\ndata: b\n\n".utf8)
        #expect(SSEItem.canonical(twoEvents) == nil)
        let noSpace = Array("data:{}\n\n".utf8)
        #expect(SSEItem.canonical(noSpace) == nil)
        let fieldOrder = Array("data: x\nevent: y\n\n".utf8)
        #expect(SSEItem.canonical(fieldOrder) == nil, "the fake writes event before data; other orders stay raw")
    }

    @Test(
        "the id becomes {gen}, bodies and headers are kept, non-UTF-8 bytes are written as raw_hex, and expect holds what was served"
    )
    func recordsAServedRun() throws {
        let gen = Self.gen
        let exchanges = [
            RecordedExchange(
                kind: .createSSE, path: Self.ssePath, requestBody: Array(#"{"prompt":"neon city","duration":5}"#.utf8),
                delayMs: 12.34,
                answer: .stream(
                    status: 200,
                    headers: [Header("Content-Type", "text/event-stream"), Header("Cache-Control", "no-cache")],
                    pieces: [
                        RecordedPiece(
                            delayMs: 50.04,
                            bytes: Array("event: status\ndata: {\"id\":\"\(gen)\",\"status\":\"IN_QUEUE\"}\n\n".utf8)),
                        RecordedPiece(delayMs: 0.2, bytes: [0xEF, 0xBB, 0xBF, 0xFF, 0x0A, 0x0A]),
                        RecordedPiece(
                            delayMs: 30, bytes: Array("data: {\"id\":\"\(gen)\",\"status\":\"IN_PROGRESS\"}\n".utf8)),
                    ], end: .truncate)),
            RecordedExchange(
                kind: .poll, path: "/api/v1/generation/\(gen)", delayMs: 0.01,
                answer: .reply(
                    status: 429,
                    headers: [
                        Header("Content-Type", "application/json"), Header("Retry-After", "2"),
                        Header("X-Other", "dropped"),
                    ],
                    body: Array(#"{"message":"slow down"}"#.utf8))),
            RecordedExchange(
                kind: .poll, path: "/api/v1/generation/\(gen)", delayMs: 250,
                answer: .reply(
                    status: 200, headers: [Header("Content-Type", "application/json")],
                    body: Array("{\"id\":\"\(gen)\",\"status\":\"cancelled\"}".utf8))),
            RecordedExchange(
                kind: .credits, path: "/api/v1/credits", answer: .reply(status: 200, headers: [], body: [])),
        ]
        let recording = ScenarioRecording(
            id: "recorded.example", title: "An example run", generationID: gen, exchanges: exchanges)
        let yaml = recording.yaml(comment: "from run key:0123456789ab")
        let loaded = try ScenarioLoader.parse(yaml: yaml, file: "example.yaml")
        #expect(!yaml.contains(gen))
        #expect(yaml.contains("raw_hex: \"ef bb bf ff 0a 0a\""))
        #expect(yaml.hasPrefix("# from run key:0123456789ab\n"))
        #expect(loaded.model == "kling-ai/kling-v2.6")
        #expect(loaded.payload == ["prompt": "neon city", "duration": 5])
        #expect(loaded.tags == ["recorded"])
        #expect(loaded.create.count == 1 && loaded.poll.count == 2, "credits are not scripted")
        #expect(loaded.create[0].delayMs == 12.3)
        guard case .sse(let script) = loaded.create[0].kind else {
            Issue.record("the create is not a stream")
            return
        }
        #expect(script.end == .truncate)
        #expect(script.headers.isEmpty, "Content-Type text/event-stream is the default; Cache-Control is not kept")
        #expect(script.events.map(\.delayMs) == [50, 0, 30])
        #expect(
            script.events[0]
                == SSEItem(delayMs: 50, event: "status", data: .json(["id": "{gen}", "status": "IN_QUEUE"])))
        #expect(script.events[1].raw == [0xEF, 0xBB, 0xBF, 0xFF, 0x0A, 0x0A])
        #expect(
            script.events[2].data == .json(["id": "{gen}", "status": "IN_PROGRESS"]),
            "the truncated event is scripted whole")
        guard case .response(let limited) = loaded.poll[0].kind else {
            Issue.record("the first poll is not a response")
            return
        }
        #expect(limited.status == 429)
        #expect(limited.headers == [Header("Retry-After", "2")])
        #expect(limited.body == .json(["message": "slow down"]))
        #expect(loaded.poll[0].delayMs == 0)
        #expect(loaded.poll[1].delayMs == 250)
        #expect(loaded.expect.outcome == "CANCELED")
        #expect(loaded.expect.creates == CountCheck(.eq, 1))
        #expect(loaded.expect.polls == CountCheck(.eq, 2))
        #expect(yaml.contains("# recorded:"))
    }

    @Test("a truncated piece that is no scripted event ends as close (the same bytes and FIN)")
    func truncatedRawBecomesClose() throws {
        let exchange = RecordedExchange(
            kind: .createSSE, path: Self.ssePath,
            answer: .stream(
                status: 200, headers: [], pieces: [RecordedPiece(delayMs: 5, bytes: Array("data: a\r\n".utf8))],
                end: .truncate))
        let scenario = ScenarioRecording(id: "recorded.raw", title: "t", generationID: nil, exchanges: [exchange])
            .scenario()
        guard case .sse(let script) = scenario.create[0].kind else {
            Issue.record("not a stream")
            return
        }
        #expect(script.end == .close)
        #expect(script.events[0].raw == Array("data: a\r\n".utf8))
    }

    @Test("faults keep their kind and delay; a body that is not exact compact JSON stays text")
    func faultsAndTextBodies() throws {
        let exchanges = [
            RecordedExchange(kind: .createSSE, path: Self.ssePath, delayMs: 40, answer: .fault(.reset)),
            RecordedExchange(
                kind: .createPoll, path: "/api/v1/generation/kling-ai/kling-v2.6", delayMs: 0,
                answer: .reply(
                    status: 200, headers: [Header("Content-Type", "application/json")],
                    body: Array("{ \"id\": \"\(Self.gen)\" }".utf8))),
        ]
        let yaml = ScenarioRecording(id: "recorded.faults", title: "t", generationID: Self.gen, exchanges: exchanges)
            .yaml()
        let loaded = try ScenarioLoader.parse(yaml: yaml, file: "f.yaml")
        #expect(loaded.create[0] == Step(delayMs: 40, kind: .fault(.reset)))
        #expect(
            loaded.create[1]
                == Step(
                    kind: .response(
                        Response(
                            status: 200, headers: [Header("Content-Type", "application/json")],
                            body: .text("{ \"id\": \"{gen}\" }")))))
    }

    @Test("model from either create path; durations to 0.1 ms")
    func pathsAndDurations() {
        #expect(
            ScenarioRecording.model(inPath: "/api/v1/generation/sse/lightricks/ltx-2.3/extend-video")
                == "lightricks/ltx-2.3/extend-video")
        #expect(ScenarioRecording.model(inPath: "/api/v1/generation/kling-ai/kling-v2.6?x=1") == "kling-ai/kling-v2.6")
        #expect(ScenarioWriter.duration(30) == "30ms")
        #expect(ScenarioWriter.duration(12.34) == "12.3ms")
        #expect(ScenarioRecording.milliseconds(0.3) == 0)
        #expect(ScenarioWriter.quoted("a\"b\\c\u{1}") == #""a\"b\\c\u0001""#)
    }
}
