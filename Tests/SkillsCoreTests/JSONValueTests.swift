import Testing

@testable import SkillsCore

@Test func jsonRoundTripKeepsKeyOrder() throws {
    let text = #"{"b":1,"a":[true,null,"x\n\u00e9"],"c":{"d":-2.5}}"#
    let value = try JSONValue.parse(text)
    #expect(value.jsonText == #"{"b":1,"a":[true,null,"x\né"],"c":{"d":-2.5}}"#)
    #expect(value["c"]?["d"]?.numberValue == -2.5)
}

@Test func jsonRejectsTrailingGarbage() {
    #expect(throws: JSONParseError.self) { try JSONValue.parse("{} x") }
    #expect(throws: JSONParseError.self) { try JSONValue.parse("{\"a\":}") }
}

@Test func nestedStatusIsFoundDepthFirst() throws {
    let v = try JSONValue.parse(#"{"data":{"prediction":{"predictionStatus":"succeeded"}},"x":{"state":"FAILED"}}"#)
    #expect(GenerationStatus.findStatus(in: v)?.value == "succeeded")
    #expect(GenerationStatus.isSuccess("succeeded"))
    #expect(GenerationStatus.normalize("Cancelled") == "CANCELED")
    #expect(!GenerationStatus.isTerminal("IN_PROGRESS"))
}

@Test func classifierChecksKeywordsBeforeStatus() {
    #expect(
        ErrorClassifier.classify(status: 400, body: #"{"message":"Insufficient credits for this model"}"#)
            == .insufficientCredits)
    #expect(ErrorClassifier.classify(status: 503, body: #"{"error":{"message":"Unauthorized"}}"#) == .auth)
    #expect(ErrorClassifier.classify(status: 404, body: "nope") == .notFound)
    #expect(ErrorClassifier.classify(status: 418, body: "") == .unknown)
}

@Test func fingerprintHidesKey() {
    let fp = KeyFingerprint.of("sk-test-secret-123")
    #expect(fp.hasPrefix("key:"))
    #expect(!fp.contains("secret"))
    #expect(fp == KeyFingerprint.of("sk-test-secret-123"))
}

@Test func stringsAreEscapedExactlyAndLongPlainRunsSurvive() throws {
    let tricky = "a\"b\\c\nd\re\tf\u{01}g\u{1F}h\u{2028}i\u{2029}j é 🎬 /"
    let text = JSONValue.string(tricky).jsonText
    #expect(text == #""a\"b\\c\nd\re\tf\u0001g\u001fh\u2028i\u2029j é 🎬 /""#)
    #expect(try JSONValue.parse(Array(text.utf8)) == .string(tricky))
    // A byte 0xE2 that does not start U+2028/U+2029 stays as it is.
    #expect(JSONValue.string("\u{2026}\u{20AC}").jsonText == "\"\u{2026}\u{20AC}\"")
    let long = String(repeating: "x", count: 1 << 20) + "\n"
    let encoded = JSONValue.string(long).jsonText
    #expect(encoded.utf8.count == (1 << 20) + 4)
    #expect(encoded.hasSuffix(#"x\n""#))
}

@Test func fingerprintNumbersRoundTripThroughTheirText() {
    for key in ["sk-a", "sk-test-bench.poll", "", "ключ"] {
        let text = KeyFingerprint.of(key)
        #expect(text.utf8.count == KeyFingerprint.length)
        #expect(KeyFingerprint.number(ofFingerprint: text) == KeyFingerprint.number(of: key))
    }
    #expect(KeyFingerprint.number(ofFingerprint: "key:ABCDEF012345") == nil, "lowercase hex only")
    #expect(KeyFingerprint.number(ofFingerprint: "key:12345") == nil)
    #expect(KeyFingerprint.number(ofFingerprint: "sk-a") == nil)
}
