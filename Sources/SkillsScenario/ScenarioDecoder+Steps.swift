import SkillsCore
import Yams

/// Which script a step belongs to (poll steps cannot stream).
enum StepRole {
    case create
    case poll
}

extension ScenarioDecoder {
    static let stepKeys = ["delay", "status", "headers", "body", "sse", "end", "fault"]

    /// A non-empty list of steps.
    mutating func steps(_ node: Node, _ path: NodePath, role: StepRole) -> [Step]? {
        let expected =
            role == .create ? "a list of answers to successive create calls" : "a list of answers to successive polls"
        guard let items = reader.list(node, path, expected: expected) else { return nil }
        guard !items.isEmpty else {
            reader.report(node, path, "is an empty list (expected at least one step; omit the key for none)")
            return nil
        }
        var steps: [Step] = []
        var ok = true
        for (index, item) in items.enumerated() {
            if let step = step(item, path.appending(index), role: role) { steps.append(step) } else { ok = false }
        }
        return ok ? steps : nil
    }

    /// One step: a response (status/headers/body), an SSE stream (sse/end, create only) or a fault.
    mutating func step(_ node: Node, _ path: NodePath, role: StepRole) -> Step? {
        let expected = "a step: a mapping with status/headers/body, sse/end or fault, and an optional delay"
        guard let fields = reader.fields(node, path, allowed: Self.stepKeys, expected: expected) else { return nil }
        let problemsBefore = reader.problems.count

        let delay = fields["delay"].map { reader.duration($0, path.appending("delay")) } ?? 0
        if fields.has("fault") {
            for key in ["status", "headers", "body", "sse", "end"] where fields.has(key) {
                reader.report(
                    fields.keyNode(key), path.appending(key),
                    "cannot be combined with fault: (expected only delay beside fault; a fault step sends no response)")
            }
        } else if fields.has("sse") {
            if role == .poll {
                reader.report(
                    fields.keyNode("sse"), path.appending("sse"),
                    "is only allowed in create steps (expected a poll answer: status/headers/body or fault)")
            }
            if fields.has("body") {
                reader.report(
                    fields.keyNode("body"), path.appending("body"),
                    "cannot be combined with sse: (expected status, headers, end or delay beside sse; a stream sends events, not a body)"
                )
            }
        } else {
            if fields.has("end") {
                reader.report(
                    fields.keyNode("end"), path.appending("end"),
                    "only applies to an sse: step (expected sse: beside end)")
            }
            if !fields.has("status") && !fields.has("body") {
                reader.report(node, path, "the step sends nothing (expected one of: status, body, sse, fault)")
            }
        }

        let status = fields["status"].map { httpStatus($0, path.appending("status")) } ?? 200
        let headers = fields["headers"].map { self.headers($0, path.appending("headers")) } ?? []
        let body = fields["body"].flatMap { self.body($0, path.appending("body")) }
        let fault = fields["fault"].flatMap {
            reader.choice($0, path.appending("fault"), what: "a fault", Fault.self, allowed: Fault.allCases)
        }
        var events: [SSEItem]?
        var end = StreamEnd.complete
        if let sseNode = fields["sse"] {
            if let endNode = fields["end"] {
                end =
                    reader.choice(
                        endNode, path.appending("end"), what: "a stream end", StreamEnd.self,
                        allowed: StreamEnd.allCases) ?? .complete
            }
            events = sse(
                sseNode, path.appending("sse"), end: end, endNode: fields["end"], endPath: path.appending("end"))
        }

        // Every value above is non-nil when no new problem was recorded.
        guard reader.problems.count == problemsBefore, let delay, let status, let headers else { return nil }
        if let fault { return Step(delayMs: delay, kind: .fault(fault)) }
        if let events {
            return Step(
                delayMs: delay, kind: .sse(SSEScript(status: status, headers: headers, events: events, end: end)))
        }
        return Step(delayMs: delay, kind: .response(Response(status: status, headers: headers, body: body)))
    }

    /// An HTTP status code from 100 to 599.
    mutating func httpStatus(_ node: Node, _ path: NodePath) -> Int? {
        reader.integer(node, path, range: 100...599, what: "an HTTP status", expected: "a whole number from 100 to 599")
    }

    /// Header pairs in document order; values are strings or numbers (numbers keep their text).
    mutating func headers(_ node: Node, _ path: NodePath) -> [Header]? {
        guard reader.visit(node, path) else { return nil }
        guard case .mapping(let mapping) = node else {
            reader.report(
                node, path,
                "\(NodeReader.describe(node)) is not a mapping (expected header names and values, e.g. {Retry-After: \"1\"})"
            )
            return nil
        }
        var headers: [Header] = []
        var ok = true
        for (keyNode, valueNode) in mapping {
            if case .scalar(let keyScalar) = keyNode, reader.reportDuplicate(keyScalar.string, keyNode, path) {
                ok = false
                continue
            }
            guard case .scalar(let keyScalar) = keyNode, Self.isHeaderName(keyScalar.string) else {
                reader.report(
                    keyNode, path,
                    "\(NodeReader.describe(keyNode)) is not a header name (expected letters, digits and !#$%&'*+-.^_`|~)"
                )
                ok = false
                continue
            }
            let name = keyScalar.string
            guard
                let value = reader.string(
                    valueNode, path.appending(name), expected: "a header value: a string or a number",
                    allowNumbers: true, allowEmpty: true)
            else {
                ok = false
                continue
            }
            guard !value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                reader.report(
                    valueNode, path.appending(name),
                    "the value contains a line break or NUL (expected one line of text)")
                ok = false
                continue
            }
            if let bad = TimeTemplate.malformed(in: value) {
                reader.report(valueNode, path.appending(name), Self.badTemplate(bad))
                ok = false
                continue
            }
            headers.append(Header(name, value))
        }
        return ok ? headers : nil
    }

    /// The message for a `{now…` that is no time template.
    static func badTemplate(_ text: String) -> String {
        "\(text) is not a time template (expected {now}, {now+Ns} or {now-Ns}, N whole seconds)"
    }

    /// A response body: a string is sent as text, anything else as JSON; a `{now…` in it must be a time template.
    mutating func body(_ node: Node, _ path: NodePath) -> Body? {
        let body = anyBody(node, path)
        let text: String?
        switch body {
        case .text(let t)?: text = t
        case .json(let value)?: text = value.jsonText
        case nil: text = nil
        }
        if let text, let bad = TimeTemplate.malformed(in: text) {
            reader.report(node, path, Self.badTemplate(bad))
            return nil
        }
        return body
    }

    private mutating func anyBody(_ node: Node, _ path: NodePath) -> Body? {
        if case .scalar(let scalar) = node {
            switch NodeReader.kind(of: node) {
            case .string:
                return reader.string(node, path, expected: "a string", allowEmpty: true).map { .text($0) }
            case .null where scalar.string.isEmpty:
                reader.report(
                    node, path, "is empty (expected a mapping, a list or a string; write null for a JSON null)")
                return nil
            default:
                break
            }
        }
        return reader.json(node, path).map { .json($0) }
    }

    /// Whether `name` is an HTTP token (RFC 9110 `tchar`s).
    static func isHeaderName(_ name: String) -> Bool {
        !name.isEmpty
            && name.unicodeScalars.allSatisfy { isWordScalar($0) || "!#$%&'*+-.^_`|~".unicodeScalars.contains($0) }
    }
}
