import Foundation

/// What a `conform` run does about the pseudo-scenario `classify.vectors`.
public enum ClassificationVectorPlan: Sendable, Equatable {
    /// Run these vectors through the client's classifier.
    case run(ClassificationVectors)
    /// Not run: `--no-classify-vectors`, or `--filter` / `--shard` leave the pseudo-scenario out.
    case notSelected
    /// Not run: no fixtures directory was named and the default one has no vectors file (worth a note).
    case missingDefault(file: String)

    /// The fixtures directory used when none is named.
    static let defaultFixtures = "Fixtures"

    /// Decides and loads: off when not `enabled` or not selected (`--filter` must match `classify.vectors`; only
    /// shard 1 runs it); else `FIXTURES/classification.yaml`, which must be well-formed (a missing file is an
    /// error only when `fixtures` was named).
    public static func make(fixtures: String?, enabled: Bool, selection: ScenarioSelection) throws(InputFailure)
        -> ClassificationVectorPlan
    {
        guard enabled, selection.selects(pseudoScenario: ClassificationVectorRun.scenarioID) else {
            return .notSelected
        }
        let file = (fixtures ?? defaultFixtures) + "/" + ClassificationVectorLoader.fileName
        if fixtures == nil, !FileManager.default.fileExists(atPath: file) { return .missingDefault(file: file) }
        return .run(try ClassificationVectorLoader.load(file: file))
    }

    /// The vectors to run, if any.
    public var vectors: ClassificationVectors? {
        if case .run(let vectors) = self { return vectors }
        return nil
    }
}
