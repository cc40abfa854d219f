import SkillsCore

/// What a client's own classifier said about one (status, body): the category, or why there is none.
public struct ClassifierAnswer: Sendable, Equatable {
    /// The category the classifier gave, when it gave one.
    public var category: String?
    /// The classifier's exit code (nil in-process, or when it was killed or never ran).
    public var exitCode: Int32?
    /// Why the classifier gave no category (it could not run, was killed, printed nothing usable).
    public var problem: String?

    public init(category: String?, exitCode: Int32? = nil, problem: String? = nil) {
        self.category = category
        self.exitCode = exitCode
        self.problem = problem
    }

    /// The answer read from a classifier's output: its JSON `category`, else the category its seed exit code names.
    public init(output: [String], exitCode: Int32?) {
        let category = ClassifierAnswer.category(output: output, exitCode: exitCode)
        let first = output.first { !$0.trimmingWhitespace().isEmpty }
        let printed =
            first.map { ", first line: " + ($0.count > 100 ? String($0.prefix(99)) + "…" : $0) } ?? ", no output"
        self.init(
            category: category, exitCode: exitCode,
            problem: category == nil ? "no category (exit \(exitCode.map(String.init) ?? "none")\(printed))" : nil)
    }

    /// The category a classifier printed (`"category"` in its JSON output), else the one its seed exit code names.
    static func category(output: [String], exitCode: Int32?) -> String? {
        let text = output.joined(separator: "\n")
        if let json = JSONValue.parseOrText(text), let category = json["category"]?.stringValue { return category }
        for line in output.reversed() {
            if let json = OutcomeReader.jsonObject(line), let category = json["category"]?.stringValue {
                return category
            }
        }
        return ErrorCategory.allCases.first { $0.exitCode == exitCode }?.rawValue
    }
}
