/// A baseline entry whose rule still fails, but whose evidence changed shape: both texts, for the reports.
struct BaselineChange: Sendable, Equatable {
    /// The baseline's entry (its `evidence` is what was recorded).
    var entry: Baseline.Entry
    /// The evidence of the failure now.
    var evidence: String
}
