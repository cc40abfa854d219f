import SkillsCore

/// Turns what a run was served into a scenario that replays it (SPEC 10). Pure: no I/O, no clock.
///
/// Creates and polls become steps in arrival order with their measured delays; the run's generation id
/// becomes `{gen}`; `expect:` holds what was served (last terminal status, creates and polls), tagged
/// `recorded`, for a person to turn into what a correct client must do.
public struct ScenarioRecording: Sendable {
    /// The id of the scenario written.
    public var id: String
    /// Its title.
    public var title: String
    /// The generation id the run was given (replaced by `{gen}` everywhere), when one was issued.
    public var generationID: String?
    /// The run's calls in arrival order.
    public var exchanges: [RecordedExchange]

    /// Delays under this many ms are recorded as none (a reply due at once takes microseconds).
    public static let noiseMs = 0.5

    /// A recording of `exchanges` as scenario `id`.
    public init(id: String, title: String, generationID: String?, exchanges: [RecordedExchange]) {
        self.id = id
        self.title = title
        self.generationID = generationID
        self.exchanges = exchanges
    }

    /// The scenario that serves the same answers, bytes, ends and delays.
    public func scenario() -> Scenario {
        let calls = exchanges.filter { $0.kind.isCreate || $0.kind == .poll }
        let firstCreate = calls.first(where: { $0.kind.isCreate })
        let creates = calls.filter { $0.kind.isCreate }.map(step)
        let polls = calls.filter { $0.kind == .poll }.map(step)
        var scenario = Scenario(
            id: id, title: title, tags: ["recorded"], create: creates.isEmpty ? [Step(kind: .fault(.close))] : creates,
            poll: polls)
        if let firstCreate {
            if let model = ScenarioRecording.model(inPath: firstCreate.path) { scenario.model = model }
            if let payload = try? JSONValue.parse(firstCreate.requestBody), case .object = payload {
                scenario.payload = payload
            }
        }
        scenario.expect = Expectation(
            outcome: lastTerminalStatus(calls), creates: CountCheck(.eq, creates.count),
            polls: CountCheck(.eq, polls.count))
        return scenario
    }

    /// The scenario as YAML that `ScenarioLoader` reads back to the same scenario.
    public func yaml(comment: String? = nil) -> String {
        ScenarioWriter.yaml(scenario(), comment: comment)
    }

    /// `provider/model` from a create path (`.../generation/sse/<model>` or `.../generation/<model>`).
    public static func model(inPath path: String) -> String? {
        let bare = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        for marker in ["/generation/sse/", "/generation/"] {
            if let range = bare.range(of: marker) {
                let model = String(bare[range.upperBound...])
                return model.isEmpty ? nil : model
            }
        }
        return nil
    }

    // MARK: - Steps

    private func step(_ exchange: RecordedExchange) -> Step {
        let delay = ScenarioRecording.milliseconds(exchange.delayMs)
        switch exchange.answer {
        case .fault(let fault):
            return Step(delayMs: delay, kind: .fault(fault))
        case .reply(let status, let headers, let body):
            return Step(delayMs: delay, kind: .response(response(status: status, headers: headers, body: body)))
        case .stream(let status, let headers, let pieces, let end):
            return Step(delayMs: delay, kind: .sse(script(status: status, headers: headers, pieces: pieces, end: end)))
        }
    }

    private func response(status: Int, headers: [Header], body: [UInt8]) -> Response {
        let bytes = generic(body)
        var kept = keptHeaders(headers)
        let contentType = kept.value(named: "content-type")
        guard !bytes.isEmpty else { return Response(status: status, headers: kept, body: nil) }
        let text = String(decoding: bytes, as: UTF8.self)
        var value = Body.recorded(text)
        if case .json = value, contentType != nil, contentType != "application/json" { value = .text(text) }
        let defaultType = { () -> String in
            if case .json = value { return "application/json" }
            return "text/plain; charset=utf-8"
        }()
        if contentType == defaultType { kept.removeAll { HeaderName.matches($0.name, "content-type") } }
        return Response(status: status, headers: kept, body: value)
    }

    private func script(status: Int, headers: [Header], pieces: [RecordedPiece], end: StreamEnd) -> SSEScript {
        var kept = keptHeaders(headers)
        kept.removeAll { HeaderName.matches($0.name, "content-type") && $0.value == "text/event-stream" }
        var items = pieces.filter { !$0.bytes.isEmpty }.map { piece in
            SSEItem.recorded(
                generic(piece.bytes), delayMs: ScenarioRecording.milliseconds(piece.delayMs), dribble: piece.dribble)
        }
        var end = end
        if end == .truncate {
            // The fake drops the last event's final line end itself: the script holds the whole event.
            if let last = items.indices.last, let raw = items[last].raw, var event = SSEItem.canonical(raw + [0x0A]),
                event.comment == nil
            {
                event.delayMs = items[last].delayMs
                event.dribble = items[last].dribble
                items[last] = event
            } else {
                end = .close  // the same bytes and FIN; a script can only truncate an event it spells
            }
        }
        return SSEScript(status: status, headers: kept, events: items, end: end)
    }

    /// `Content-Type` and `Retry-After`, `{gen}` restored.
    private func keptHeaders(_ headers: [Header]) -> [Header] {
        headers.filter { HeaderName.matches($0.name, "content-type") || HeaderName.matches($0.name, "retry-after") }
            .map { Header($0.name, String(decoding: generic(Array($0.value.utf8)), as: UTF8.self)) }
    }

    /// The bytes with the run's generation id written as `{gen}`.
    private func generic(_ bytes: [UInt8]) -> [UInt8] {
        guard let generationID, !generationID.isEmpty else { return bytes }
        return ScenarioRecording.replacing(Array(generationID.utf8), with: Array("{gen}".utf8), in: bytes)
    }

    static func replacing(_ token: [UInt8], with replacement: [UInt8], in bytes: [UInt8]) -> [UInt8] {
        bytes.replacingAll(token, with: replacement)
    }

    /// Milliseconds kept to 0.1 ms; noise below `noiseMs` is none.
    static func milliseconds(_ ms: Double) -> Double {
        guard ms.isFinite, ms >= noiseMs else { return 0 }
        return (ms * 10).rounded() / 10
    }

    // MARK: - Expect

    /// The last terminal status any event or answer served, upper case (`CANCELLED` as `CANCELED`).
    private func lastTerminalStatus(_ calls: [RecordedExchange]) -> String? {
        var last: String?
        func consider(_ text: String) {
            guard let value = try? JSONValue.parse(text), let status = GenerationStatus.findStatus(in: value)?.value,
                GenerationStatus.isTerminal(status)
            else { return }
            let upper = status.uppercased()
            last = upper == "CANCELLED" ? "CANCELED" : upper
        }
        for call in calls {
            switch call.answer {
            case .reply(let status, _, let body) where (200..<300).contains(status):
                consider(String(decoding: body, as: UTF8.self))
            case .stream(_, _, let pieces, _):
                var parser = SSEParser()
                for piece in pieces {
                    for event in parser.feed(piece.bytes[...]) { consider(event.data) }
                }
            default:
                break
            }
        }
        return last
    }
}
