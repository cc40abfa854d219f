import Foundation
import SkillsCore
import SkillsScenario

/// What the wire must carry for one request: a step made concrete (ids substituted, bytes encoded). Pure.
///
/// Indirect: a plan is one shared reference, so the journal keeps the plan of every entry for the run export
/// (`RunExport`) at the cost of a pointer.
indirect enum ResponsePlan: Sendable, Equatable {
    /// One complete answer after a delay.
    case reply(Reply)
    /// A chunked stream of SSE bytes.
    case stream(StreamPlan)
    /// A connection fault before any response byte, after a delay.
    case fault(delayMs: Double, Fault)
    /// An admin answer held until enough journal entries match (`GET /__admin/journal?wait_count=N`).
    case awaitJournal(JournalWait)

    /// What an admin call waits for: `count` answered entries that pass `filter`, for at most `timeoutMs` of real time.
    struct JournalWait: Sendable, Equatable {
        var filter: JournalFilter
        var count: Int
        var timeoutMs: Double
    }

    /// A complete answer.
    struct Reply: Sendable, Equatable {
        var delayMs: Double = 0
        var status: Int
        var headers: [Header] { didSet { headerFacts = HeaderFacts(headers) } }
        var body: [UInt8] {
            didSet {
                journalText = Journal.bodyText(body)
                bodyTemplated = TimeTemplate.mentions(body)
            }
        }
        /// The body as the journal records it, made once: a cached plan answers many requests, and each
        /// journal entry then shares this string instead of decoding its own copy.
        private(set) var journalText: String
        /// What the headers hold, found once for the same reason.
        private(set) var headerFacts: HeaderFacts
        private var bodyTemplated: Bool

        init(delayMs: Double = 0, status: Int, headers: [Header], body: [UInt8]) {
            self.delayMs = delayMs
            self.status = status
            self.headers = headers
            self.body = body
            journalText = Journal.bodyText(body)
            headerFacts = HeaderFacts(headers)
            bodyTemplated = TimeTemplate.mentions(body)
        }

        /// Whether a header or the body holds a time template, resolved only when the answer is sent.
        var timeTemplated: Bool { headerFacts.timeTemplated || bodyTemplated }

        /// The reply as sent at `now`: time templates resolved (itself when it has none).
        func sent(at now: @autoclosure () -> Date) -> Reply {
            guard timeTemplated else { return self }
            var resolved = self
            let date = now()
            resolved.headers = headers.resolvingTime(date)
            resolved.body = TimeTemplate.substitute(body, now: date)
            return resolved
        }

        /// The `Retry-After` value it sends, as the journal records it.
        var retryAfter: String? { headerFacts.retryAfter }
    }

    /// What a plan's response headers hold, found once when the plan is made (a cached plan answers many
    /// requests, so nothing on the event loop scans them again).
    struct HeaderFacts: Sendable, Equatable {
        /// Whether a value holds a time template.
        let timeTemplated: Bool
        /// The first `Retry-After` value, as scripted.
        let retryAfter: String?

        init(_ headers: [Header]) {
            timeTemplated = headers.contains { TimeTemplate.mentions($0.value) }
            retryAfter = headers.value(named: "Retry-After")
        }
    }

    /// A chunked SSE answer.
    struct StreamPlan: Sendable, Equatable {
        var delayMs: Double
        var status: Int
        /// The response headers; time templates in them are resolved when the stream starts.
        var headers: [Header] { didSet { headerFacts = HeaderFacts(headers) } }
        private(set) var headerFacts: HeaderFacts
        var chunks: [StreamChunk]
        var end: StreamEnd

        init(delayMs: Double, status: Int, headers: [Header], chunks: [StreamChunk], end: StreamEnd) {
            self.delayMs = delayMs
            self.status = status
            self.headers = headers
            headerFacts = HeaderFacts(headers)
            self.chunks = chunks
            self.end = end
        }

        /// The headers as sent at `now` and their `Retry-After`: time templates resolved (as planned when none).
        func sentHeaders(at now: @autoclosure () -> Date) -> (headers: [Header], retryAfter: String?) {
            guard headerFacts.timeTemplated else { return (headers, headerFacts.retryAfter) }
            let resolved = headers.resolvingTime(now())
            return (resolved, resolved.value(named: "Retry-After"))
        }
    }

    /// One scripted item's bytes, the delay before them, and the events they complete.
    struct StreamChunk: Sendable, Equatable {
        var delayMs: Double
        var bytes: [UInt8]
        var dribble: Bool
        /// The events a WHATWG client dispatches on these bytes (their blank lines end in `bytes`), in order.
        var served: [ServedFields] = []
    }

    /// The fields of a dispatched event, recorded in the journal once it was served.
    struct ServedFields: Sendable, Equatable {
        /// The event type; nil for the default `message`.
        var event: String?
        var data: String
        /// The last event id in force; nil when none was ever set.
        var id: String?
        /// Index in the chunk's bytes of the line end that completes the event's blank line: once that byte
        /// went out the event was served (a dribbled chunk drains one byte at a time).
        var blankLineEnd: Int

        init(event: String? = nil, data: String, id: String? = nil, blankLineEnd: Int) {
            self.event = event
            self.data = data
            self.id = id
            self.blankLineEnd = blankLineEnd
        }

        /// The fields of an event as a client dispatched it.
        init(_ event: SSEEvent, blankLineEnd: Int) {
            self.init(
                event: event.type == "message" ? nil : event.type, data: event.data,
                id: event.lastEventID.isEmpty ? nil : event.lastEventID, blankLineEnd: blankLineEnd)
        }
    }

    /// The delay before anything happens.
    var delayMs: Double {
        switch self {
        case .reply(let r): return r.delayMs
        case .stream(let s): return s.delayMs
        case .fault(let d, _): return d
        case .awaitJournal: return 0
        }
    }

    /// A JSON answer with no delay.
    static func json(_ status: Int, _ body: JSONValue, headers: [Header] = []) -> ResponsePlan {
        .reply(
            Reply(
                status: status, headers: [Header("Content-Type", "application/json")] + headers,
                body: Array(body.jsonText.utf8)))
    }

    /// An `ErrorResponse {message}` answer.
    static func error(_ status: Int, _ message: String, headers: [Header] = []) -> ResponsePlan {
        json(status, ["message": .string(message)], headers: headers)
    }

    /// Turns a scripted step into wire actions for the endpoint that was called.
    ///
    /// An `sse:` step answers the polling-create endpoint with `200 {"id": gen, "status": "IN_QUEUE"}`;
    /// `{gen}` is replaced everywhere, raw bytes and header values included.
    init(step: Step, route: RequestKind, generationID: String?) {
        let gen = generationID
        switch step.kind {
        case .fault(let fault):
            self = .fault(delayMs: step.delayMs, fault)
        case .sse where route == .createPoll:
            var reply = ResponsePlan.Reply(
                status: 200, headers: [Header("Content-Type", "application/json")],
                body: Array(JSONValue.object([("id", .string(gen ?? "")), ("status", "IN_QUEUE")]).jsonText.utf8))
            reply.delayMs = step.delayMs
            self = .reply(reply)
        case .sse(let script):
            self = .stream(ResponsePlan.streamPlan(script, delayMs: step.delayMs, generationID: gen))
        case .response(let response):
            var headers = response.headers.map { Header($0.name, SSEEncoder.substitute($0.value, gen)) }
            let body: [UInt8]
            switch response.body {
            case .json(let value)?:
                body = SSEEncoder.substitute(Array(value.jsonText.utf8), gen)
                headers = headers.addingDefault(Header("Content-Type", "application/json"))
            case .text(let text)?:
                body = Array(SSEEncoder.substitute(text, gen).utf8)
                headers = headers.addingDefault(Header("Content-Type", "text/plain; charset=utf-8"))
            case nil:
                body = []
            }
            self = .reply(Reply(delayMs: step.delayMs, status: response.status, headers: headers, body: body))
        }
    }

    private static func streamPlan(_ script: SSEScript, delayMs: Double, generationID: String?) -> StreamPlan {
        var chunks = script.events.map { item in
            StreamChunk(
                delayMs: item.delayMs, bytes: SSEEncoder.bytes(of: item, generationID: generationID),
                dribble: item.dribble)
        }
        if script.end == .truncate, let last = chunks.indices.last, script.events[last].raw == nil,
            chunks[last].bytes.last == UInt8(ascii: "\n")
        {
            chunks[last].bytes.removeLast()
        }
        // The wire bytes read in order by a WHATWG parser: each event belongs to the chunk holding its blank
        // line, whatever the items' boundaries and line endings; an event left open at the end is never served.
        var parser = SSEParser()
        for index in chunks.indices {
            chunks[index].served = dispatches(of: chunks[index].bytes, by: &parser)
        }
        let headers = script.headers.map { Header($0.name, SSEEncoder.substitute($0.value, generationID)) }
            .addingDefault(Header("Content-Type", "text/event-stream"))
            .addingDefault(Header("Cache-Control", "no-cache"))
        return StreamPlan(delayMs: delayMs, status: script.status, headers: headers, chunks: chunks, end: script.end)
    }

    /// The events `parser` dispatches on `bytes`, each placed at the line-end byte that dispatched it.
    private static func dispatches(of bytes: [UInt8], by parser: inout SSEParser) -> [ServedFields] {
        var served: [ServedFields] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
            served += parser.feed(bytes[start...index]).map { ServedFields($0, blankLineEnd: index) }
            start = index + 1
        }
        // A tail without a line end dispatches nothing (WHATWG): the parser keeps it for the next chunk.
        if start < bytes.count { _ = parser.feed(bytes[start...]) }
        return served
    }
}

extension [Header] {
    /// The headers with `header` appended unless one of the same name (any case) is already there.
    func addingDefault(_ header: Header) -> [Header] {
        contains(where: { HeaderName.matches($0.name, header.name) }) ? self : self + [header]
    }
}

extension [Header] {
    /// The headers with time templates resolved at `now`.
    func resolvingTime(_ now: Date) -> [Header] {
        map { TimeTemplate.mentions($0.value) ? Header($0.name, TimeTemplate.substitute($0.value, now: now)) : $0 }
    }
}
