import Foundation
import SkillsTestSupport
import Testing

@testable import SkillsScenario

@Suite("Scenario loader: hostile and unusual input")
struct ScenarioLoaderRobustnessTests {
    static let valid = "id: ok\ntitle: t\ncreate: [{status: 200, body: {id: x}}]\n"

    @Test("invalid UTF-8 is reported with the file name and line, not a crash")
    func invalidUTF8() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("bad.yaml", bytes: Array("id: a\ntitle: t\n".utf8) + [0x63, 0xFF, 0xFE, 0x0A])
        let failure = #expect(throws: ScenarioLoadFailure.self) { try ScenarioLoader.load(file: path) }
        let error = try #require(failure?.errors.first)
        #expect(failure?.errors.count == 1)
        #expect(error.file == path && error.line == 3)
        #expect(error.description.hasPrefix("\(path):3: invalid UTF-8 at byte 16"))
    }

    @Test("a 10 MiB file is refused by size before YAML parsing")
    func hugeFile() throws {
        let directory = try TemporaryDirectory()
        let filler = String(repeating: "# padding line of forty bytes.........\n", count: (10 << 20) / 39 + 1)
        let path = try directory.write("huge.yaml", Self.valid + filler)
        let failure = #expect(throws: ScenarioLoadFailure.self) { try ScenarioLoader.load(file: path) }
        #expect(failure?.errors.count == 1)
        #expect(failure?.errors.first?.message.contains("expected at most 4194304 bytes") == true)
    }

    @Test("deep nesting is reported, whether the loader or libyaml stops it", arguments: [100, 900, 5000])
    func deepNesting(_ depth: Int) throws {
        let nested = String(repeating: "{a: ", count: depth) + "1" + String(repeating: "}", count: depth)
        let errors = problems("id: a\ntitle: t\npayload: \(nested)\ncreate: [{status: 200, body: {id: x}}]\n")
        #expect(errors.count == 1)
        #expect(errors.first?.line == 3)
        #expect(errors.first?.message.contains("(expected") == true)
    }

    @Test("an alias bomb is stopped by the node budget")
    func aliasBomb() throws {
        var yaml = "id: a\ntitle: t\ncreate: [{status: 200, body: {id: x}}]\nx0: &x0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
        for level in 1...8 {
            yaml +=
                "x\(level): &x\(level) [" + Array(repeating: "*x\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        yaml += "payload: {bomb: *x8}\n"
        let errors = problems(yaml)
        #expect(errors.contains { $0.message.contains("more than \(NodeReader.maxNodes) values") })
        #expect(errors.contains { $0.keyPath == "x0" && $0.message.contains("unknown key") })
    }

    @Test("YAML syntax errors carry Yams' line")
    func syntaxError() {
        let errors = problems("id: a\ntitle: t\ncreate:\n  - status: 200\n   body: x\n")
        #expect(errors.count == 1)
        #expect(errors.first?.line == 5)
        #expect(errors.first?.message.hasPrefix("invalid YAML: ") == true)
    }

    @Test("several documents in one file are refused")
    func twoDocuments() {
        let errors = problems(Self.valid + "---\n" + Self.valid)
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("invalid YAML") == true)
    }

    @Test("all duplicate keys of a file are reported, each at its second occurrence")
    func duplicateKeys() {
        let errors = problems(
            """
            id: a
            title: t
            create:
              - status: 200
                body: {id: x, id: y}
                status: 201
            title: again
            """)
        #expect(errors.map(\.keyPath) == ["create[0].body.id", "create[0].status", "title"])
        #expect(errors.map(\.line) == [5, 6, 7])
    }

    @Test("a directory loads recursively, sorted by path, ignoring other files and hidden folders")
    func directoryLoading() throws {
        let directory = try TemporaryDirectory()
        try directory.write("b/two.yml", Self.valid.replacingOccurrences(of: "id: ok", with: "id: two"))
        try directory.write("a/one.yaml", Self.valid.replacingOccurrences(of: "id: ok", with: "id: one"))
        try directory.write("README.md", "# not a scenario")
        try directory.write(".hidden/three.yaml", "garbage: [")
        let scenarios = try ScenarioLoader.load(paths: [directory.path])
        #expect(scenarios.map(\.id) == ["one", "two"])
        let again = try ScenarioLoader.load(paths: [directory.path, directory.path + "/a/one.yaml"])
        #expect(again.map(\.id) == ["one", "two"])
    }

    @Test("duplicate ids across files name both files")
    func duplicateIDs() throws {
        let failure = #expect(throws: ScenarioLoadFailure.self) {
            try ScenarioLoader.load(paths: [Corpus.duplicateIDs])
        }
        let errors = try #require(failure).errors
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        #expect(error.file.hasSuffix("second.yaml") && error.line == 2 && error.keyPath == "id")
        #expect(error.message.contains("first.yaml:2"))
    }

    @Test("missing paths and empty directories are problems")
    func missingPaths() throws {
        let directory = try TemporaryDirectory()
        let failure = #expect(throws: ScenarioLoadFailure.self) {
            try ScenarioLoader.load(paths: [directory.path, directory.path + "/nope.yaml"])
        }
        #expect(failure?.errors.map(\.file) == [directory.path, directory.path + "/nope.yaml"])
        #expect(try ScenarioLoader.load(paths: []).isEmpty)
    }

    @Test("random garbage never crashes the loader", arguments: 0..<8)
    func fuzz(_ seed: Int) {
        var generator = SplitMix64(seed: UInt64(seed))
        let alphabet = Array("{}[]:,-'\"&*!|>#% \n\tabc019.".utf8)
        for _ in 0..<200 {
            let length = Int(generator.next() % 200)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            do {
                _ = try ScenarioLoader.parse(bytes: bytes, file: "fuzz.yaml")
            } catch {
                #expect(!error.errors.isEmpty)
                #expect(error.errors.allSatisfy { $0.file == "fuzz.yaml" })
            }
        }
    }
}
