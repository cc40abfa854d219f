import SkillsCore
import SkillsPlatform
import Testing

@Suite struct InspectorJSONTests {
    static let value: JSONValue = [
        "a": [1, 0.25, -3, true, nil, "x\u{08}\u{0C}\u{01}\u{2028}é\"\\\t"], "b": [:], "c": [], "d": ["e": [[]]],
    ]

    /// Expected texts are what Python's json.dumps(value, ensure_ascii=False, indent=n) prints.
    @Test(arguments: [
        (
            2,
            "{\n  \"a\": [\n    1,\n    0.25,\n    -3,\n    true,\n    null,\n    \"x\\b\\f\\u0001\u{2028}é\\\"\\\\\\t\"\n  ],\n  \"b\": {},\n  \"c\": [],\n  \"d\": {\n    \"e\": [\n      []\n    ]\n  }\n}"
        ),
        (
            0,
            "{\n\"a\": [\n1,\n0.25,\n-3,\ntrue,\nnull,\n\"x\\b\\f\\u0001\u{2028}é\\\"\\\\\\t\"\n],\n\"b\": {},\n\"c\": [],\n\"d\": {\n\"e\": [\n[]\n]\n}\n}"
        ),
        (
            -1,
            "{\n\"a\": [\n1,\n0.25,\n-3,\ntrue,\nnull,\n\"x\\b\\f\\u0001\u{2028}é\\\"\\\\\\t\"\n],\n\"b\": {},\n\"c\": [],\n\"d\": {\n\"e\": [\n[]\n]\n}\n}"
        ),
    ])
    func rendersLikePythonJSONDumps(indent: Int, expected: String) {
        #expect(InspectorJSON.render(Self.value, indent: indent) == expected)
    }

    @Test func fourSpaceIndent() {
        let text = InspectorJSON.render(["k": [1]], indent: 4)
        #expect(text == "{\n    \"k\": [\n        1\n    ]\n}")
    }

    @Test func scalarsAndEmptyContainers() {
        #expect(InspectorJSON.render([]) == "[]")
        #expect(InspectorJSON.render([:]) == "{}")
        #expect(InspectorJSON.render("a") == "\"a\"")
        #expect(InspectorJSON.render(nil) == "null")
    }
}
