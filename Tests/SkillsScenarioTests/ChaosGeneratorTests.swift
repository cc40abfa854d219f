import SkillsCore
import Testing

@testable import SkillsScenario

/// The chaos generator: seeded and byte-reproducible, every scenario loadable as written, the grammar covered,
/// expectations derived from the rules, shrinking always smaller and well formed.
@Suite struct ChaosGeneratorTests {
    static func yaml(seed: UInt64, count: Int) -> [String] {
        ChaosGenerator(seed: seed).scenarios(count: count).map { ScenarioWriter.yaml($0, precision: .exact) }
    }

    @Test func theRandomSourceIsSplitMix64() {
        // Reference values of SplitMix64 seeded with 0 (Steele, Lea, Flood 2014; the constants of java.util.SplittableRandom).
        var random = ChaosRandom(seed: 0)
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
        var a = ChaosRandom(seed: 7, index: 3)
        var b = ChaosRandom(seed: 7, index: 3)
        var c = ChaosRandom(seed: 7, index: 4)
        let first = a.next()
        #expect(first == b.next())
        #expect(first != c.next())
        for _ in 0..<1000 { #expect((3...9).contains(a.int(3...9))) }
    }

    @Test func theSameSeedWritesByteIdenticalScenarios() {
        let once = Self.yaml(seed: 42, count: 300)
        #expect(once == Self.yaml(seed: 42, count: 300))
        #expect(once != Self.yaml(seed: 43, count: 300))
        // Each index is drawn on its own: a longer run starts with the same scenarios.
        #expect(Array(Self.yaml(seed: 42, count: 400).prefix(300)) == once)
    }

    @Test func everyGeneratedFileLoadsBackToTheSameScenarioWithoutLintWarnings() throws {
        for scenario in ChaosGenerator(seed: 9).scenarios(count: 1500) {
            let text = ScenarioWriter.yaml(scenario, precision: .exact)
            let loaded: Scenario
            do { loaded = try ScenarioLoader.parse(yaml: text, file: "\(scenario.id).yaml") } catch {
                Issue.record("\(scenario.id) does not load: \(error)\n\(text)")
                continue
            }
            var expected = scenario
            expected.source = loaded.source
            #expect(loaded == expected, "\(scenario.id) changed on the way through YAML:\n\(text)")
            #expect(ScenarioLint.warnings(for: loaded).isEmpty, "\(scenario.id): \(ScenarioLint.warnings(for: loaded))")
            // The expectation is one a loader accepts as consistent: the exit code is the outcome's.
            let outcome = try #require(loaded.expect.outcome)
            #expect(loaded.expect.exit == Expectation.exitCode(forOutcome: outcome))
        }
    }

    @Test func twoThousandPlansCoverTheGrammar() {
        let plans = (0..<2000).map { ChaosGenerator(seed: 1).plan(at: $0) }
        let yaml = plans.map { ScenarioWriter.yaml($0.scenario, precision: .exact) }.joined(separator: "\n")
        var streams: [ChaosStream] = []
        var failures: [ChaosFailure] = []
        for plan in plans {
            failures += plan.allFailures
            if case .stream(let s) = plan.createEnd { streams.append(s) }
            for case .brokenStream(let s) in plan.createFailures { streams.append(s) }
        }
        for fault in Fault.allCases {
            #expect(failures.contains(.fault(fault)), "fault \(fault)")
        }
        for end in StreamEnd.allCases { #expect(streams.contains { $0.end == end }, "end \(end)") }
        for style in ChaosStream.LineStyle.allCases {
            #expect(streams.contains { $0.style == style }, "style \(style)")
        }
        #expect(streams.contains { $0.bom } && streams.contains { $0.garbage })
        #expect(streams.contains { $0.items.contains { $0.splitPermille != nil } })
        #expect(streams.contains { $0.items.contains { $0.dribble } })
        #expect(streams.contains { $0.items.contains { $0.event == nil } }, "heartbeats")
        // Ids early (first event) and late (a later event, or only in a cut event).
        #expect(streams.contains { $0.items.first?.event?.carriesID == true })
        #expect(streams.contains { $0.servesID && $0.items.first?.event?.carriesID == false })
        #expect(streams.contains { !$0.servesID && $0.end == .truncate && $0.items.last?.event?.carriesID == true })
        var statusCodes: Set<Int> = []
        var retryAfters: Set<String> = []
        for case .status(let code, _, let retryAfter) in failures {
            statusCodes.insert(code)
            if let retryAfter { retryAfters.insert(retryAfter.description) }
        }
        #expect(statusCodes == [429, 500, 502, 503, 504])
        #expect(
            retryAfters == ["0", "1", "{now+2s}", "{now-10s}"],
            "Retry-After in seconds and as HTTP dates ahead and past")
        var createErrors: Set<Int> = []
        var pollErrors: Set<Int> = []
        var giveUps = 0
        var pollFailures = 0
        for plan in plans {
            if case .finalError(let code, _) = plan.createEnd { createErrors.insert(code) }
            if case .giveUp = plan.createEnd { giveUps += 1 }
            if plan.reachesPolling, case .finalError(let code, _) = plan.pollEnd { pollErrors.insert(code) }
            for case .failure in plan.polls { pollFailures += 1 }
        }
        #expect(createErrors == [400, 401, 402, 404, 422])
        #expect(pollErrors == [400, 401, 402, 404, 422])
        for spelling in ChaosGenerator.Draw.terminalSpellings {
            #expect(yaml.contains("\"status\": \"\(spelling)\""), "\(spelling)")
        }
        #expect(plans.contains { $0.keyless })
        #expect(giveUps > 0)
        #expect(plans.contains { $0.reachesPolling && $0.pollEnd == .never })
        #expect(pollFailures > 0)
        #expect(yaml.contains("\\r\\n") && yaml.contains("raw_hex:"))
    }

    @Test func everyFiftyPlansHoldAKeylessRunAndARetryAfter() {
        for seed: UInt64 in [1, 2, 20_261_203] {
            for start in stride(from: 0, to: 200, by: 50) {
                let plans = (start..<(start + 50)).map { ChaosGenerator(seed: seed).plan(at: $0) }
                #expect(plans.contains { $0.keyless }, "seed \(seed) from \(start)")
                let retryAfters = plans.filter { plan in
                    !plan.keyless && ScenarioWriter.yaml(plan.scenario, precision: .exact).contains("\"Retry-After\"")
                }
                #expect(!retryAfters.isEmpty, "seed \(seed) from \(start)")
            }
        }
    }

    @Test func expectationsFollowTheRules() {
        let cut = ChaosStream(
            items: [
                ChaosStreamItem(event: .init(status: "IN_QUEUE", carriesID: false)),
                ChaosStreamItem(event: .init(status: "IN_PROGRESS", carriesID: true)),
                ChaosStreamItem(event: .init(status: "COMPLETED", carriesID: true)),
            ], style: .crlf, end: .truncate)
        // The cut COMPLETED is never served: the client polls, and the polls decide.
        var plan = ChaosPlan(
            seed: 5, index: 0,
            createFailures: [.fault(.silent), .status(code: 503, body: ChaosErrorBody("busy"), retryAfter: nil)],
            createEnd: .stream(cut), polls: [.pending("processing"), .failure(.fault(.garbage))],
            pollEnd: .terminal("cancelled"))
        #expect(plan.reachesPolling)
        #expect(
            plan.expectation
                == Expectation(outcome: "CANCELED", exit: 10, creates: CountCheck(.eq, 3), polls: CountCheck(.eq, 3)))
        #expect(plan.scenario.client.requestTimeoutMs == 3000)
        // The same stream closed instead: the COMPLETED event is served, no poll.
        var closed = cut
        closed.end = .close
        plan.createEnd = .stream(closed)
        #expect(!plan.reachesPolling)
        #expect(
            plan.expectation
                == Expectation(outcome: "COMPLETED", exit: 0, creates: CountCheck(.eq, 3), polls: CountCheck(.eq, 0)))
        #expect(plan.scenario.poll.isEmpty)
        // A credit keyword decides the category of a 400 (the seed's table, CLASS-1).
        plan.createEnd = .finalError(code: 400, body: ChaosErrorBody("please top up", shape: .text))
        #expect(plan.expectation.outcome == "insufficient_credits")
        #expect(plan.expectation.exit == 20)
        plan.createEnd = .finalError(code: 404, body: ChaosErrorBody("Model not found", shape: .nested))
        #expect(plan.expectation.outcome == "not_found")
        plan.createEnd = .giveUp(.fault(.close))
        #expect(
            plan.expectation
                == Expectation(outcome: "transient", exit: 24, creates: CountCheck(.ge, 2), polls: CountCheck(.eq, 0)))
        plan.createEnd = .json
        plan.pollEnd = .never
        #expect(
            plan.expectation
                == Expectation(outcome: "timeout", exit: 11, creates: CountCheck(.eq, 3), polls: CountCheck(.ge, 1)))
        #expect(plan.scenario.client.pollTimeoutMs == 10_000)
        plan.keyless = true
        #expect(
            plan.expectation
                == Expectation(outcome: "missing_key", exit: 1, creates: CountCheck(.eq, 0), polls: CountCheck(.eq, 0)))
        #expect(plan.scenario.client.apiKeyAbsent)
    }

    @Test func mixedLineEndsNeverMergeABlankLineIntoACRLF() {
        for index in 0..<300 {
            var lines = ChaosStream.LineEnds(style: .mixed, random: ChaosRandom(seed: 3, index: index))
            let item = ChaosStreamItem(
                event: .init(status: "IN_QUEUE", carriesID: true, name: "status", sseID: "1", retry: 1000))
            let bytes = ChaosStream.rawBytes(item, lines: &lines)
            var parser = SSEParser()
            let events = parser.feed(bytes)
            #expect(events.count == 1, "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
        }
    }

    @Test func aSplitNeverCutsTheIdToken() {
        let bytes = Array("data: {\"id\":\"{gen}\"}\n\n".utf8)
        let token = bytes.firstIndex(of: UInt8(ascii: "{"))!
        let gen = Array(bytes).indices.first { bytes[$0...].starts(with: Array("{gen}".utf8)) }!
        #expect(token < gen)
        for at in 1..<bytes.count {
            let cut = ChaosStream.splitPoint(bytes, at: at)
            #expect(!(gen < cut && cut < gen + 5), "split at \(at) → \(cut)")
            #expect((1..<bytes.count).contains(cut))
        }
    }

    @Test func shrinkCandidatesAreWellFormedAndSmaller() {
        for index in 0..<300 {
            var plan = ChaosGenerator(seed: 11).plan(at: index)
            #expect(plan.isWellFormed, "generated plan \(plan.id)")
            var steps = 0
            // Always taking the first candidate ends: each is strictly smaller.
            while let next = plan.shrinkCandidates.first {
                #expect(next.isWellFormed && next.size < plan.size)
                #expect(next.expectation.outcome != nil)
                plan = next
                steps += 1
            }
            #expect(steps < 200)
            #expect(plan.shrinkStep == steps)
        }
    }

    @Test func theWriterQuotesWhatYAMLWouldReadOtherwise() throws {
        #expect(ScenarioWriter.quoted("a\"b\\c\r\n\u{1}é") == "\"a\\\"b\\\\c\\r\\n\\u0001é\"")
        #expect(ScenarioWriter.exactDuration(2000) == "2s")
        #expect(ScenarioWriter.exactDuration(12.5) == "12.5ms")
        #expect(ScenarioWriter.exactDuration(0.25) == "0.25ms")
        let scenario = Scenario(
            id: "w.x", title: "yes: no # not a comment",
            create: [
                Step(
                    delayMs: 12.5,
                    kind: .sse(
                        SSEScript(
                            events: [
                                SSEItem(raw: [0xFF, 0x0A]), SSEItem(raw: Array("\u{FEFF}: x\r".utf8), dribble: true),
                                SSEItem(data: .text("two\nlines")),
                            ], end: .truncate)))
            ], expect: Expectation(outcome: "COMPLETED", exit: 0, creates: CountCheck(.le, 1)))
        var loaded = try ScenarioLoader.parse(yaml: ScenarioWriter.yaml(scenario, precision: .exact), file: "w.yaml")
        loaded.source = scenario.source
        #expect(loaded == scenario)
    }
}
