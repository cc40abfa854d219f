import Foundation
import SkillsCore
import SkillsMockServer
import SkillsScenario
import SkillsTestSupport
import Testing

/// The default world: auth, routing, the generation state machine over SSE and polling, credits.
@Suite struct DefaultWorldTests {
    @Test func missingOrMalformedKeyIs401() async throws {
        let server = try TestServer()
        let none = await server.client.send("GET", "/api/v1/credits")
        #expect(none.response?.status == 401)
        #expect(TestScenarios.body(none)?["message"]?.stringValue?.isEmpty == false)
        let basic = await server.client.send("GET", "/api/v1/credits", headers: [("Authorization", "Basic abc")])
        #expect(basic.response?.status == 401)
        let empty = await server.client.send("GET", "/api/v1/credits", headers: [("Authorization", "Bearer ")])
        #expect(empty.response?.status == 401)
        let create = await TestScenarios.createSSE(server, key: nil)
        #expect(create.response?.status == 401)
    }

    @Test func bothPathSpellingsResolveAndUnknownRoutesAreRefused() async throws {
        let server = try TestServer(world: DefaultWorldSettings(initialCredits: 70))
        for path in ["/api/v1/credits", "/v1/credits", "/api/v1/credits/"] {
            let exchange = await server.client.send("GET", path, key: "k")
            #expect(exchange.response?.status == 200, "\(path)")
            #expect(TestScenarios.body(exchange)?["credits"]?.intValue == 70)
        }
        let missing = await server.client.send("GET", "/api/v1/nothing-here", key: "k")
        #expect(missing.response?.status == 404)
        #expect(TestScenarios.body(missing)?["message"] != nil)
        let wrongMethod = await server.client.send("DELETE", "/api/v1/credits", key: "k")
        #expect(wrongMethod.response?.status == 405)
        #expect(wrongMethod.response?.header("Allow") == "GET")
        let getCreate = await server.client.send("GET", TestScenarios.ssePath, key: "k")
        #expect(getCreate.response?.status == 405)
        let postPoll = await server.client.send("POST", "/api/v1/generation/gen_1", key: "k", body: "{}")
        #expect(postPoll.response?.status == 405)
        let kinds = server.server.journal().map(\.kind)
        #expect(kinds.prefix(3).allSatisfy { $0 == .credits })
        #expect(kinds.suffix(4).allSatisfy { $0 == .other })
    }

    @Test func sseCreateWalksToCompletedAndPollingShowsTheSameState() async throws {
        let server = try TestServer(timeScale: 0.05)
        let exchange = await TestScenarios.createSSE(server, key: "dev-key")
        let response = try #require(exchange.response)
        #expect(response.status == 200)
        #expect(response.complete)
        let events = response.bodyText.split(separator: "\n").filter { $0.hasPrefix("data: ") }
            .compactMap { try? JSONValue.parse(String($0.dropFirst(6))) }
        #expect(events.compactMap { $0["status"]?.stringValue } == ["IN_QUEUE", "IN_PROGRESS", "COMPLETED"])
        let id = try #require(events.first?["id"]?.stringValue)
        #expect(events.allSatisfy { $0["id"]?.stringValue == id })
        #expect(events.last?["output"]?["url"]?.stringValue == "https://cdn.skills-mock.invalid/\(id).mp4")
        let third = exchange.reads.last!.tMs - exchange.reads.first!.tMs
        #expect(third >= 120, "3 s at scale 0.05 is 150 ms from first to last event")
        let polled = TestScenarios.body(await TestScenarios.poll(server, key: "dev-key", id: id))
        #expect(polled?["status"]?.stringValue == "COMPLETED")
        #expect(polled?["output"]?["url"]?.stringValue == "https://cdn.skills-mock.invalid/\(id).mp4")
        let entries = server.server.journal(filter: JournalFilter(key: "dev-key"))
        #expect(entries.map(\.kind) == [.createSSE, .poll])
        #expect(entries.allSatisfy { $0.generationID == id && $0.scenario == nil })
        #expect(entries.first?.events.count == 3)
    }

    @Test func pollingCreateWalksByElapsedTime() async throws {
        // IN_PROGRESS lasts from a third of the generation time to its end: 4 s to 12 s here, a window wide
        // enough that a poll lands in it even when a loaded machine stalls the test for seconds.
        let generationMs = 12_000.0
        let server = try TestServer(world: DefaultWorldSettings(generationMs: generationMs))
        // Create and polls run on a thread of their own: a busy cooperative pool cannot skip the IN_PROGRESS window.
        let client = server.client
        let (createdBody, seen) = await RawHTTPClient.offPool { () -> (JSONValue?, [String]) in
            let created = TestScenarios.body(
                client.sendBlocking(
                    "POST", TestScenarios.pollCreatePath, key: "dev", headers: [("Content-Type", "application/json")],
                    body: #"{"prompt":"x"}"#))
            guard let id = created?["id"]?.stringValue else { return (created, []) }
            var seen: [String] = []
            let deadline = ContinuousClock.now + .seconds(40)
            while seen.last != "COMPLETED", ContinuousClock.now < deadline {
                let exchange = client.sendBlocking("GET", "/api/v1/generation/\(id)", key: "dev")
                seen.append(TestScenarios.body(exchange)?["status"]?.stringValue ?? "?")
                usleep(100_000)
            }
            return (created, seen)
        }
        let created = try #require(createdBody)
        #expect(created["status"]?.stringValue == "IN_QUEUE")
        let id = try #require(created["id"]?.stringValue)
        #expect(seen.last == "COMPLETED")
        let order = ["IN_QUEUE", "IN_PROGRESS", "COMPLETED"]
        let ranks = seen.compactMap { order.firstIndex(of: $0) }
        #expect(ranks.count == seen.count && ranks == ranks.sorted(), "statuses only move forward: \(seen)")
        // Each answer is the state at the request's arrival: judge it by the journal's real times.
        let entries = server.server.journal(filter: JournalFilter(key: "dev"))
        let createdAt = try #require(entries.first?.tMs)
        for (entry, status) in zip(entries.dropFirst(), seen) {
            let elapsed = entry.tMs - createdAt
            let expected =
                elapsed >= generationMs ? "COMPLETED" : elapsed >= generationMs / 3 ? "IN_PROGRESS" : "IN_QUEUE"
            #expect(status == expected, "poll \(elapsed) ms after create")
        }
        #expect(seen.contains("IN_PROGRESS"))
        let unknown = await TestScenarios.poll(server, key: "dev", id: "gen_unknown")
        #expect(unknown.response?.status == 404)
    }

    @Test func imageModelsGetPNGOutputs() async throws {
        let server = try TestServer(timeScale: 0.01)
        let exchange = await TestScenarios.createSSE(
            server, key: "img", path: "/api/v1/generation/sse/openai/gpt-image-1")
        #expect(exchange.response?.bodyText.contains(".png\"") == true)
    }

    @Test func creditsRunOutInto402() async throws {
        let server = try TestServer(world: DefaultWorldSettings(initialCredits: 30, generationCost: 10))
        var statuses: [Int] = []
        for _ in 0..<4 {
            statuses.append(await TestScenarios.createPoll(server, key: "spender").response?.status ?? 0)
        }
        #expect(statuses == [200, 200, 200, 402])
        let refused = await TestScenarios.createSSE(server, key: "spender")
        #expect(refused.response?.status == 402)
        let message = TestScenarios.body(refused)?["message"]?.stringValue ?? ""
        #expect(message.hasPrefix("Insufficient credits"))
        #expect(ErrorClassifier.classify(status: 402, message: message) == .insufficientCredits)
        let balance = TestScenarios.body(await server.client.send("GET", "/api/v1/credits", key: "spender"))
        #expect(balance?["credits"]?.intValue == 0)
        let other = TestScenarios.body(await server.client.send("GET", "/api/v1/credits", key: "someone-else"))
        #expect(other?["credits"]?.intValue == 30, "credits are per key")
    }

    @Test func createPayloadMustBeAJSONObject() async throws {
        let server = try TestServer()
        let exchange = await TestScenarios.createPoll(server, key: "dev", body: "[1,2]")
        #expect(exchange.response?.status == 422)
        #expect(TestScenarios.body(exchange)?["message"]?.stringValue?.contains("body") == true)
    }
}
