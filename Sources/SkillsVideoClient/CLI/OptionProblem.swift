/// A bad option value, with a message naming the option.
struct OptionProblem: Error, Sendable {
    let message: String

    /// A problem when `value` is not a finite positive number (or zero when allowed).
    static func check(_ name: String, _ value: Double, allowZero: Bool = false) -> OptionProblem? {
        if !value.isFinite || value < 0 || (!allowZero && value == 0) {
            return OptionProblem(message: "\(name) must be \(allowZero ? ">= 0" : "> 0") seconds, got \(value)")
        }
        return nil
    }
}
