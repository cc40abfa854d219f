import Foundation
import SkillsScenario
import SkillsTestSupport
import Testing

/// Loading the same malformed bytes always gives the same error text, whatever order Yams' duplicate-key
/// check (a `Dictionary`, seeded per instance) happens to list the keys in.
@Suite("Scenario loader determinism")
struct ScenarioLoaderDeterminismTests {
    /// Loads per input.
    static let repeats = 50

    /// Malformed files: duplicate keys at several levels, several problems in one file, and keys Yams' sort
    /// cannot order (the same text with different tags, and complex keys among scalars).
    static let inputs: [(name: String, yaml: String)] = [
        ("duplicate at the root", "id: a\ntitle: t\nid: b\ncreate:\n  - {status: 200}\n"),
        (
            "duplicates at three levels",
            """
            id: a
            title: t
            title: u
            create:
              - status: 503
                status: 500
                headers: {Retry-After: "1", X-A: b, Retry-After: "2"}
                body:
                  message: m
                  message: n
            expect:
              creates: 1
              creates: 2
            """
        ),
        (
            "several problems of several kinds",
            """
            id: 7
            title: [t]
            create:
              - status: nine
                delay: soon
                status: 200
              - fault: melt
            poll:
              - sse: {events: [{data: x, data: y}], end: never}
            bogus: 1
            bogus: 2
            """
        ),
        (
            "one text, two tags",
            """
            id: a
            title: t
            create:
              - status: 503
                headers:
                  1: a
                  "1": b
                  1: c
                  "1": d
            """
        ),
        (
            "tagged twins at the root",
            "1: a\n\"1\": b\n'1': c\n1: d\nid: x\ntrue: 1\n\"true\": 2\ntrue: 3\n\"true\": 4\n"
        ),
        ("complex keys among duplicated scalars", "id: a\n? [k]\n: 1\nb: 1\n? [k]\n: 2\nb: 2\ntitle: t\n"),
        ("complex mapping keys", "id: a\n? {k: 1}\n: 1\n? {k: 1}\n: 2\nc: 1\nc: 2\n"),
        ("flow mapping duplicates", "{id: a, title: t, id: b, title: u, create: [{status: 200, status: 201}]}\n"),
        ("many duplicates", (0..<40).map { "k\($0 % 20): \($0)" }.joined(separator: "\n") + "\n"),
    ]

    /// Every error of a load as text, or "loaded".
    static func errorText(_ bytes: [UInt8], file: String = "determinism.yaml") -> String {
        do {
            _ = try ScenarioLoader.parse(bytes: bytes, file: file)
            return "loaded"
        } catch {
            return error.errors.map(\.description).joined(separator: "\n")
        }
    }

    @Test("the same malformed text gives the same errors every time", arguments: inputs.map(\.name))
    func repeatedLoads(name: String) throws {
        let yaml = try #require(Self.inputs.first { $0.name == name }?.yaml)
        let bytes = Array(yaml.utf8)
        let first = Self.errorText(bytes)
        #expect(first != "loaded", "the input is malformed")
        var variants: Set<String> = [first]
        for _ in 1..<Self.repeats { variants.insert(Self.errorText(bytes)) }
        #expect(
            variants.count == 1,
            "\(variants.count) different error texts:\n\(variants.sorted().joined(separator: "\n---\n"))")
    }

    @Test("errors come by line, then column, key path and message")
    func documentOrder() throws {
        for (name, yaml) in Self.inputs {
            do {
                _ = try ScenarioLoader.parse(yaml: yaml, file: "order.yaml")
                Issue.record("\(name) loaded")
            } catch {
                let lines = error.errors.map { $0.line ?? 0 }
                #expect(lines == lines.sorted(), "\(name): lines \(lines)")
            }
        }
    }

    @Test("every file of the fuzz corpus loads to the same answer twice")
    func fuzzCorpusReplay() throws {
        let directory = RepoPaths.path("Tests/FuzzCorpus/FuzzScenarioLoader")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { !$0.hasPrefix(".") }
            .sorted()
        #expect(names.count >= 50, "the corpus is there: \(names.count) files")
        var differing: [String] = []
        for name in names {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
            let first = Self.errorText(bytes, file: name)
            let second = Self.errorText(bytes, file: name)
            if first != second { differing.append("\(name):\n\(first)\n---\n\(second)") }
        }
        #expect(
            differing.isEmpty,
            "\(differing.count) corpus files load differently:\n\(differing.joined(separator: "\n\n"))")
    }

    @Test("a header given twice is a duplicate, not a header named after the sentinel")
    func duplicateHeader() {
        let yaml =
            "id: a\ntitle: t\ncreate:\n  - status: 503\n    headers: {Retry-After: \"1\", X-A: b, Retry-After: \"2\"}\n"
        #expect(
            Self.errorText(Array(yaml.utf8)) == """
                determinism.yaml:5: create[0].headers.Retry-After: duplicate key "Retry-After", first at line 5 (expected each key once per mapping)
                """)
    }

    @Test("keys are duplicates when their text is, whatever their YAML tag")
    func taggedTwins() {
        let yaml = "id: a\ntitle: t\ncreate:\n  - status: 503\n    headers:\n      1: a\n      \"1\": b\n      '1': c\n"
        #expect(
            Self.errorText(Array(yaml.utf8)) == """
                determinism.yaml:7: create[0].headers.1: duplicate key "1", first at line 6 (expected each key once per mapping)
                determinism.yaml:8: create[0].headers.1: duplicate key "1", first at line 6 (expected each key once per mapping)
                """)
    }

    @Test("a list or mapping used twice as a key is one problem at its line, whatever else is duplicated")
    func complexDuplicate() {
        #expect(
            Self.errorText(Array("id: a\n? {k: 1}\n: 1\n? {k: 1}\n: 2\nc: 1\nc: 2\n".utf8)) == """
                determinism.yaml:2: ?: a list or mapping is used twice as a key in one mapping (expected each key once, and keys that are names)
                """)
    }
}
