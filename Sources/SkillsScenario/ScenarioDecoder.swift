import SkillsCore
import Yams

/// Turns one composed YAML document into a `Scenario`, collecting every problem on the way.
struct ScenarioDecoder {
    /// The node reader that holds the file name and the problems found.
    var reader: NodeReader

    /// Top-level keys of a scenario file.
    static let topKeys = ["id", "title", "tags", "model", "payload", "create", "poll", "client", "expect"]
    static let clientKeys = ["poll_interval", "poll_timeout", "sse_idle_timeout", "request_timeout", "api_key"]
    static let expectKeys = ["outcome", "exit", "creates", "polls"]
    /// The model used when a file names none.
    static let defaultModel = "kling-ai/kling-v2.6"

    init(file: String) {
        reader = NodeReader(file: file)
    }

    /// The scenario, or nil when any problem was found (see `reader.problems`).
    mutating func decode(root: Node?, source: String) -> Scenario? {
        guard let root else {
            reader.report(line: 1, .root, "the file holds no document (expected a mapping with id, title and create)")
            return nil
        }
        let expected = "a mapping with keys \(Self.topKeys.joined(separator: ", "))"
        guard let top = reader.fields(root, .root, allowed: Self.topKeys, expected: expected) else { return nil }

        var id: String?
        if let node = top["id"] {
            id = scenarioID(node, .root.appending("id"))
        } else {
            reader.missing(top, "id", expected: "a unique scenario id such as sse.drop-after-progress")
        }
        var title: String?
        if let node = top["title"] {
            title = reader.string(node, .root.appending("title"), expected: "a sentence saying what happens")
        } else {
            reader.missing(top, "title", expected: "a sentence saying what happens")
        }
        let tags = top["tags"].map { self.tags($0, .root.appending("tags")) } ?? []
        let model = top["model"].map { self.model($0, .root.appending("model")) } ?? Self.defaultModel
        let payload =
            top["payload"].map { self.payload($0, .root.appending("payload")) } ?? .object([("prompt", "test")])
        var create: [Step]?
        if let node = top["create"] {
            create = steps(node, .root.appending("create"), role: .create)
        } else {
            reader.missing(top, "create", expected: "a list of answers to create calls")
        }
        let poll = top["poll"].map { steps($0, .root.appending("poll"), role: .poll) } ?? []
        let client = top["client"].map { self.client($0, .root.appending("client")) } ?? ClientSettings()
        let expect = top["expect"].map { self.expectation($0, .root.appending("expect")) } ?? Expectation()

        guard reader.problems.isEmpty, let id, let title, let tags, let model, let payload, let create, let poll,
            let client, let expect
        else { return nil }
        return Scenario(
            id: id, title: title, tags: tags, model: model, payload: payload, create: create, poll: poll,
            client: client, expect: expect, source: source)
    }

    // MARK: Identity

    private mutating func scenarioID(_ node: Node, _ path: NodePath) -> String? {
        let expected = "letters, digits, '.', '_' or '-', without '--'; it becomes the key suffix sk-test-<id>"
        guard let id = reader.string(node, path, expected: expected) else { return nil }
        let allowed = id.unicodeScalars.allSatisfy { Self.isWordScalar($0) || $0 == "." || $0 == "_" || $0 == "-" }
        guard allowed, !id.contains("--"), !id.hasPrefix("-"), !id.hasSuffix("-"), id.count <= 128 else {
            reader.report(node, path, "\(NodeReader.describe(node)) is not a valid scenario id (expected \(expected))")
            return nil
        }
        return id
    }

    private mutating func tags(_ node: Node, _ path: NodePath) -> [String]? {
        let expected = "a list of short words, e.g. [sse, fallback]"
        guard let items = reader.list(node, path, expected: expected) else { return nil }
        var tags: [String] = []
        var ok = true
        for (index, item) in items.enumerated() {
            guard let tag = reader.string(item, path.appending(index), expected: "a tag word") else {
                ok = false
                continue
            }
            guard tag.unicodeScalars.allSatisfy({ Self.isWordScalar($0) || $0 == "-" || $0 == "_" || $0 == "." }) else {
                reader.report(
                    item, path.appending(index),
                    "\(NodeReader.describe(item)) is not a tag (expected letters, digits, '-', '_' or '.')")
                ok = false
                continue
            }
            if tags.contains(tag) {
                reader.report(item, path.appending(index), "\"\(tag)\" is listed twice (expected each tag once)")
                ok = false
                continue
            }
            tags.append(tag)
        }
        return ok ? tags : nil
    }

    private mutating func model(_ node: Node, _ path: NodePath) -> String? {
        let expected = "provider/model as in the endpoint path, e.g. kling-ai/kling-v2.6"
        guard let model = reader.string(node, path, expected: expected) else { return nil }
        let segments = model.split(separator: "/", omittingEmptySubsequences: false)
        let segmentsOK = segments.allSatisfy { segment in
            !segment.isEmpty
                && segment.unicodeScalars.allSatisfy { Self.isWordScalar($0) || "._-".unicodeScalars.contains($0) }
        }
        guard segments.count >= 2, segmentsOK else {
            reader.report(node, path, "\(NodeReader.describe(node)) is not a model path (expected \(expected))")
            return nil
        }
        return model
    }

    private mutating func payload(_ node: Node, _ path: NodePath) -> JSONValue? {
        guard case .mapping = node else {
            reader.report(
                node, path,
                "\(NodeReader.describe(node)) is not a mapping (expected the JSON object the client sends, e.g. {prompt: \"a red fox\"})"
            )
            return nil
        }
        return reader.json(node, path)
    }

    // MARK: client and expect

    private mutating func client(_ node: Node, _ path: NodePath) -> ClientSettings? {
        let expected = "a mapping with keys \(Self.clientKeys.joined(separator: ", "))"
        guard let fields = reader.fields(node, path, allowed: Self.clientKeys, expected: expected) else { return nil }
        var settings = ClientSettings()
        var ok = true
        func duration(_ key: String, _ reader: inout NodeReader) -> Double?? {
            guard let value = fields[key] else { return .some(nil) }
            guard let ms = reader.duration(value, path.appending(key), allowZero: false) else { return nil }
            return .some(ms)
        }
        if let ms = duration("poll_interval", &reader) { settings.pollIntervalMs = ms } else { ok = false }
        if let ms = duration("poll_timeout", &reader) { settings.pollTimeoutMs = ms } else { ok = false }
        if let ms = duration("sse_idle_timeout", &reader) { settings.sseIdleTimeoutMs = ms } else { ok = false }
        if let ms = duration("request_timeout", &reader) { settings.requestTimeoutMs = ms } else { ok = false }
        if let value = fields["api_key"] {
            if let word = reader.choice(
                value, path.appending("api_key"), what: "an api_key setting", APIKeySetting.self,
                allowed: APIKeySetting.allCases)
            {
                settings.apiKeyAbsent = word == .absent
            } else {
                ok = false
            }
        }
        return ok ? settings : nil
    }

    private mutating func expectation(_ node: Node, _ path: NodePath) -> Expectation? {
        let expected = "a mapping with keys \(Self.expectKeys.joined(separator: ", "))"
        guard let fields = reader.fields(node, path, allowed: Self.expectKeys, expected: expected) else { return nil }
        var expectation = Expectation()
        var ok = true
        if let value = fields["outcome"] {
            if let outcome = outcome(value, path.appending("outcome")) {
                expectation.outcome = outcome
            } else {
                ok = false
            }
        }
        if let value = fields["exit"] {
            if let code = reader.integer(
                value, path.appending("exit"), range: 0...255, what: "an exit code",
                expected: "a whole number from 0 to 255")
            {
                expectation.exit = code
                if let outcome = expectation.outcome, let implied = Expectation.exitCode(forOutcome: outcome),
                    implied != code
                {
                    reader.report(
                        value, path.appending("exit"),
                        "\(code) contradicts outcome \(outcome) (expected \(implied), the exit code for \(outcome))")
                    ok = false
                }
            } else {
                ok = false
            }
        }
        for key in ["creates", "polls"] {
            guard let value = fields[key] else { continue }
            guard let check = count(value, path.appending(key)) else {
                ok = false
                continue
            }
            if key == "creates" { expectation.creates = check } else { expectation.polls = check }
        }
        return ok ? expectation : nil
    }

    private mutating func outcome(_ node: Node, _ path: NodePath) -> String? {
        let names = Expectation.allOutcomes.joined(separator: ", ")
        guard let text = reader.string(node, path, expected: "one of: \(names)") else { return nil }
        if let outcome = Expectation.normalizedOutcome(text) { return outcome }
        var message = "\(NodeReader.describe(node)) is not an outcome"
        if let guess = Expectation.normalizedOutcome(text.uppercased())
            ?? Expectation.normalizedOutcome(text.lowercased())
        {
            message += "; did you mean \(guess)?"
        }
        reader.report(node, path, message + " (expected one of: \(names); terminal statuses in upper case)")
        return nil
    }

    private mutating func count(_ node: Node, _ path: NodePath) -> CountCheck? {
        let expected = "a number or a comparison: 3, \">=3\", \"<2\""
        guard reader.visit(node, path), case .scalar(let scalar) = node,
            [.integer, .string].contains(NodeReader.kind(of: node)),
            let check = CountCheck.parse(scalar.string)
        else {
            reader.report(node, path, "\(NodeReader.describe(node)) is not a count (expected \(expected))")
            return nil
        }
        return check
    }

    /// ASCII letters and digits.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}

/// The values `client.api_key` accepts.
enum APIKeySetting: String, CaseIterable {
    /// Run the client with no key at all.
    case absent
}
