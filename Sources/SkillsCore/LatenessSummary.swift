/// How late a server was, summarised from lateness samples in milliseconds (SPEC 6 `server_late_ms`). Pure.
///
/// Percentiles are nearest-rank: the p-th percentile of n sorted samples is the one at rank ⌈p/100 × n⌉
/// (from 1), so it is always one of the samples. No samples summarise to zeros.
public struct LatenessSummary: Sendable, Codable, Equatable {
    /// The median sample (nearest rank), in ms.
    public var p50: Double
    /// The 99th percentile sample (nearest rank), in ms.
    public var p99: Double
    /// The largest sample, in ms.
    public var max: Double
    /// How many samples were summarised.
    public var count: Int

    /// A summary of given figures.
    public init(p50: Double, p99: Double, max: Double, count: Int) {
        self.p50 = p50
        self.p99 = p99
        self.max = max
        self.count = count
    }

    /// The summary of these samples (any order); zeros when there are none.
    public init(samples: [Double]) {
        guard !samples.isEmpty else {
            self.init(p50: 0, p99: 0, max: 0, count: 0)
            return
        }
        let sorted = samples.sorted()
        self.init(
            p50: LatenessSummary.nearestRank(50, of: sorted), p99: LatenessSummary.nearestRank(99, of: sorted),
            max: sorted[sorted.count - 1], count: sorted.count)
    }

    /// The nearest-rank `percent`-th percentile of sorted, non-empty samples.
    public static func nearestRank(_ percent: Double, of sorted: [Double]) -> Double {
        let rank = Int((percent / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(Swift.max(rank, 1), sorted.count) - 1]
    }
}

/// One lateness sample with the server-clock moment it was taken: how late a timer of the server's loop fired.
public struct LatenessSample: Sendable, Codable, Equatable {
    /// When it was taken (server clock, ms).
    public var atMs: Double
    /// How late the timer fired (ms).
    public var lateMs: Double

    public init(atMs: Double, lateMs: Double) {
        self.atMs = atMs
        self.lateMs = lateMs
    }
}
