/// A broken invariant found by a fuzz target: which property failed, and the evidence.
public struct FuzzViolation: Error, Sendable, Equatable, CustomStringConvertible {
    /// The property that does not hold, e.g. "same events whatever the chunking".
    public var property: String
    /// What was seen instead (values, counts, the first difference).
    public var detail: String

    /// A violation of `property`, with `detail` as evidence.
    public init(_ property: String, _ detail: String) {
        self.property = property
        self.detail = detail
    }

    public var description: String { "\(property): \(detail)" }
}

/// Collects the violations one input shows; a fuzz target's check fills one and returns it.
public struct FuzzFindings: Sendable {
    /// Every violation recorded so far, in order.
    public private(set) var violations: [FuzzViolation] = []

    /// An empty record.
    public init() {}

    /// Records a violation of `property` unless `holds` is true.
    public mutating func expect(_ holds: Bool, _ property: String, _ detail: @autoclosure () -> String) {
        if !holds { violations.append(FuzzViolation(property, detail())) }
    }
}
