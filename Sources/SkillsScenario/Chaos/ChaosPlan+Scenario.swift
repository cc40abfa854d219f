import SkillsCore

extension ChaosPlan {
    /// The model every chaos scenario creates on.
    public static let model = "kling-ai/kling-v2.6"

    /// `chaos.<seed>.<index>` (four digits at least), with `.shrunk<N>` after shrinking.
    public var id: String {
        let number = String(index)
        let padded = String(repeating: "0", count: max(0, 4 - number.count)) + number
        return "chaos.\(seed).\(padded)" + (shrinkStep > 0 ? ".shrunk\(shrinkStep)" : "")
    }

    /// Whether the deciding create leaves the client polling the id.
    public var reachesPolling: Bool {
        guard !keyless else { return false }
        switch createEnd {
        case .json: return true
        case .stream(let stream): return stream.servedTerminal == nil && stream.servesID
        case .finalError, .giveUp: return false
        }
    }

    /// The rendered scenario, its `expect:` derived from the rules.
    public var scenario: Scenario {
        Scenario(
            id: id, title: "Chaos seed \(seed) #\(index): \(summary)", tags: tags, model: Self.model,
            payload: .object([("prompt", .string("chaos run \(index) of seed \(seed)"))]),
            create: createSteps, poll: pollSteps, client: clientSettings, expect: expectation,
            source: "<chaos seed \(seed) #\(index)>")
    }

    /// What a correct client ends with on this plan (SPEC 5 `expect:`), from the rules of SPEC 6.
    public var expectation: Expectation {
        func ending(_ outcome: String, creates: CountCheck, polls: CountCheck) -> Expectation {
            Expectation(
                outcome: outcome, exit: Expectation.exitCode(forOutcome: outcome), creates: creates, polls: polls)
        }
        if keyless { return ending("missing_key", creates: CountCheck(.eq, 0), polls: CountCheck(.eq, 0)) }
        let creates = CountCheck(.eq, createFailures.count + 1)
        switch createEnd {
        case .finalError(let code, let body):
            return ending(Self.category(code, body), creates: creates, polls: CountCheck(.eq, 0))
        case .giveUp:
            return ending(ErrorCategory.transient.rawValue, creates: CountCheck(.ge, 2), polls: CountCheck(.eq, 0))
        case .stream(let stream) where !reachesPolling:
            let status = stream.servedTerminal ?? "COMPLETED"
            return ending(GenerationStatus.normalize(status), creates: creates, polls: CountCheck(.eq, 0))
        case .stream, .json:
            switch pollEnd {
            case .terminal(let status):
                return ending(
                    GenerationStatus.normalize(status), creates: creates, polls: CountCheck(.eq, polls.count + 1))
            case .finalError(let code, let body):
                return ending(Self.category(code, body), creates: creates, polls: CountCheck(.eq, polls.count + 1))
            case .never:
                // One poll at least: a silent poll (request timeout) and its backoff may use up the poll timeout.
                return ending("timeout", creates: creates, polls: CountCheck(.ge, 1))
            }
        }
    }

    /// The seed table's category for an error answer (CLASS-1).
    static func category(_ code: Int, _ body: ChaosErrorBody) -> String {
        ErrorClassifier.classify(status: code, body: body.wireText).rawValue
    }

    // MARK: Steps

    var createSteps: [Step] {
        var steps = createFailures.map(Self.step)
        switch createEnd {
        case .finalError(let code, let body):
            steps.append(Step(kind: .response(Response(status: code, body: body.body))))
        case .giveUp(let failure):
            steps.append(Self.step(failure))
        case .json:
            steps.append(
                Step(kind: .response(Response(status: 200, body: .json(Self.payload("IN_QUEUE", carriesID: true))))))
        case .stream(let stream):
            steps.append(stream.step(seed: seed, index: index, position: steps.count))
        }
        return steps
    }

    var pollSteps: [Step] {
        guard reachesPolling else { return [] }
        var steps: [Step] = polls.map { poll in
            switch poll {
            case .pending(let status):
                return Step(kind: .response(Response(status: 200, body: .json(Self.payload(status, carriesID: true)))))
            case .failure(let failure): return Self.step(failure)
            }
        }
        switch pollEnd {
        case .terminal(let status):
            steps.append(
                Step(kind: .response(Response(status: 200, body: .json(Self.payload(status, carriesID: true))))))
        case .finalError(let code, let body):
            steps.append(Step(kind: .response(Response(status: code, body: body.body))))
        case .never:
            steps.append(
                Step(kind: .response(Response(status: 200, body: .json(Self.payload("IN_PROGRESS", carriesID: true))))))
        }
        return steps
    }

    static func step(_ failure: ChaosFailure) -> Step {
        switch failure {
        case .status(let code, let body, let retryAfter):
            let headers = retryAfter.map { [Header("Retry-After", $0.description)] } ?? []
            return Step(kind: .response(Response(status: code, headers: headers, body: body.body)))
        case .fault(let fault):
            return Step(kind: .fault(fault))
        case .brokenStream(let stream):
            return stream.step(seed: 0, index: 0, position: 0)
        }
    }

    /// A status object as the platform sends it: the id when carried, an output for a success, an error for a failure.
    static func payload(_ status: String, carriesID: Bool) -> JSONValue {
        var members: [(String, JSONValue)] = carriesID ? [("id", "{gen}")] : []
        members.append(("status", .string(status)))
        if GenerationStatus.isSuccess(status) {
            members.append(("output", .object([("url", "https://cdn.example.invalid/{gen}.mp4")])))
        } else if GenerationStatus.isTerminal(status) {
            members.append(("error", "the generation did not finish"))
        }
        return .object(members)
    }

    // MARK: Client settings, tags, title

    var clientSettings: ClientSettings {
        var settings = ClientSettings(apiKeyAbsent: keyless)
        let streams =
            createFailures.compactMap { failure -> ChaosStream? in
                if case .brokenStream(let s) = failure { return s }
                return nil
            } + { if case .stream(let s) = createEnd { return [s] } else { return [] } }()
        if streams.contains(where: { $0.end == .hang }) { settings.sseIdleTimeoutMs = 3000 }
        let faults = allFailures.compactMap { failure -> Fault? in
            if case .fault(let f) = failure { return f }
            return nil
        }
        if faults.contains(.silent) { settings.requestTimeoutMs = 3000 }
        // 10 s (500 ms at the default scale 0.05): POLL-2's 3 % tolerance must exceed a loaded machine's request latency.
        if reachesPolling, pollEnd == .never { settings.pollTimeoutMs = 10_000 }
        if allFailures.contains(where: { if case .status(_, _, .some) = $0 { return true } else { return false } }) {
            // Retry-After runs at scale 1: short polls keep such a run short.
            settings.pollIntervalMs = 200
        }
        return settings
    }

    var tags: [String] {
        var tags = ["chaos"]
        if keyless { tags.append("keyless") }
        if !allFailures.isEmpty { tags.append("transient") }
        if case .stream = createEnd { tags.append("sse") }
        if reachesPolling { tags.append("polling") }
        return tags
    }

    /// One line saying what the plan does.
    public var summary: String {
        if keyless { return "no API key; the client must send nothing" }
        var parts: [String] = []
        if !createFailures.isEmpty {
            parts.append("create fails " + createFailures.map(\.summary).joined(separator: ", "))
        }
        switch createEnd {
        case .finalError(let code, _): parts.append("create answers \(code)")
        case .giveUp(let failure): parts.append("create fails \(failure.summary) forever")
        case .json: parts.append("create answers JSON")
        case .stream(let stream): parts.append("stream \(stream.summary)")
        }
        if reachesPolling {
            var polling = polls.map { poll -> String in
                switch poll {
                case .pending(let status): return status
                case .failure(let failure): return failure.summary
                }
            }
            switch pollEnd {
            case .terminal(let status): polling.append(status)
            case .finalError(let code, _): polling.append(String(code))
            case .never: polling.append("IN_PROGRESS forever")
            }
            parts.append("polls " + polling.joined(separator: ", "))
        }
        return parts.joined(separator: "; ")
    }
}

extension ChaosFailure {
    /// A few words for titles: `503`, `429 Retry-After 1`, `reset`, `stream cut before the id (crlf, truncate)`.
    public var summary: String {
        switch self {
        case .status(let code, _, let retryAfter?): return "\(code) Retry-After \(retryAfter)"
        case .status(let code, _, nil): return String(code)
        case .fault(let fault): return "fault \(fault.rawValue)"
        case .brokenStream(let stream): return "stream before any id (\(stream.style.rawValue), \(stream.end.rawValue))"
        }
    }
}

extension ChaosStream {
    /// A few words for titles.
    public var summary: String {
        var words = [style.rawValue, "\(items.count) item(s)"]
        if bom { words.append("BOM") }
        if items.contains(where: { $0.splitPermille != nil }) { words.append("split") }
        if items.contains(where: \.dribble) { words.append("dribbled") }
        if garbage { words.append("garbage") }
        if let terminal = servedTerminal { words.append(terminal) } else if servesID { words.append("id, no terminal") }
        words.append(end.rawValue)
        return "(" + words.joined(separator: ", ") + ")"
    }

    /// The scenario step that serves this stream; `seed`, `index` and `position` pick the mixed line ends.
    func step(seed: UInt64, index: Int, position: Int) -> Step {
        var line = LineEnds(style: style, random: ChaosRandom(seed: seed ^ UInt64(position), index: index))
        var events: [SSEItem] = []
        if bom { events.append(SSEItem(raw: [0xEF, 0xBB, 0xBF])) }
        for (offset, item) in items.enumerated() {
            let cut = end == .truncate && offset == items.count - 1
            if style == .lf || cut {
                events.append(Self.structured(item))
                continue
            }
            let bytes = Self.rawBytes(item, lines: &line)
            if let permille = item.splitPermille, bytes.count > 1 {
                let at = Self.splitPoint(bytes, at: min(bytes.count - 1, max(1, bytes.count * permille / 1000)))
                events.append(SSEItem(delayMs: Double(item.delayMs), raw: Array(bytes[..<at]), dribble: item.dribble))
                events.append(SSEItem(delayMs: 5, raw: Array(bytes[at...]), dribble: item.dribble))
            } else {
                events.append(SSEItem(delayMs: Double(item.delayMs), raw: bytes, dribble: item.dribble))
            }
        }
        if garbage { events.append(SSEItem(raw: [0xFF, 0xFE, 0x7F] + Array("~~ not an event ~~\n".utf8))) }
        if events.isEmpty { events.append(SSEItem(comment: "connected")) }
        return Step(delayMs: Double(headDelayMs), kind: .sse(SSEScript(events: events, end: end)))
    }

    /// `at`, moved out of any `{gen}` it would cut (the server substitutes the token within one item's bytes).
    static func splitPoint(_ bytes: [UInt8], at: Int) -> Int {
        let token = Array("{gen}".utf8)
        var start = 0
        while start + token.count <= bytes.count {
            if bytes[start..<(start + token.count)].elementsEqual(token), start < at, at < start + token.count {
                return start > 0 ? start : start + token.count
            }
            start += 1
        }
        return at
    }

    static func structured(_ item: ChaosStreamItem) -> SSEItem {
        guard let event = item.event else {
            return SSEItem(delayMs: Double(item.delayMs), comment: "keepalive", dribble: item.dribble)
        }
        return SSEItem(
            delayMs: Double(item.delayMs), event: event.name,
            data: .json(ChaosPlan.payload(event.status, carriesID: event.carriesID)),
            id: event.sseID, retry: event.retry, dribble: item.dribble)
    }

    static func rawBytes(_ item: ChaosStreamItem, lines: inout LineEnds) -> [UInt8] {
        var fields: [String] = []
        if let event = item.event {
            if let name = event.name { fields.append("event: " + name) }
            if let id = event.sseID { fields.append("id: " + id) }
            if let retry = event.retry { fields.append("retry: \(retry)") }
            fields.append("data: " + ChaosPlan.payload(event.status, carriesID: event.carriesID).jsonText)
        } else {
            fields.append(": keepalive")
        }
        var text = ""
        for field in fields { text += field + lines.next(blank: false) }
        text += lines.next(blank: true)
        return Array(text.utf8)
    }

    /// The line ends of a raw stream: fixed for `cr` / `crlf`, drawn per line for `mixed`.
    struct LineEnds {
        var style: LineStyle
        var random: ChaosRandom
        var previous = "\n"

        /// The next line end; a blank line after a CR is never a lone LF (CR LF would be one line end).
        mutating func next(blank: Bool) -> String {
            let chosen: String
            switch style {
            case .lf: chosen = "\n"
            case .cr: chosen = "\r"
            case .crlf: chosen = "\r\n"
            case .mixed:
                let options = blank && previous == "\r" ? ["\r", "\r\n"] : ["\n", "\r", "\r\n"]
                chosen = random.pick(options)
            }
            previous = chosen
            return chosen
        }
    }
}
