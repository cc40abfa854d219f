import Testing

@testable import SkillsConformance

@Suite struct InputLoaderTests {
    @Test func referenceProfileShapeLoads() throws {
        let yaml = """
            name: reference-python
            run: [python3, "{dir}/create_and_wait.py", --base-url, "{base_url}", --payload, "{payload}"]
            classify: [python3, "{dir}/handle_runtime_error.py", --status, "{status}", --body, "{body}"]
            env: {PYTHONUNBUFFERED: "1", HOME_HINT: "{dir}"}
            exit_codes: none
            """
        let p = try ClientProfileLoader.parse(yaml: yaml, file: "p.yaml")
        #expect(p.name == "reference-python")
        #expect(p.run.count == 6)
        #expect(p.classify?.last == "{body}")
        #expect(p.env == [EnvironmentVariable("PYTHONUNBUFFERED", "1"), EnvironmentVariable("HOME_HINT", "{dir}")])
        #expect(p.exitCodes == .none)
    }

    @Test func profileErrorsNameFileLineAndKeyPath() {
        let yaml = """
            name: broken
            run: [python3, "{dri}/x.py"]
            exit_codes: sometimes
            colour: blue
            """
        #expect {
            try ClientProfileLoader.parse(yaml: yaml, file: "bad.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.contains("bad.yaml:2: run[1]: unknown placeholder {dri}")
                && text.contains("bad.yaml:3: exit_codes: unknown value 'sometimes' (expected seed or none)")
                && text.contains("bad.yaml:4: colour: unknown key")
        }
    }

    @Test func profileNeedsNameAndRunAndNoStatusOutsideClassify() {
        #expect(throws: InputFailure.self) { try ClientProfileLoader.parse(yaml: "name: x", file: "a.yaml") }
        #expect(throws: InputFailure.self) {
            try ClientProfileLoader.parse(yaml: "name: x\nrun: [\"{status}\"]", file: "a.yaml")
        }
        #expect(throws: InputFailure.self) { try ClientProfileLoader.parse(yaml: "name: x\nrun: []", file: "a.yaml") }
        #expect(throws: InputFailure.self) { try ClientProfileLoader.parse(yaml: "run: [a]: b: [", file: "a.yaml") }
        #expect(throws: InputFailure.self) { try ClientProfileLoader.load(file: "/nonexistent/profile.yaml") }
    }

    /// The problems a loader reports for `yaml`, one "FILE:LINE: KEY.PATH: message" line each.
    static func problems(_ load: (String) throws(InputFailure) -> Void, _ yaml: String) -> [String] {
        do throws(InputFailure) {
            try load(yaml)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func profileProblemsComeFromTheScenarioReaderWithPositions() {
        let yaml = """
            name: a
            run: [python3, {x: 1}, 3]
            env: {SKILLS_VIDEO_API_KEY: k, "A=B": c, GOOD: [1], PORT: 8080}
            name: b
            """
        let problems = Self.problems(
            { yaml throws(InputFailure) in _ = try ClientProfileLoader.parse(yaml: yaml, file: "p.yaml") }, yaml)
        #expect(
            problems == [
                "p.yaml:2: run[1]: a mapping is not a string (expected a command-line word)",
                "p.yaml:3: env.SKILLS_VIDEO_API_KEY: the runner sets SKILLS_VIDEO_API_KEY itself (one key per run)",
                "p.yaml:3: env.A=B: is not a variable name (expected a name without '=')",
                "p.yaml:3: env.GOOD: a list is not a string (expected the variable's value)",
                "p.yaml:4: name: duplicate key \"name\", first at line 1 (expected each key once per mapping)",
            ], "numbers are words (run[2], env.PORT); the duplicate is reported where it stands")
    }

    @Test func emptyAndMalformedInputsNameTheFile() {
        let empty = Self.problems(
            { yaml throws(InputFailure) in _ = try ClientProfileLoader.parse(yaml: yaml, file: "e.yaml") }, "")
        #expect(empty == ["e.yaml:1: the file holds no document (expected a client profile)"])
        let broken = Self.problems(
            { yaml throws(InputFailure) in _ = try BaselineLoader.parse(yaml: yaml, file: "b.yaml") },
            "client: x\nfailures: [\n")
        #expect(broken.count == 1)
        #expect(
            broken.first?.hasPrefix("b.yaml:") == true && broken.first?.contains(": invalid YAML: ") == true,
            "\(broken)")
        let missing = Self.problems(
            { yaml throws(InputFailure) in _ = try ClientProfileLoader.load(file: yaml) }, "/nonexistent/p.yaml")
        #expect(missing == ["/nonexistent/p.yaml: cannot read the file (missing or unreadable)"])
    }

    @Test func baselineEntryProblemsNameTheEntry() {
        let yaml = """
            client: c
            failures:
              - {scenario: a, rule: SEC-1}
              - {scenario: b, rule: SEC-1, evidence: e, evidnce: f}
              - just text
              - {scenario: c, rule: SEC-1, evidence: "  "}
            """
        let problems = Self.problems(
            { yaml throws(InputFailure) in _ = try BaselineLoader.parse(yaml: yaml, file: "b.yaml") }, yaml)
        #expect(
            problems == [
                "b.yaml:3: failures[0].evidence: required key is missing (expected one line of evidence)",
                "b.yaml:4: failures[1].evidnce: unknown key \"evidnce\"; did you mean \"evidence\"? (expected one of: scenario, rule, evidence)",
                "b.yaml:5: failures[2]: \"just text\" is not a mapping (expected a mapping {scenario, rule, evidence})",
                "b.yaml:6: failures[3].evidence: is blank (expected one line of evidence)",
            ])
    }

    @Test func templatesExpandOncePlaceholdersOnly() {
        let values = ["payload": "{\"prompt\":\"{dir}\"}", "dir": "/d"]
        #expect(ProfileTemplate.expand("{dir}/x.py", values: values) == "/d/x.py")
        #expect(ProfileTemplate.expand("{payload}", values: values) == "{\"prompt\":\"{dir}\"}")
        #expect(ProfileTemplate.expand("{\"a\": 1}", values: values) == "{\"a\": 1}")
        #expect(ProfileTemplate.placeholders(in: "--x={poll_interval_s}s {Not} {}") == ["poll_interval_s"])
    }

    @Test func baselineRoundTripsAndRejectsUnknownRules() throws {
        let baseline = Baseline(
            client: "c",
            entries: [Baseline.Entry(scenario: "a.b", rule: .retry2, evidence: "expected: \"x\"; actual: y")])
        let parsed = try BaselineLoader.parse(yaml: baseline.yamlText, file: "b.yaml")
        #expect(parsed.entries == baseline.entries)
        #expect(parsed.entries.first?.evidence == "expected: \"x\"; actual: y")
        #expect(parsed.client == "c")
        #expect {
            try BaselineLoader.parse(yaml: "failures:\n  - {scenario: a, rule: NOPE-1, evidence: e}\n", file: "b.yaml")
        } throws: { "\($0)".contains("b.yaml:2: failures[0].rule: unknown rule 'NOPE-1'") }
        #expect(throws: InputFailure.self) { try BaselineLoader.parse(yaml: "client: x\n", file: "b.yaml") }
        #expect(throws: InputFailure.self) {
            try BaselineLoader.parse(
                yaml:
                    "failures:\n  - {scenario: a, rule: SEC-1, evidence: e}\n  - {scenario: a, rule: SEC-1, evidence: f}\n",
                file: "b.yaml")
        }
    }

    @Test func selectionFiltersByGlobThenDealsShards() throws {
        let scenarios = ["sse.a", "sse.b", "poll.a", "poll.b", "retry.a"].map { J.scenarioNamed($0) }
        #expect(ScenarioSelection(filter: "sse.*").apply(scenarios).map(\.id) == ["sse.a", "sse.b"])
        let one = try ScenarioSelection(shard: .parse("1/2")).apply(scenarios).map(\.id)
        let two = try ScenarioSelection(shard: .parse("2/2")).apply(scenarios).map(\.id)
        #expect(one == ["sse.a", "poll.a", "retry.a"])
        #expect(two == ["sse.b", "poll.b"])
        #expect(throws: SelectionError.self) { try ScenarioSelection.Shard.parse("0/2") }
        #expect(throws: SelectionError.self) { try ScenarioSelection.Shard.parse("3/2") }
        #expect(throws: SelectionError.self) { try ScenarioSelection.Shard.parse("x") }
    }
}
