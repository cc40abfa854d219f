/// One vector run through a client's classifier: one CLASS-1 check of the pseudo-scenario `classify.vectors`.
struct ClassificationCheck: Sendable, Equatable {
    var vector: ClassificationVector
    /// What the classifier said.
    var answer: ClassifierAnswer

    init(vector: ClassificationVector, answer: ClassifierAnswer) {
        self.vector = vector
        self.answer = answer
    }

    /// Whether the classifier gave the seed's category.
    var passed: Bool { answer.category == vector.category }

    /// The category given, or why there is none.
    var actual: String { answer.category ?? answer.problem ?? "no category" }

    /// `402 "…" → unknown, expected insufficient_credits (line 9)`: one vector's verdict on one line.
    var summary: String {
        let line = vector.line.map { " (line \($0))" } ?? ""
        return passed
            ? "\(vector.label()) → \(actual)\(line)"
            : "\(vector.label()) → \(actual), expected \(vector.category)\(line)"
    }
}
