/// A baseline entry whose rule still fails, but whose evidence changed shape: both texts, for the reports.
public struct BaselineChange: Sendable, Equatable {
    /// The baseline's entry (its `evidence` is what was recorded).
    public var entry: Baseline.Entry
    /// The evidence of the failure now.
    public var evidence: String

    public init(entry: Baseline.Entry, evidence: String) {
        self.entry = entry
        self.evidence = evidence
    }
}
