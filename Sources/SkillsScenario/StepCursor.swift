/// Hands out successive steps of a script; the last one repeats; nil when there are none.
///
/// A pure value: the server keeps one per run and per endpoint kind (create, poll).
public struct StepCursor: Sendable, Equatable {
    /// The script being walked.
    public let steps: [Step]
    /// How many steps were handed out so far (repeats of the last one included).
    public private(set) var served: Int

    /// A cursor at the first step of `steps`.
    public init(_ steps: [Step]) {
        self.steps = steps
        self.served = 0
    }

    /// The step to answer with now, advancing the cursor; the last step repeats forever.
    public mutating func next() -> Step? {
        guard let step = peek() else { return nil }
        served += 1
        return step
    }

    /// The step `next()` would return, without advancing.
    public func peek() -> Step? {
        guard !steps.isEmpty else { return nil }
        return steps[min(served, steps.count - 1)]
    }

    /// Index into `steps` of the step `next()` would return, or nil when there are none.
    public var position: Int? { steps.isEmpty ? nil : min(served, steps.count - 1) }

    /// Whether every scripted step was handed out at least once (only the last one repeats from now on).
    public var isExhausted: Bool { served >= steps.count }
}
