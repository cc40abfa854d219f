import Testing

@testable import SkillsScenario

@Suite("Scenario lint")
struct ScenarioLintTests {
    func lint(_ yaml: String) throws -> [String] {
        ScenarioLint.warnings(for: try parse(yaml)).map(\.keyPath)
    }

    @Test("a clean scenario has no warnings")
    func clean() throws {
        #expect(
            try lint(
                """
                id: a
                title: t
                create: [{sse: [{data: {id: "{gen}", status: IN_PROGRESS}}], end: close}]
                poll: [{status: 429, headers: {Retry-After: "1"}}, {status: 200, body: {status: COMPLETED}}]
                expect: {outcome: COMPLETED, polls: 2}
                """
            ).isEmpty)
    }

    @Test("poll steps no client can reach")
    func unreachablePolls() throws {
        #expect(
            try lint(
                """
                id: a
                title: t
                create: [{sse: [{data: {status: IN_PROGRESS}}], end: close}]
                poll: [{status: 200, body: {status: COMPLETED}}]
                """) == ["poll"])
    }

    @Test("polls expected without poll steps; creates expected without a key")
    func impossibleCounts() throws {
        #expect(
            try lint(
                """
                id: a
                title: t
                client: {api_key: absent}
                create: [{status: 200, body: {id: "{gen}", status: COMPLETED}}]
                expect: {polls: ">=1", creates: 1}
                """) == ["expect.polls", "expect.creates"])
    }

    @Test("Retry-After must be whole seconds")
    func retryAfter() throws {
        #expect(
            try lint(
                """
                id: a
                title: t
                create: [{status: 429, headers: {Retry-After: "1.5"}}, {status: 503, headers: {retry-after: "Wed, 21 Oct 2015 07:28:00 GMT"}}]
                """) == ["create[0].headers.Retry-After", "create[1].headers.retry-after"])
    }

    @Test("a terminal outcome that no step serves")
    func unservedOutcome() throws {
        #expect(
            try lint(
                """
                id: a
                title: t
                create: [{sse: [{data: {id: "{gen}", status: cancelled}}]}]
                expect: {outcome: FAILED}
                """) == ["expect.outcome"])
        #expect(
            try lint(
                """
                id: a
                title: t
                create: [{sse: [{data: {id: "{gen}", status: cancelled}}]}]
                expect: {outcome: CANCELED}
                """
            ).isEmpty)
    }
}
