/// How late a server sent what it scheduled: p50, p99 and max of a set of samples in ms (nearest rank). Pure.
public struct LatenessSummary: Sendable, Codable, Equatable {
    public var p50: Double
    public var p99: Double
    public var max: Double
    public var count: Int

    /// The summary of `samples` (all zero when there are none).
    public init(samples: [Double]) {
        let sorted = samples.filter(\.isFinite).sorted()
        count = sorted.count
        p50 = LatenessSummary.rank(0.50, of: sorted)
        p99 = LatenessSummary.rank(0.99, of: sorted)
        max = sorted.last ?? 0
    }

    /// The nearest-rank percentile `p` (0...1) of sorted samples; 0 when empty.
    static func rank(_ p: Double, of sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let index = Int((p * Double(sorted.count)).rounded(.up)) - 1
        return sorted[Swift.max(0, Swift.min(sorted.count - 1, index))]
    }
}
