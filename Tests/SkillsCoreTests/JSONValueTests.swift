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
    #expect(ErrorClassifier.classify(status: 400, body: #"{"message":"Insufficient credits for this model"}"#) == .insufficientCredits)
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
