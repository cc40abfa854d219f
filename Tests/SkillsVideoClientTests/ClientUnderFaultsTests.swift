import Foundation
import SkillsCore
import SkillsTestSupport
import SkillsVideoClient
import Testing

/// Issue #7, part 6: `skills-video create` against a server that cuts, resets, stalls or spoils a scripted
/// response at byte offsets of its head, its chunk framing, inside events and between them, or sends random
/// bytes. Every run must end with a final answer (terminal, classified error or timeout) whose exit code is
/// the seed's for it, within its deadline; once the id was delivered and polls are clean, with COMPLETED.
///
/// Offsets are sampled (around every line end plus a stride); `SKILLS_FAULTS_EXHAUSTIVE=1` tries every one.
@Suite("skills-video create under faults", .serialized)
struct ClientUnderFaultsTests {
    /// Client timings: small, so stalls cost little, but far above a loopback answer.
    static let timing = [
        "--sse-request-timeout", "1", "--sse-idle-timeout", "1", "--poll-interval", "0.02", "--poll-timeout", "4",
        "--poll-request-timeout", "1", "--backoff-base", "0.01", "--backoff-max", "0.05", "--max-attempts", "2",
    ]
    /// The longest a run may take: its scaled timeouts add up to about 8 s; generous for loaded CI machines.
    static let deadline = 60.0
    /// How many runs go at once (each mostly waits on sockets or timeouts).
    static let width = 6
    static let exhaustive = ProcessInfo.processInfo.environment["SKILLS_FAULTS_EXHAUSTIVE"] == "1"

    @Test("a clean script completes over SSE: the control case")
    func control() async throws {
        let result = try await Self.run(
            FaultCase(
                target: .create, fault: .none, stream: FaultScript.stream(terminal: true),
                mustComplete: true))
        #expect(result.problems(mustComplete: true, deadline: Self.deadline).isEmpty, "\(result.lines)")
        #expect(result.exitCode == 0)
        #expect(result.requests.filter { $0.hasPrefix("GET ") }.isEmpty)
        let last = try #require(result.lines.last.flatMap { try? JSONValue.parse($0) })
        #expect(last["source"]?.stringValue == "sse")
    }

    @Test("a create stream cut, reset, stalled or spoiled at any offset ends classified")
    func createFaults() async throws {
        let stream = FaultScript.stream(terminal: true)
        let idDelivered = FaultScript.firstEventEnd(stream)
        let offsets = FaultScript.offsets(stream, stride: 5, exhaustive: Self.exhaustive)
        var cases: [FaultCase] = []
        for offset in offsets {
            // A FIN or a stall after the first event leaves the id known: the poll fallback must complete.
            let known = offset >= idDelivered
            cases.append(FaultCase(target: .create, fault: .close(at: offset), stream: stream, mustComplete: known))
            cases.append(FaultCase(target: .create, fault: .reset(at: offset), stream: stream, mustComplete: false))
        }
        for offset in offsets where offset % 4 == 0 || Self.exhaustive {
            cases.append(
                FaultCase(
                    target: .create, fault: .stall(at: offset), stream: stream,
                    mustComplete: offset >= idDelivered))
            cases.append(
                FaultCase(
                    target: .create, fault: .garbage(at: offset, count: 64, seed: UInt64(offset)),
                    stream: stream, mustComplete: false))
        }
        try await Self.expectAll(cases, name: "create faults")
    }

    @Test("a poll answer cut, reset, stalled or spoiled at any offset ends classified")
    func pollFaults() async throws {
        let stream = FaultScript.stream(terminal: false)
        let offsets = FaultScript.offsets(FaultScript.poll, stride: 4, exhaustive: Self.exhaustive)
        var cases: [FaultCase] = []
        for offset in offsets {
            cases.append(
                FaultCase(
                    target: .poll, fault: .close(at: offset), stream: stream,
                    mustComplete: offset == FaultScript.poll.count))
            cases.append(FaultCase(target: .poll, fault: .reset(at: offset), stream: stream, mustComplete: false))
        }
        for offset in offsets where offset % 4 == 0 || Self.exhaustive {
            cases.append(
                FaultCase(
                    target: .poll, fault: .stall(at: offset), stream: stream,
                    mustComplete: offset == FaultScript.poll.count))
            cases.append(
                FaultCase(
                    target: .poll, fault: .garbage(at: offset, count: 64, seed: UInt64(offset)),
                    stream: stream, mustComplete: false))
        }
        try await Self.expectAll(cases, name: "poll faults")
    }

    @Test("a server answering random bytes never crashes the client")
    func randomBytes() async throws {
        var cases: [FaultCase] = []
        var generator = SplitMix64(seed: 7)
        for seed in UInt64(1)...32 {
            let count = Int(generator.next() % 1024) + 1
            let stream = seed % 2 == 0 ? FaultScript.stream(terminal: true) : FaultScript.stream(terminal: false)
            let target: FaultCase.Target = seed % 4 < 2 ? .create : .both
            cases.append(
                FaultCase(
                    target: target, fault: .garbage(at: 0, count: count, seed: seed), stream: stream,
                    mustComplete: false))
        }
        try await Self.expectAll(cases, name: "random bytes")
    }

    // MARK: Running

    /// Runs every case (`width` at a time) and expects none to break the contract; prints the figures.
    static func expectAll(_ cases: [FaultCase], name: String) async throws {
        let clock = ContinuousClock()
        let started = clock.now
        var results: [(FaultCase, FaultRunResult)] = []
        try await withThrowingTaskGroup(of: (FaultCase, FaultRunResult).self) { group in
            var pending = cases[...]
            for _ in 0..<width {
                guard let next = pending.popFirst() else { break }
                group.addTask { (next, try await run(next)) }
            }
            while let finished = try await group.next() {
                results.append(finished)
                if let next = pending.popFirst() { group.addTask { (next, try await run(next)) } }
            }
        }
        var failures: [String] = []
        var endings: [String: Int] = [:]
        for (fault, result) in results {
            let problems = result.problems(mustComplete: fault.mustComplete, deadline: deadline)
            if !problems.isEmpty {
                failures.append(
                    "\(fault): \(problems.joined(separator: "; ")) — last line \(result.lines.last ?? "none")")
            }
            endings["exit \(result.exitCode.map(String.init) ?? "none")", default: 0] += 1
        }
        let summary = endings.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        print(
            "ClientUnderFaults \(name): \(results.count) cases in \(String(format: "%.1f", (clock.now - started).seconds)) s (\(summary))"
        )
        #expect(results.count == cases.count)
        #expect(
            failures.isEmpty,
            "\(failures.count) of \(cases.count) cases failed:\n\(failures.prefix(25).joined(separator: "\n"))")
    }

    /// One run of `skills-video create` in-process against a fresh fault server; nil exit code when it hung.
    static func run(_ fault: FaultCase) async throws -> FaultRunResult {
        let server = try FaultServer(plan: fault.plan)
        defer { server.stop() }
        let output = LineCollector()
        let arguments =
            [
                "create", "--base-url", server.baseURL, "--sse-endpoint", "/generation/sse/kling-ai/kling-v2.6",
                "--payload", "{\"prompt\":\"faults\"}",
            ] + timing
        let clock = ContinuousClock()
        let started = clock.now
        let exitCode = await withTaskGroup(of: Int32?.self) { group -> Int32? in
            group.addTask {
                await SkillsVideoCLI.run(
                    arguments: arguments, environment: ["SKILLS_VIDEO_API_KEY": "sk-test-faults"],
                    output: { output.append($0) })
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(deadline * 2))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        return FaultRunResult(
            exitCode: exitCode, lines: output.lines, seconds: (clock.now - started).seconds,
            requests: server.requests)
    }
}

extension Duration {
    /// The duration in seconds.
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
