/// Which exit codes a client promises (profile `exit_codes:`).
public enum ExitConvention: String, Sendable, Equatable, CaseIterable {
    /// The seed's codes: 0 success, 10 failed/canceled, 11 timeout, 20–25 categories, 1 missing key (EXIT-1 judged).
    case seed
    /// No promise: EXIT-1 and `EXPECT-exit` are not judged.
    case none
}
