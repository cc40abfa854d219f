import Foundation
import Testing

@testable import SkillsScenario

/// One malformed corpus file and the problems it must produce.
struct MalformedCase: CustomTestStringConvertible, Sendable {
    /// One expected problem: its line, its key path, and words its message must contain.
    struct Expected: Sendable {
        var line: Int
        var keyPath: String
        var fragment: String
    }

    var file: String
    var expected: [Expected]

    init(_ file: String, _ expected: [Expected]) {
        self.file = file
        self.expected = expected
    }

    var testDescription: String { file }
}

/// Paths of the test corpora, found from this source file.
enum Corpus {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let malformed = testsDirectory.appendingPathComponent("Malformed").path
    static let duplicateIDs = testsDirectory.appendingPathComponent("DuplicateIDs").path
    static let repositoryRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
    static let catalogue = repositoryRoot.appendingPathComponent("Scenarios").path
}

@Suite("Malformed scenario corpus")
struct MalformedCorpusTests {
    static let cases: [MalformedCase] = [
        MalformedCase("unknown-top-key.yaml", [.init(line: 8, keyPath: "notes", fragment: "unknown key \"notes\"")]),
        MalformedCase(
            "unknown-step-key.yaml", [.init(line: 6, keyPath: "create[0].staus", fragment: "did you mean \"status\"")]),
        MalformedCase(
            "unknown-sse-item-key.yaml",
            [.init(line: 8, keyPath: "create[0].sse[1].dealy", fragment: "did you mean \"delay\"")]),
        MalformedCase(
            "unknown-client-key.yaml",
            [.init(line: 9, keyPath: "client.poll_intervall", fragment: "did you mean \"poll_interval\"")]),
        MalformedCase(
            "unknown-expect-key.yaml",
            [.init(line: 10, keyPath: "expect.duration", fragment: "expected one of: outcome, exit, creates, polls")]),
        MalformedCase(
            "duration-word.yaml",
            [
                .init(
                    line: 8, keyPath: "create[0].sse[1].delay",
                    fragment: "\"fast\" is not a duration (expected a number with a unit")
            ]),
        MalformedCase(
            "duration-no-unit.yaml", [.init(line: 6, keyPath: "create[0].delay", fragment: "50 is not a duration")]),
        MalformedCase(
            "duration-bad-unit.yaml",
            [.init(line: 9, keyPath: "client.poll_timeout", fragment: "\"5h\" is not a duration")]),
        MalformedCase(
            "duration-zero-interval.yaml", [.init(line: 9, keyPath: "client.poll_interval", fragment: "is zero")]),
        MalformedCase(
            "status-out-of-range.yaml",
            [
                .init(
                    line: 6, keyPath: "create[0].status",
                    fragment: "700 is out of range (expected a whole number from 100 to 599)")
            ]),
        MalformedCase(
            "status-not-number.yaml",
            [.init(line: 9, keyPath: "poll[0].status", fragment: "\"ok\" is not an HTTP status")]),
        MalformedCase(
            "bad-end.yaml",
            [
                .init(
                    line: 8, keyPath: "create[0].end",
                    fragment: "expected one of: complete | close | reset | hang | truncate")
            ]),
        MalformedCase(
            "bad-fault.yaml",
            [.init(line: 6, keyPath: "create[0].fault", fragment: "expected one of: reset | close | garbage | silent")]),
        MalformedCase(
            "bad-outcome.yaml", [.init(line: 9, keyPath: "expect.outcome", fragment: "\"done\" is not an outcome")]),
        MalformedCase(
            "lowercase-outcome.yaml", [.init(line: 9, keyPath: "expect.outcome", fragment: "did you mean COMPLETED?")]),
        MalformedCase(
            "bad-count.yaml", [.init(line: 9, keyPath: "expect.creates", fragment: "\"lots\" is not a count")]),
        MalformedCase("negative-count.yaml", [.init(line: 9, keyPath: "expect.polls", fragment: "-1 is not a count")]),
        MalformedCase(
            "sse-and-fault.yaml", [.init(line: 7, keyPath: "create[0].sse", fragment: "cannot be combined with fault:")]
        ),
        MalformedCase(
            "sse-and-body.yaml", [.init(line: 8, keyPath: "create[0].body", fragment: "cannot be combined with sse:")]),
        MalformedCase("empty-create.yaml", [.init(line: 5, keyPath: "create", fragment: "is an empty list")]),
        MalformedCase(
            "sse-item-sends-nothing.yaml",
            [.init(line: 7, keyPath: "create[0].sse[0]", fragment: "the item sends nothing")]),
        MalformedCase(
            "raw-not-string.yaml", [.init(line: 7, keyPath: "create[0].sse[0].raw", fragment: "a list is not a string")]
        ),
        MalformedCase("missing-id.yaml", [.init(line: 2, keyPath: "id", fragment: "required key is missing")]),
        MalformedCase("missing-title.yaml", [.init(line: 2, keyPath: "title", fragment: "required key is missing")]),
        MalformedCase("missing-create.yaml", [.init(line: 2, keyPath: "create", fragment: "required key is missing")]),
        MalformedCase(
            "duplicate-key.yaml",
            [.init(line: 8, keyPath: "create[0].status", fragment: "duplicate key \"status\", first at line 6")]),
        MalformedCase(
            "duplicate-key-flow.yaml",
            [.init(line: 7, keyPath: "create[0].sse[0].data", fragment: "duplicate key \"data\"")]),
        MalformedCase(
            "header-bool-value.yaml",
            [
                .init(
                    line: 7, keyPath: "create[0].headers.X-Flag",
                    fragment: "true is not a string (expected a header value")
            ]),
        MalformedCase(
            "header-bad-name.yaml", [.init(line: 7, keyPath: "create[0].headers", fragment: "is not a header name")]),
        MalformedCase(
            "api-key-present.yaml", [.init(line: 9, keyPath: "client.api_key", fragment: "expected one of: absent")]),
        MalformedCase(
            "exit-contradicts-outcome.yaml",
            [.init(line: 10, keyPath: "expect.exit", fragment: "10 contradicts outcome COMPLETED (expected 0")]),
        MalformedCase(
            "end-without-sse.yaml", [.init(line: 8, keyPath: "create[0].end", fragment: "only applies to an sse: step")]
        ),
        MalformedCase(
            "truncate-after-comment.yaml",
            [.init(line: 9, keyPath: "create[0].end", fragment: "truncate cuts the last item")]),
        MalformedCase(
            "sse-in-poll.yaml", [.init(line: 9, keyPath: "poll[0].sse", fragment: "only allowed in create steps")]),
        MalformedCase("bad-id.yaml", [.init(line: 2, keyPath: "id", fragment: "is not a valid scenario id")]),
        MalformedCase("bad-model.yaml", [.init(line: 5, keyPath: "model", fragment: "\"kling\" is not a model path")]),
        MalformedCase("payload-list.yaml", [.init(line: 5, keyPath: "payload", fragment: "a list is not a mapping")]),
        MalformedCase(
            "raw-hex-odd.yaml", [.init(line: 7, keyPath: "create[0].sse[0].raw_hex", fragment: "is not hex bytes")]),
        MalformedCase(
            "raw-base64-bad.yaml", [.init(line: 7, keyPath: "create[0].sse[0].raw_base64", fragment: "is not base64")]),
        MalformedCase(
            "raw-and-data.yaml",
            [.init(line: 8, keyPath: "create[0].sse[0].data", fragment: "cannot be combined with raw:")]),
        MalformedCase(
            "repeat-zero.yaml", [.init(line: 7, keyPath: "create[0].sse[0].repeat", fragment: "0 is out of range")]),
        MalformedCase(
            "pad-text-data.yaml",
            [.init(line: 8, keyPath: "create[0].sse[0].pad", fragment: "needs data: to be a mapping")]),
        MalformedCase(
            "pad-bad-size.yaml", [.init(line: 8, keyPath: "create[0].sse[0].pad", fragment: "is not a size")]),
        MalformedCase("data-null.yaml", [.init(line: 8, keyPath: "create[0].sse[0].data", fragment: "is empty")]),
        MalformedCase(
            "data-carriage-return.yaml",
            [.init(line: 7, keyPath: "create[0].sse[0].data", fragment: "contains a carriage return")]),
        MalformedCase(
            "event-line-break.yaml",
            [.init(line: 7, keyPath: "create[0].sse[0].event", fragment: "contains a line break")]),
        MalformedCase(
            "retry-negative.yaml", [.init(line: 7, keyPath: "create[0].sse[0].retry", fragment: "-5 is out of range")]),
        MalformedCase(
            "comment-with-data.yaml",
            [.init(line: 8, keyPath: "create[0].sse[0].data", fragment: "cannot be combined with comment:")]),
        MalformedCase(
            "step-sends-nothing.yaml", [.init(line: 6, keyPath: "create[0]", fragment: "the step sends nothing")]),
        MalformedCase("body-empty.yaml", [.init(line: 7, keyPath: "create[0].body", fragment: "is empty")]),
        MalformedCase(
            "dribble-not-bool.yaml",
            [.init(line: 7, keyPath: "create[0].sse[0].dribble", fragment: "\"yes\" is not a boolean")]),
        MalformedCase("create-not-list.yaml", [.init(line: 6, keyPath: "create", fragment: "a mapping is not a list")]),
        MalformedCase(
            "exit-out-of-range.yaml", [.init(line: 9, keyPath: "expect.exit", fragment: "300 is out of range")]),
        MalformedCase("title-empty.yaml", [.init(line: 3, keyPath: "title", fragment: "is empty")]),
        MalformedCase("tag-twice.yaml", [.init(line: 6, keyPath: "tags[1]", fragment: "listed twice")]),
        MalformedCase("not-a-mapping.yaml", [.init(line: 2, keyPath: "", fragment: "a list is not a mapping")]),
        MalformedCase("empty-file.yaml", [.init(line: 1, keyPath: "", fragment: "holds no document")]),
        MalformedCase(
            "invalid-yaml.yaml",
            [
                .init(
                    line: 6, keyPath: "",
                    fragment: "did not find expected ',' or '}', while parsing a flow mapping at line 6")
            ]),
        MalformedCase("tab-indent.yaml", [.init(line: 6, keyPath: "", fragment: "invalid YAML")]),
        MalformedCase(
            "several-mistakes.yaml",
            [
                .init(line: 6, keyPath: "create[0].status", fragment: "999 is out of range"),
                .init(line: 9, keyPath: "create[1].sse[0].delay", fragment: "\"soon\" is not a duration"),
                .init(line: 10, keyPath: "create[1].end", fragment: "is not a stream end"),
                .init(line: 12, keyPath: "expect.outcome", fragment: "\"win\" is not an outcome"),
            ]),
        MalformedCase(
            "several-mistakes-keys.yaml",
            [
                .init(line: 5, keyPath: "colour", fragment: "unknown key"),
                .init(line: 8, keyPath: "create[0].bodyy", fragment: "did you mean \"body\""),
                .init(line: 9, keyPath: "create[0].status", fragment: "duplicate key"),
                .init(line: 11, keyPath: "client.sse_timeout", fragment: "unknown key"),
            ]),
    ]

    @Test("each malformed file is rejected with file, line, key path and expectation", arguments: cases)
    func rejected(_ testCase: MalformedCase) throws {
        let path = Corpus.malformed + "/" + testCase.file
        let failure = #expect(throws: ScenarioLoadFailure.self) { try ScenarioLoader.load(file: path) }
        let errors = try #require(failure).errors
        #expect(errors.count == testCase.expected.count, "got: \(errors.map(\.description))")
        for expected in testCase.expected {
            let match = errors.first {
                $0.line == expected.line && $0.keyPath == expected.keyPath && $0.message.contains(expected.fragment)
            }
            #expect(
                match != nil,
                "no \(expected.line) \(expected.keyPath) \"\(expected.fragment)\" in \(errors.map(\.description))")
            if let match {
                let prefix =
                    expected.keyPath.isEmpty
                    ? "\(path):\(expected.line): " : "\(path):\(expected.line): \(expected.keyPath): "
                #expect(match.description.hasPrefix(prefix), "\(match.description)")
            }
        }
        for error in errors {
            #expect(error.file == path)
            #expect(error.message.contains("(expected"), "message without an expectation: \(error.description)")
        }
    }

    @Test("the corpus holds at least 30 files and the table covers every one of them")
    func corpusIsComplete() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Corpus.malformed).filter {
            $0.hasSuffix(".yaml")
        }
        #expect(files.count >= 30)
        #expect(Set(files) == Set(Self.cases.map(\.file)))
    }

    @Test("loading the whole corpus collects the problems of every file")
    func wholeCorpus() {
        do {
            _ = try ScenarioLoader.load(paths: [Corpus.malformed])
            Issue.record("the malformed corpus loaded without errors")
        } catch {
            let files = Set(error.errors.map(\.file))
            #expect(files.count == Self.cases.count)
            #expect(error.errors.count == Self.cases.reduce(0) { $0 + $1.expected.count })
        }
    }
}
