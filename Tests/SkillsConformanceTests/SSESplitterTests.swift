import SkillsCore
import SkillsScenario
import Testing

@testable import SkillsRecorder

/// The recorder's pure parts: cutting a stream into timed pieces, naming calls, mapping upstream failures.
@Suite("Recorder pieces without sockets")
struct SSESplitterTests {
    @Test("pieces end at blank lines (LF or CRLF) whatever the chunking, timed by the chunk that completed them")
    func splitsAtBlankLines() {
        let text = Array("event: status\ndata: a\n\n: keepalive\r\n\r\ndata: b\n\ndata: half".utf8)
        for size in [1, 2, 5, text.count] {
            var splitter = SSESplitter(startMs: 10)
            var t = 10.0
            var index = 0
            while index < text.count {
                t += 1
                splitter.feed(Array(text[index..<min(index + size, text.count)]), atMs: t)
                index += size
            }
            let (pieces, leftover) = splitter.finish()
            #expect(
                pieces.map { String(decoding: $0.bytes, as: UTF8.self) }
                    == ["event: status\ndata: a\n\n", ": keepalive\r\n\r\n", "data: b\n\n", "data: half"],
                "chunks of \(size)")
            #expect(leftover)
            #expect(
                pieces.reduce(0) { $0 + $1.delayMs } == t - 10, "delays add up to the last arrival (chunks of \(size))")
        }
        var whole = SSESplitter(startMs: 0)
        whole.feed(Array("data: x\n\n".utf8), atMs: 42)
        #expect(whole.finish().pieces == [RecordedPiece(delayMs: 42, bytes: Array("data: x\n\n".utf8))])
        #expect(whole.finish().leftover == false)
    }

    @Test("calls are named by method and path")
    func kinds() {
        #expect(RecordingProxy.kind(method: "POST", uri: "/api/v1/generation/sse/kling-ai/kling-v2.6") == .createSSE)
        #expect(RecordingProxy.kind(method: "POST", uri: "/api/v1/generation/kling-ai/kling-v2.6") == .createPoll)
        #expect(RecordingProxy.kind(method: "GET", uri: "/api/v1/generation/gen_1?x=1") == .poll)
        #expect(RecordingProxy.kind(method: "GET", uri: "/api/v1/credits") == .credits)
        #expect(RecordingProxy.kind(method: "GET", uri: "/docs.json") == .other)
    }

    @Test("a cancelled or silent upstream is passed on as a hang, anything unknown as a close")
    func ends() {
        #expect(RecordingProxy.end(of: CancellationError()) == .hang)
        struct Odd: Error {}
        #expect(RecordingProxy.end(of: Odd()) == .close)
    }
}
