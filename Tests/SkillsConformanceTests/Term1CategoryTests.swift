import SkillsCore
import Testing

@testable import SkillsConformance

/// TERM-1 (SPEC 6, revised): an `error` outcome still without a category after SPEC 7's reading fails.
@Suite struct Term1CategoryTests {
    static let bareError = "{\"event\":\"error\",\"message\":\"stream ended\"}"
    static let answered402 = [J.plainCreate(1, at: 0, status: 402, body: "{\"message\":\"Insufficient credits\"}")]

    @Test func anErrorWithoutAnyCategoryFails() {
        let result = judge(.term1, J.record([], output: ["{\"event\":\"progress\"}", Self.bareError], exit: 1))
        #expect(result.verdict == .fail)
        #expect(result.detail.contains("`error` event (line 2) without a category"))
        // No classifier was asked (the last answer was 2xx): still no category, still a failure.
        #expect(judge(.term1, J.record(RuleTests.fallbackJournal, output: [Self.bareError], exit: 1)).verdict == .fail)
    }

    @Test func anErrorWithACategoryPassesWhereverTheCategoryCameFrom() {
        let printed = judge(.term1, J.record(Self.answered402, output: [J.error("insufficient_credits")], exit: 20))
        #expect(printed.verdict == .pass)
        #expect(printed.detail == "final answer: error (insufficient_credits)")
        let classified = judge(
            .term1, J.record(Self.answered402, output: [Self.bareError], exit: 1, classified: "insufficient_credits"))
        #expect(classified.verdict == .pass)
        #expect(classified.detail.contains("from the profile's classify command"))
        // No final event at all, but the classifier named the last non-2xx answer's category: an error outcome.
        #expect(
            judge(.term1, J.record(Self.answered402, output: [], exit: 1, classified: "insufficient_credits")).verdict
                == .pass)
    }

    @Test func aWrongCategoryIsLeftToClass1() {
        let record = J.record(Self.answered402, output: [J.error("transient")], exit: 24)
        #expect(judge(.term1, record).verdict == .pass)
        #expect(judge(.class1, record).verdict == .fail)
    }
}
