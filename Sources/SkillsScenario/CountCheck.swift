import SkillsCore

/// A count or a comparison (`3`, `">=3"`, `"<2"`).
public struct CountCheck: Sendable, Equatable, CustomStringConvertible {
    /// The comparison.
    public enum Op: String, Sendable, CaseIterable {
        case eq = "=="
        case ge = ">="
        case le = "<="
        case gt = ">"
        case lt = "<"
    }
    /// How the count is compared.
    public var op: Op
    /// The number compared against.
    public var value: Int

    /// A check that the count compares to `value` by `op`.
    public init(_ op: Op, _ value: Int) {
        self.op = op
        self.value = value
    }

    /// Whether `count` satisfies the check.
    public func matches(_ count: Int) -> Bool {
        switch op {
        case .eq: return count == value
        case .ge: return count >= value
        case .le: return count <= value
        case .gt: return count > value
        case .lt: return count < value
        }
    }

    /// `3` for an exact count, `>=3` for a comparison.
    public var description: String { op == .eq ? "\(value)" : "\(op.rawValue)\(value)" }

    /// Parses `3`, `"==3"`, `">=3"`, `"<=3"`, `">3"`, `"<3"`.
    public static func parse(_ text: String) -> CountCheck? {
        let t = text.trimmingWhitespace()
        for op in [Op.ge, .le, .eq, .gt, .lt] where t.hasPrefix(op.rawValue) {
            guard let v = Int(String(t.dropFirst(op.rawValue.count)).trimmingWhitespace()), v >= 0 else { return nil }
            return CountCheck(op, v)
        }
        guard let v = Int(t), v >= 0 else { return nil }
        return CountCheck(.eq, v)
    }
}
