import Testing

@testable import SkillsVideoClient

/// How a test stream's lines end.
enum LineEnding: String, CaseIterable, Sendable {
    case lf = "\n"
    case cr = "\r"
    case crlf = "\r\n"
}

/// How a test stream is cut into chunks before feeding.
enum Chunking: Int, CaseIterable, Sendable {
    case whole = 0
    case oneByte = 1
    case twoBytes = 2
}

/// One WHATWG rule: a stream written with `\n` line ends and the events it must dispatch.
struct ParserCase: Sendable, CustomTestStringConvertible {
    let name: String
    let stream: String
    let events: [SSEEvent]
    var testDescription: String { name }
}

/// Feeds `stream` (with `\n` replaced by `ending`) in chunks; returns the events and the parser.
func parse(_ stream: String, ending: LineEnding = .lf, chunking: Chunking = .whole) -> ([SSEEvent], SSEParser) {
    let bytes = Array(stream.replacingOccurrences(of: "\n", with: ending.rawValue).utf8)
    return parseBytes(bytes, chunking: chunking)
}

/// Feeds raw bytes in chunks, then finishes the stream.
func parseBytes(_ bytes: [UInt8], chunking: Chunking) -> ([SSEEvent], SSEParser) {
    var parser = SSEParser()
    var events: [SSEEvent] = []
    let size = chunking == .whole ? max(bytes.count, 1) : chunking.rawValue
    var index = 0
    while index < bytes.count {
        let end = min(index + size, bytes.count)
        events += parser.feed(bytes[index..<end])
        index = end
    }
    events += parser.finish()
    return (events, parser)
}

let whatwgCases: [ParserCase] = [
    ParserCase(name: "one data line", stream: "data: hello\n\n", events: [SSEEvent(data: "hello")]),
    ParserCase(name: "data lines joined with LF", stream: "data: a\ndata: b\n\n", events: [SSEEvent(data: "a\nb")]),
    ParserCase(name: "last LF dropped only", stream: "data: a\ndata:\n\n", events: [SSEEvent(data: "a\n")]),
    ParserCase(name: "event type", stream: "event: status\ndata: x\n\n", events: [SSEEvent(type: "status", data: "x")]),
    ParserCase(
        name: "event type resets after dispatch", stream: "event: a\ndata: 1\n\ndata: 2\n\n",
        events: [SSEEvent(type: "a", data: "1"), SSEEvent(data: "2")]),
    ParserCase(name: "data: alone dispatches empty data", stream: "data:\n\n", events: [SSEEvent(data: "")]),
    ParserCase(
        name: "line without colon is a field with empty value", stream: "data\n\n", events: [SSEEvent(data: "")]),
    ParserCase(
        name: "block without data dispatches nothing and resets type", stream: "event: x\n\ndata: y\n\n",
        events: [SSEEvent(data: "y")]),
    ParserCase(name: "blank lines alone dispatch nothing", stream: "\n\n\n", events: []),
    ParserCase(name: "comments ignored", stream: ": keepalive\ndata: x\n: more\n\n", events: [SSEEvent(data: "x")]),
    ParserCase(name: "only the first colon splits", stream: "data: a:b: c\n\n", events: [SSEEvent(data: "a:b: c")]),
    ParserCase(
        name: "exactly one leading space stripped", stream: "data:  two\n\ndata:none\n\n",
        events: [SSEEvent(data: " two"), SSEEvent(data: "none")]),
    ParserCase(name: "field names are case-sensitive", stream: "Data: x\nDATA: y\nEvent: z\n\n", events: []),
    ParserCase(name: "unknown fields ignored", stream: "foo: bar\ndata: x\nbaz\n\n", events: [SSEEvent(data: "x")]),
    ParserCase(
        name: "id persists across events", stream: "id: 7\ndata: a\n\ndata: b\n\n",
        events: [SSEEvent(data: "a", lastEventID: "7"), SSEEvent(data: "b", lastEventID: "7")]),
    ParserCase(
        name: "empty id resets", stream: "id: 7\ndata: a\n\nid\ndata: b\n\nid:\ndata: c\n\n",
        events: [SSEEvent(data: "a", lastEventID: "7"), SSEEvent(data: "b"), SSEEvent(data: "c")]),
    ParserCase(
        name: "id with NUL ignored", stream: "id: 7\ndata: a\n\nid: x\u{0}y\ndata: b\n\n",
        events: [SSEEvent(data: "a", lastEventID: "7"), SSEEvent(data: "b", lastEventID: "7")]),
    ParserCase(
        name: "id set by an event without data still persists", stream: "id: 9\n\ndata: a\n\n",
        events: [SSEEvent(data: "a", lastEventID: "9")]),
    ParserCase(
        name: "incomplete event at end discarded", stream: "data: a\n\ndata: b\n", events: [SSEEvent(data: "a")]),
    ParserCase(name: "unterminated line at end discarded", stream: "data: a\n\ndata: b", events: [SSEEvent(data: "a")]),
    ParserCase(name: "BOM stripped at stream start", stream: "\u{FEFF}data: a\n\n", events: [SSEEvent(data: "a")]),
    ParserCase(
        name: "BOM stripped only once", stream: "\u{FEFF}\u{FEFF}data: a\n\ndata: b\n\n",
        events: [SSEEvent(data: "b")]),
    ParserCase(
        name: "BOM later in the stream is content", stream: "data: a\n\n\u{FEFF}data: b\n\n",
        events: [SSEEvent(data: "a")]),
    ParserCase(
        name: "UTF-8 multibyte data", stream: "event: état\ndata: héllo 🎬 世界\n\n",
        events: [SSEEvent(type: "état", data: "héllo 🎬 世界")]),
    ParserCase(
        name: "JSON data kept verbatim", stream: "data: {\"id\": \"g1\", \"status\": \"IN_QUEUE\"}\n\n",
        events: [SSEEvent(data: "{\"id\": \"g1\", \"status\": \"IN_QUEUE\"}")]),
]

@Suite("SSEParser: WHATWG rules")
struct SSEParserTests {
    @Test("rule under every line ending and chunking", arguments: whatwgCases, LineEnding.allCases)
    func rule(_ rule: ParserCase, ending: LineEnding) {
        for chunking in Chunking.allCases {
            let (events, _) = parse(rule.stream, ending: ending, chunking: chunking)
            #expect(events == rule.events, "\(rule.name) with \(ending) and \(chunking)")
        }
    }

    @Test("comments are counted as liveness", arguments: LineEnding.allCases, Chunking.allCases)
    func commentCount(ending: LineEnding, chunking: Chunking) {
        let (events, parser) = parse(": one\n:\n: three\n\n", ending: ending, chunking: chunking)
        #expect(events.isEmpty)
        #expect(parser.commentCount == 3)
    }

    @Test("retry takes ASCII digits only", arguments: LineEnding.allCases, Chunking.allCases)
    func retry(ending: LineEnding, chunking: Chunking) {
        #expect(parse("retry: 1500\n\n", ending: ending, chunking: chunking).1.reconnectionTimeMs == 1500)
        #expect(
            parse(
                "retry: 1500\nretry: 15x\nretry: -1\nretry:\nretry: 1.5\nretry:  20\n\n",
                ending: ending, chunking: chunking
            ).1.reconnectionTimeMs == 1500)
        #expect(
            parse("retry: 99999999999999999999999\n\n", ending: ending, chunking: chunking).1.reconnectionTimeMs == nil)
        #expect(parse("Retry: 10\n\n", ending: ending, chunking: chunking).1.reconnectionTimeMs == nil)
    }

    @Test("CRLF split across chunks is one line end")
    func crlfSplit() {
        var parser = SSEParser()
        var events = parser.feed(Array("data: a\r".utf8))
        events += parser.feed(Array("\ndata: b\r".utf8))
        events += parser.feed(Array("\n\r".utf8))
        events += parser.feed(Array("\n".utf8))
        #expect(events == [SSEEvent(data: "a\nb")])
    }

    @Test("lone CR then LF in the next chunk, then CR as its own line end")
    func mixedEndings() {
        let (events, _) = parseBytes(Array("data: a\r\ndata: b\rdata: c\n\r\n".utf8), chunking: .whole)
        #expect(events == [SSEEvent(data: "a\nb\nc")])
        let (split, _) = parseBytes(Array("data: a\r\rdata: b\r\r".utf8), chunking: .oneByte)
        #expect(split == [SSEEvent(data: "a"), SSEEvent(data: "b")])
    }

    @Test("BOM split across chunks is stripped", arguments: [1, 2])
    func bomSplit(size: Int) {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("data: a\n\n".utf8)
        let (events, _) = parseBytes(bytes, chunking: size == 1 ? .oneByte : .twoBytes)
        #expect(events == [SSEEvent(data: "a")])
    }

    @Test("partial BOM bytes are content, not stripped")
    func partialBOM() {
        let bytes: [UInt8] = [0xEF, 0xBB] + Array("data: a\n\n".utf8)
        let (events, _) = parseBytes(bytes, chunking: .oneByte)
        #expect(events.isEmpty, "the line's field name is \\u{FFFD}data, an unknown field")
    }

    @Test("UTF-8 split across chunks decodes whole", arguments: [1, 2, 3])
    func utf8Split(size: Int) {
        let bytes = Array("data: 🎬é\n\n".utf8)
        var parser = SSEParser()
        var events: [SSEEvent] = []
        var index = 0
        while index < bytes.count {
            events += parser.feed(bytes[index..<min(index + size, bytes.count)])
            index += size
        }
        #expect(events == [SSEEvent(data: "🎬é")])
    }

    @Test("invalid UTF-8 becomes replacement characters")
    func invalidUTF8() {
        let bytes: [UInt8] = Array("data: a".utf8) + [0xFF, 0xFE] + Array("b\n\n".utf8)
        let (events, _) = parseBytes(bytes, chunking: .oneByte)
        #expect(events == [SSEEvent(data: "a\u{FFFD}\u{FFFD}b")])
    }

    @Test("finish discards the pending event and feeding counts bytes")
    func finishDiscards() {
        var parser = SSEParser()
        #expect(parser.feed(Array("event: done\ndata: {\"status\":\"COMPLETED\"}\n".utf8)).isEmpty)
        #expect(parser.finish().isEmpty)
        #expect(parser.byteCount == 41)
        #expect(parser.dispatchedCount == 0)
    }

    @Test("non-contiguous collections are accepted")
    func nonContiguous() {
        var parser = SSEParser()
        let events = parser.feed(AnyCollection(Array("data: x\n\n".utf8)))
        #expect(events == [SSEEvent(data: "x")])
    }
}
