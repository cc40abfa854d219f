import FuzzHarness
import SkillsScenario

/// The invariants the scenario loader must keep on any file content.
enum ScenarioLoaderProperties {
    /// The file name the input is loaded under; every message must carry it.
    static let fileName = "Fuzz/input-scenario.yaml"

    /// Every broken invariant for `input`.
    ///
    /// - the loader returns a scenario whose `source` is the file, or fails with at least one error;
    /// - every error names the file, says what was expected, and has a key path unless it is the file's
    ///   only problem (a whole-file one: size, encoding, YAML syntax, a document that is not a mapping);
    /// - loading is deterministic (the same bytes give the same answer), and a loaded scenario lints
    ///   without trouble, each warning naming the file and a key path.
    static func check(_ input: [UInt8]) -> [FuzzViolation] {
        var findings = FuzzFindings()
        let first = load(input)
        let second = load(input)
        // Compared as text too: a `.nan` in a payload is a number unequal to itself.
        findings.expect(
            first == second || String(describing: first) == String(describing: second),
            "loading is deterministic", "\(first) then \(second)")
        switch first {
        case .success(let scenario):
            findings.expect(
                scenario.source == fileName, "a scenario's source is its file",
                "source \(scenario.source.debugDescription)")
            for warning in ScenarioLint.warnings(for: scenario) {
                findings.expect(
                    warning.file == fileName && !warning.keyPath.isEmpty,
                    "a lint warning names the file and a key path", "\(warning)")
            }
        case .failure(let failure):
            findings.expect(!failure.errors.isEmpty, "a failure carries at least one error", "no errors")
            for error in failure.errors {
                findings.expect(
                    error.file == fileName && error.description.hasPrefix(fileName + ":"),
                    "every error names the file", "\(error)")
                findings.expect(
                    !error.keyPath.isEmpty || failure.errors.count == 1,
                    "every error has a key path unless it is the file's only problem",
                    "\(error) among \(failure.errors.count) errors")
                findings.expect(
                    error.message.contains("(expected"), "every error says what was expected",
                    "\(error)")
                findings.expect(error.line.map { $0 >= 1 } ?? true, "lines are 1-based", "\(error)")
            }
        }
        return findings.violations
    }

    /// One load of `input` as the fuzz file.
    static func load(_ input: [UInt8]) -> Result<Scenario, ScenarioLoadFailure> {
        do {
            return .success(try ScenarioLoader.parse(bytes: input, file: fileName))
        } catch {
            return .failure(error)
        }
    }
}
