import Foundation
import SkillsCore
import SkillsScenario

/// The pseudo-scenario `classify.vectors`: every vector of `classification.yaml` through the client's own
/// classifier (the builtin one, or a profile's `classify` command), judged by CLASS-1 with one check per vector.
public struct ClassificationVectorRun: Sendable {
    /// The pseudo-scenario's id (what `--filter` and baselines name).
    public static let scenarioID = "classify.vectors"

    var vectors: ClassificationVectors
    var client: any ConformanceClient
    /// Classifier runs in flight at once.
    var jobs: Int

    init(vectors: ClassificationVectors, client: any ConformanceClient, jobs: Int = 4) {
        self.vectors = vectors
        self.client = client
        self.jobs = max(1, jobs)
    }

    /// The pseudo-scenario as reports show it (no steps: nothing is served).
    var scenario: Scenario {
        Scenario(
            id: Self.scenarioID,
            title: "the client's classifier on the vectors of \(fileName) (CLASS-1, one check per vector)",
            tags: ["classify"], create: [], source: vectors.source)
    }

    /// The vectors file's name (reports and evidence name it without its directory, which differs between machines).
    var fileName: String { (vectors.source as NSString).lastPathComponent }

    /// Runs every vector through the classifier (none when the client has none), in file order.
    func checks(baseURL: String, timeScale: Double) async -> [ClassificationCheck] {
        guard client.hasClassifier else { return [] }
        let scenario = scenario
        let invocation = ClientInvocation(
            baseURL: baseURL, model: scenario.model, payload: scenario.payload,
            timings: ClientTimings.forScenario(scenario, timeScale: timeScale), key: nil,
            deadline: .seconds(10))
        let client = client
        let classify: @Sendable (Int, ClassificationVector) async -> (Int, ClassifierAnswer) = { index, vector in
            (index, await client.classifyVector(status: vector.status, body: vector.body, invocation: invocation))
        }
        var answers = [ClassifierAnswer?](repeating: nil, count: vectors.vectors.count)
        await withTaskGroup(of: (Int, ClassifierAnswer).self) { group in
            var pending = vectors.vectors.enumerated().makeIterator()
            for _ in 0..<jobs {
                guard let (index, vector) = pending.next() else { break }
                group.addTask { await classify(index, vector) }
            }
            while let (index, answer) = await group.next() {
                answers[index] = answer
                if let (nextIndex, vector) = pending.next() { group.addTask { await classify(nextIndex, vector) } }
            }
        }
        return zip(vectors.vectors, answers).map {
            ClassificationCheck(vector: $0, answer: $1 ?? ClassifierAnswer(category: nil))
        }
    }

    /// Runs the vectors and judges them, marking what the baseline (if any) says.
    func result(baseURL: String, timeScale: Double, baseline: Baseline?) async -> ScenarioResult {
        let started = Date()
        let checks = await checks(baseURL: baseURL, timeScale: timeScale)
        return result(
            checks: checks, timeScale: timeScale, baseline: baseline,
            durationMs: Date().timeIntervalSince(started) * 1000)
    }

    /// The pseudo-scenario's result for checks already made (pure).
    func result(checks: [ClassificationCheck], timeScale: Double, baseline: Baseline?, durationMs: Double)
        -> ScenarioResult
    {
        let scenario = scenario
        let rule = ClassificationRule.vectors(checks, source: fileName, classifier: client.hasClassifier)
        let record = RunRecord(
            scenario: scenario, timings: ClientTimings.forScenario(scenario, timeScale: timeScale), key: nil,
            journal: [], output: [], exitCode: nil, exitConvention: client.exitConvention)
        var result = ScenarioResult(
            record: record, judgements: ScenarioResult.mark([rule], scenario: Self.scenarioID, baseline: baseline),
            durationMs: durationMs)
        result.vectorChecks = checks
        return result
    }
}
