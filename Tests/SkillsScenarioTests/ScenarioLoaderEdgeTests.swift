import Foundation
import SkillsCore
import Testing

@testable import SkillsScenario

@Suite("Scenario loader: edge cases")
struct ScenarioLoaderEdgeTests {
    @Test("a byte order mark and CRLF line ends are fine, and lines still count right")
    func bomAndCRLF() throws {
        let text = "\u{FEFF}id: a\r\ntitle: t\r\ncreate:\r\n  - {status: 200, body: {id: x}}\r\ntags: 5\r\n"
        let errors = problems(text)
        #expect(errors.map(\.keyPath) == ["tags"])
        #expect(errors.first?.line == 5)
        let fixed = try parse(text.replacingOccurrences(of: "tags: 5", with: "tags: [x]"))
        #expect(fixed.tags == ["x"])
    }

    @Test("anchors and aliases can share a step")
    func aliases() throws {
        let scenario = try parse(
            """
            id: a
            title: t
            create:
              - &busy {status: 503, body: {message: busy}}
              - *busy
              - {status: 200, body: {id: x}}
            """)
        #expect(scenario.create.count == 3)
        #expect(scenario.create[0] == scenario.create[1])
    }

    @Test("explicit YAML tags decide the type: !!str keeps a number as text")
    func explicitTags() throws {
        let scenario = try parse(
            """
            id: a
            title: t
            create: [{status: 200, body: !!str 42}]
            payload: {n: !!str 7, m: 7}
            """)
        guard case .response(let response) = scenario.create[0].kind else {
            Issue.record("not a response")
            return
        }
        #expect(response.body == .text("42"))
        #expect(scenario.payload == ["n": "7", "m": 7])
    }

    @Test("duplicate keys: quoted spellings and list items are found at their own line")
    func duplicateVariants() {
        let errors = problems(
            """
            id: a
            title: t
            create:
              - status: 200
                "body": {id: x}
                'body': {id: y}
              - {status: 200}
            poll:
              - status: 200
              - status: 201
                status: 202
            """)
        #expect(errors.map(\.keyPath) == ["create[0].body", "poll[1].status"])
        #expect(errors.map(\.line) == [6, 11])
    }

    @Test("a duplicate in a flow mapping spread over lines falls back to the first occurrence")
    func duplicateFallback() {
        let errors = problems("id: a\ntitle: t\ncreate: [{status: 200,\n  status: 201}]\n")
        #expect(errors.count == 1)
        #expect(errors.first?.line == 3)
        #expect(errors.first?.keyPath == "status")
        #expect(errors.first?.message.contains("duplicate key \"status\"") == true)
    }

    @Test("header values may not smuggle line breaks")
    func headerInjection() {
        let errors = problems("id: a\ntitle: t\ncreate: [{status: 200, headers: {X-A: \"1\\r\\nX-B: 2\"}}]\n")
        #expect(errors.map(\.keyPath) == ["create[0].headers.X-A"])
    }

    @Test("errors keep document order even when found out of order")
    func documentOrder() {
        let errors = problems(
            """
            id: a
            title: t
            create:
              - status: 200
                body: {id: x}
                status: 201
            expect: {outcome: nope}
            title: again
            """)
        #expect(errors.map(\.line) == [6, 7, 8])
    }

    @Test("error descriptions drop the parts that are unknown")
    func descriptions() {
        #expect(ScenarioError(file: "f.yaml", line: 3, keyPath: "a.b", message: "m").description == "f.yaml:3: a.b: m")
        #expect(ScenarioError(file: "f.yaml", line: nil, keyPath: "a", message: "m").description == "f.yaml: a: m")
        #expect(ScenarioError(file: "f.yaml", line: 2, keyPath: "", message: "m").description == "f.yaml:2: m")
        let failure = ScenarioLoadFailure(errors: [
            ScenarioError(file: "x", line: 1, keyPath: "", message: "one"),
            ScenarioError(file: "y", line: 2, keyPath: "", message: "two"),
        ])
        #expect(failure.description == "x:1: one\ny:2: two")
    }

    @Test("key paths print as create[0].sse[1].delay")
    func keyPaths() {
        let path = NodePath.root.appending("create").appending(0).appending("sse").appending(1).appending("delay")
        #expect(path.description == "create[0].sse[1].delay")
        #expect(NodePath.root.description.isEmpty)
        #expect(path.depth == 5)
    }

    @Test("misspelt keys get a suggestion only when they are close")
    func suggestions() {
        let keys = ScenarioDecoder.itemKeys
        #expect(NodeReader.nearest(to: "dealy", in: keys) == "delay")
        #expect(NodeReader.nearest(to: "Data", in: keys) == "data")
        #expect(NodeReader.nearest(to: "rawhex", in: keys) == "raw_hex")
        #expect(NodeReader.nearest(to: "colour", in: keys) == nil)
        #expect(NodeReader.nearest(to: "x", in: keys) == nil)
    }

    @Test(
        "invalid UTF-8 forms are all caught",
        arguments: [
            ([0x61, 0xC3] as [UInt8], 1),  // truncated at the end
            ([0x61, 0x0A, 0xC0, 0x80], 2),  // overlong NUL
            ([0x0A, 0x0A, 0xED, 0xA0, 0x80], 3),  // a UTF-16 surrogate
            ([0xF4, 0x90, 0x80, 0x80], 1),  // above U+10FFFF
        ])
    func invalidUTF8(_ bytes: [UInt8], _ line: Int) {
        let found = ScenarioText.firstInvalidUTF8(bytes)
        #expect(found?.line == line)
        #expect(ScenarioText.firstInvalidUTF8(Array("ok ✓ 日本\n".utf8)) == nil)
    }

    @Test("outcome vocabulary: normalisation and exit codes")
    func outcomes() {
        #expect(Expectation.normalizedOutcome("CANCELLED") == "CANCELED")
        #expect(Expectation.normalizedOutcome("completed") == nil)
        #expect(Expectation.allOutcomes.count == 12)
        #expect(Expectation.allOutcomes.allSatisfy { Expectation.exitCode(forOutcome: $0) != nil })
    }

    @Test("an empty document or a scalar document is refused with line 1")
    func trivialDocuments() {
        #expect(problems("").map(\.line) == [1])
        #expect(problems("just words").first?.message.contains("is not a mapping") == true)
    }

    @Test("steps with a delay keep it; a delay alone is not a step")
    func delays() throws {
        let scenario = try parse(
            "id: a\ntitle: t\ncreate: [{delay: 250ms, status: 204}]\npoll: [{delay: 1.5s, fault: silent}]\n")
        #expect(scenario.create[0] == Step(delayMs: 250, kind: .response(Response(status: 204))))
        #expect(scenario.poll[0] == Step(delayMs: 1500, kind: .fault(.silent)))
    }
}

@Suite("Scenario loader: numbers")
struct ScenarioLoaderNumberTests {
    @Test("YAML integer spellings become JSON numbers; one too big for 64 bits is reported")
    func integers() throws {
        let scenario = try parse(
            "id: a\ntitle: t\npayload: {hex: 0x1F, under: 1_000, big: 123456789012345678901234567890}\ncreate: [{status: 200}]\n"
        )
        #expect(scenario.payload["hex"] == 31)
        #expect(scenario.payload["under"] == 1000)
        #expect(scenario.payload["big"]?.numberValue == 123456789012345678901234567890.0)
        let errors = problems(
            "id: a\ntitle: t\npayload: {bits: 0b\(String(repeating: "1", count: 80))}\ncreate: [{status: 200}]\n")
        #expect(errors.map(\.keyPath) == ["payload.bits"])
    }

    @Test("infinite and NaN floats are not JSON")
    func nonFinite() {
        #expect(
            problems("id: a\ntitle: t\npayload: {x: .inf, y: .nan}\ncreate: [{status: 200}]\n").map(\.keyPath) == [
                "payload.x", "payload.y",
            ])
    }
}
