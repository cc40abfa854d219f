import Foundation
import SkillsCore
import SkillsMockServer
import SkillsScenario
import SkillsTestSupport
import Testing

/// Runs: binding by key, tag, mapped key or header; cursors; `{gen}`; isolation between runs.
@Suite struct RunBindingTests {
    static let pollScenario = Scenario(
        id: "p.seq", title: "poll sequence",
        create: [TestScenarios.json(200, ["id": "{gen}", "status": "IN_QUEUE"])],
        poll: [
            TestScenarios.json(200, ["id": "{gen}", "status": "IN_QUEUE"]),
            TestScenarios.json(503, ["message": "busy"]),
            TestScenarios.json(200, ["id": "{gen}", "status": "COMPLETED"]),
        ])

    @Test func pollSequenceAdvancesPerRequestAndRepeatsItsLastStep() async throws {
        let server = try TestServer(scenarios: [Self.pollScenario])
        let key = "sk-test-p.seq"
        let created = try #require(TestScenarios.body(await TestScenarios.createPoll(server, key: key)))
        let gen = try #require(created["id"]?.stringValue)
        var statuses: [Int] = []
        var bodies: [String] = []
        for _ in 0..<5 {
            let exchange = await TestScenarios.poll(server, key: key, id: gen)
            statuses.append(exchange.response?.status ?? 0)
            bodies.append(TestScenarios.body(exchange)?["status"]?.stringValue ?? "-")
        }
        #expect(statuses == [200, 503, 200, 200, 200])
        #expect(bodies == ["IN_QUEUE", "-", "COMPLETED", "COMPLETED", "COMPLETED"])
        let polls = server.server.journal(filter: JournalFilter(key: key)).filter { $0.kind == .poll }
        #expect(polls.count == 5)
        #expect(polls.allSatisfy { $0.generationID == gen && $0.scenario == "p.seq" })
    }

    @Test func anSSEStepAnswersThePollingCreateWithTheRunID() async throws {
        let scenario = TestScenarios.sse("p.sse", [SSEItem(data: .json(["id": "{gen}", "status": "IN_PROGRESS"]))])
        let server = try TestServer(scenarios: [scenario])
        let exchange = await TestScenarios.createPoll(server, key: "sk-test-p.sse")
        #expect(exchange.response?.status == 200)
        #expect(exchange.response?.header("Content-Type") == "application/json")
        let body = try #require(TestScenarios.body(exchange))
        #expect(body["status"]?.stringValue == "IN_QUEUE")
        let gen = try #require(body["id"]?.stringValue)
        let stream = await TestScenarios.createSSE(server, key: "sk-test-p.sse")
        #expect(
            stream.response?.bodyText == "data: {\"id\":\"\(gen)\",\"status\":\"IN_PROGRESS\"}\n\n", "same run, same id"
        )
    }

    @Test func eachKeyIsARunWithItsOwnIDAndCursors() async throws {
        let server = try TestServer(scenarios: [Self.pollScenario])
        let a = try #require(
            TestScenarios.body(await TestScenarios.createPoll(server, key: "sk-test-p.seq--a"))?["id"]?.stringValue)
        let b = try #require(
            TestScenarios.body(await TestScenarios.createPoll(server, key: "sk-test-p.seq--b"))?["id"]?.stringValue)
        #expect(a != b)
        #expect(a.hasPrefix("gen_") && b.hasPrefix("gen_"))
        let a1 = await TestScenarios.poll(server, key: "sk-test-p.seq--a", id: a)
        let a2 = await TestScenarios.poll(server, key: "sk-test-p.seq--a", id: a)
        let b1 = await TestScenarios.poll(server, key: "sk-test-p.seq--b", id: b)
        #expect(a1.response?.status == 200)
        #expect(a2.response?.status == 503)
        #expect(b1.response?.status == 200, "run b has its own poll cursor")
        #expect(TestScenarios.body(b1)?["id"]?.stringValue == b)
    }

    @Test func aPolledIDTheRunNeverIssuedStillGetsThePollSteps() async throws {
        let server = try TestServer(scenarios: [Self.pollScenario])
        let exchange = await TestScenarios.poll(server, key: "sk-test-p.seq", id: "someone-elses-id")
        #expect(exchange.response?.status == 200)
        let entry = try #require(server.server.journal(filter: JournalFilter(key: "sk-test-p.seq")).first)
        #expect(entry.generationID == "someone-elses-id")
        #expect(entry.scenario == "p.seq")
    }

    @Test func headerBindsKeylessRequestsToOneRunPerScenario() async throws {
        let server = try TestServer(scenarios: [Self.pollScenario])
        let header = [("X-Mock-Scenario", "p.seq")]
        let created = TestScenarios.body(await TestScenarios.createPoll(server, key: nil, headers: header))
        let gen = try #require(created?["id"]?.stringValue)
        let first = await TestScenarios.poll(server, key: nil, id: gen, headers: header)
        let second = await TestScenarios.poll(server, key: nil, id: gen, headers: header)
        #expect(first.response?.status == 200, "a scenario run answers as scripted, with no auth check")
        #expect(second.response?.status == 503, "keyless requests of one scenario share one run")
        let entries = server.server.journal(filter: JournalFilter(keylessOnly: true))
        #expect(entries.count == 3)
        #expect(entries.allSatisfy { $0.key == nil && $0.scenario == "p.seq" })
        let unbound = await TestScenarios.poll(server, key: nil, id: gen)
        #expect(unbound.response?.status == 401, "no key and no header: the default world wants a key")
        #expect(server.server.journal(filter: JournalFilter(keylessOnly: true)).last?.scenario == nil)
    }

    @Test func aHeaderAlsoBindsAKeyedRequestAndAMappedKeyWins() async throws {
        let other = Scenario(id: "other", title: "other", create: [TestScenarios.json(418, ["message": "other"])])
        let server = try TestServer(scenarios: [Self.pollScenario, other])
        let viaHeader = await TestScenarios.createPoll(
            server, key: "plain-key", headers: [("X-Mock-Scenario", "other")])
        #expect(viaHeader.response?.status == 418)
        #expect(server.server.mapKey("mapped-key", toScenario: "other"))
        #expect(!server.server.mapKey("mapped-key", toScenario: "missing"))
        let mapped = await TestScenarios.createPoll(server, key: "mapped-key", headers: [("X-Mock-Scenario", "p.seq")])
        #expect(mapped.response?.status == 418)
        let entry = server.server.journal(filter: JournalFilter(key: "mapped-key")).first
        #expect(entry?.scenario == "other")
        #expect(entry?.key == KeyFingerprint.of("mapped-key"))
    }

    @Test func scenarioRunsAcceptAnyModelPathAndPayload() async throws {
        let server = try TestServer(scenarios: [Self.pollScenario])
        let exchange = await TestScenarios.createPoll(
            server, key: "sk-test-p.seq", path: "/api/v1/generation/nobody/no-such-model/x",
            body: "not json")
        #expect(exchange.response?.status == 200)
    }

    @Test func twentyClientsOnTwentyScenariosDoNotSeeEachOthersSteps() async throws {
        let scenarios = (0..<20).map { i in
            TestScenarios.sse(
                "iso.\(i)",
                [
                    SSEItem(data: .json(["id": "{gen}", "status": "IN_QUEUE", "n": .number(Double(i))])),
                    SSEItem(
                        delayMs: 100, data: .json(["id": "{gen}", "status": "IN_PROGRESS", "n": .number(Double(i))])),
                    SSEItem(
                        delayMs: 100, data: .json(["id": "{gen}", "status": "COMPLETED", "n": .number(Double(i))])),
                ], poll: [TestScenarios.json(200, ["id": "{gen}", "status": "COMPLETED", "n": .number(Double(i))])])
        }
        let server = try TestServer(scenarios: scenarios)
        let results = await withTaskGroup(of: (Int, RawExchange).self) { group in
            for i in 0..<20 {
                group.addTask { (i, await TestScenarios.createSSE(server, key: "sk-test-iso.\(i)--t")) }
            }
            var out: [Int: RawExchange] = [:]
            for await (i, exchange) in group { out[i] = exchange }
            return out
        }
        var ids = Set<String>()
        for i in 0..<20 {
            let text = try #require(results[i]?.response?.bodyText)
            let lines = text.split(separator: "\n").filter { $0.hasPrefix("data: ") }
            #expect(lines.count == 3)
            let values = lines.compactMap { try? JSONValue.parse(String($0.dropFirst(6))) }
            #expect(values.allSatisfy { $0["n"]?.intValue == i }, "client \(i) saw another run's events")
            let runIDs = Set(values.compactMap { $0["id"]?.stringValue })
            #expect(runIDs.count == 1)
            ids.formUnion(runIDs)
        }
        #expect(ids.count == 20, "every run has its own generation id")
        for i in 0..<20 {
            let entries = server.server.journal(filter: JournalFilter(key: "sk-test-iso.\(i)--t"))
            #expect(entries.count == 1)
            #expect(entries.first?.scenario == "iso.\(i)")
            #expect(entries.first?.events.count == 3)
        }
    }
}
