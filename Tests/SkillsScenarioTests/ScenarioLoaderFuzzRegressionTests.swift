import SkillsScenario
import Testing

/// Inputs `ci/fuzz` (FuzzScenarioLoader) found breaking the loader's invariants, kept as regressions.
@Suite("Scenario loader fuzz regressions")
struct ScenarioLoaderFuzzRegressionTests {
    /// Every error of `yaml` loaded as `file`, or none when it loads.
    static func errors(_ yaml: String, file: String = "fuzz.yaml") -> [ScenarioError] {
        do {
            _ = try ScenarioLoader.parse(yaml: yaml, file: file)
            return []
        } catch {
            return error.errors
        }
    }

    @Test("a non-scalar key at the root is reported with a key path among other errors")
    func listKeyAtRoot() {
        // Reduced from the fuzzer's crash input (Tests/FuzzCorpus/FuzzScenarioLoader/regression-list-key-at-root.yaml):
        // the error had an empty key path although it was not the file's only problem.
        let errors = Self.errors("tags: [status: d]\ncreate:\n  - se:\n? - a list key\n: 503\n")
        #expect(errors.count > 1)
        let listKey = errors.first { $0.message.contains("cannot be a key") }
        #expect(listKey?.keyPath == "?")
        #expect(listKey?.line == 4)
        #expect(listKey?.description.hasPrefix("fuzz.yaml:4: ?: a list cannot be a key") == true)
        #expect(errors.allSatisfy { !$0.keyPath.isEmpty && $0.file == "fuzz.yaml" })
    }

    @Test("a mapping key inside a step is named under the step's path")
    func mappingKeyInStep() {
        let errors = Self.errors("id: x\ntitle: t\ncreate:\n  - ? {a: 1}\n    : 2\n")
        let complex = errors.first { $0.message.contains("cannot be a key") }
        #expect(complex?.keyPath == "create[0].?")
    }

    @Test("the fuzzer's original input: every error names the file and a key path")
    func originalCrashInput() {
        let yaml =
            "# Malformed@ on purpo--- a y given twce\"\ntags: [status: d]\ncreate:\n  - se:\n?   - stapt-image-11 streams to SUCCEEstatus: 503  # <-\n"
        let errors = Self.errors(yaml)
        #expect(errors.count > 1)
        #expect(errors.allSatisfy { !$0.keyPath.isEmpty && $0.description.hasPrefix("fuzz.yaml:") })
    }

    @Test("an empty key is named as \"\" in the key path")
    func emptyKey() {
        // From the fuzzer's crash input Tests/FuzzCorpus/FuzzScenarioLoader/regression-empty-key.yaml: `unknown key ""`
        // at the root had an empty key path among other errors.
        let errors = Self.errors("\"\": 1\nid: x\ntitle: [t]\ncreate:\n  - {\"\": 2}\n")
        let keyPaths = errors.filter { $0.message.hasPrefix("unknown key \"\"") }.map(\.keyPath)
        #expect(keyPaths == ["\"\"", "create[0].\"\""])
        #expect(errors.count > 2)
        #expect(errors.allSatisfy { !$0.keyPath.isEmpty })
    }
}
