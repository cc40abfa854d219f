import SkillsScenario

/// Hands out successive steps; the last one repeats; nil when there are none.
/// (Same semantics as `SkillsScenario.StepCursor`; replaced by it once that lands.)
struct ScriptCursor: Sendable {
    private let steps: [Step]
    /// How many steps were handed out so far.
    private(set) var served = 0

    init(_ steps: [Step]) { self.steps = steps }

    mutating func next() -> Step? {
        guard !steps.isEmpty else { return nil }
        let step = steps[min(served, steps.count - 1)]
        served += 1
        return step
    }
}
