import Foundation
import Testing

@testable import SkillsCore

/// `LatenessSummary`: nearest-rank percentiles, zeros for no samples, JSON keys.
@Suite struct LatenessSummaryTests {
    @Test func noSamplesSummariseToZeros() {
        #expect(LatenessSummary(samples: []) == LatenessSummary(p50: 0, p99: 0, max: 0, count: 0))
    }

    @Test func oneSampleIsEveryFigure() {
        #expect(LatenessSummary(samples: [3.5]) == LatenessSummary(p50: 3.5, p99: 3.5, max: 3.5, count: 1))
    }

    @Test func percentilesAreNearestRankWhateverTheOrder() {
        // 100 down to 1: rank ⌈0.5 × 100⌉ = 50, rank ⌈0.99 × 100⌉ = 99.
        let samples = (1...100).reversed().map(Double.init)
        #expect(LatenessSummary(samples: samples) == LatenessSummary(p50: 50, p99: 99, max: 100, count: 100))
    }

    @Test func smallCountsRoundTheRankUp() {
        // Four samples: p50 is rank 2, p99 is rank ⌈3.96⌉ = 4.
        #expect(LatenessSummary(samples: [4, 1, 3, 2]) == LatenessSummary(p50: 2, p99: 4, max: 4, count: 4))
        // Three samples: p50 is rank ⌈1.5⌉ = 2.
        #expect(LatenessSummary(samples: [0.25, 9, 0.5]).p50 == 0.5)
    }

    @Test func p99OfTwoHundredSkipsOnlyTheTopTwo() {
        let samples = Array(repeating: 1.0, count: 198) + [50, 70]
        let summary = LatenessSummary(samples: samples)
        #expect(summary.p99 == 1)
        #expect(summary.max == 70)
        #expect(summary.count == 200)
    }

    @Test func encodesPlainKeys() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(
            decoding: try encoder.encode(LatenessSummary(p50: 1, p99: 2, max: 3, count: 4)), as: UTF8.self)
        #expect(text == #"{"count":4,"max":3,"p50":1,"p99":2}"#)
    }
}
