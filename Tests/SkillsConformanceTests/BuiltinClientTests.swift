import SkillsCore
import Testing

@testable import SkillsConformance

@Suite struct BuiltinClientTests {
    static let invocation = ClientInvocation(
        baseURL: "http://127.0.0.1:1/api/v1", model: "kling-ai/kling-v2.6",
        payload: ["prompt": "x"], timings: J.timings, key: nil, deadline: .seconds(5))

    @Test func argumentsCarryTheScaledTimingsInSeconds() {
        let args = BuiltinClient().arguments(Self.invocation)
        func value(_ option: String) -> String? { args.firstIndex(of: option).map { args[$0 + 1] } }
        #expect(args.first == "create")
        #expect(value("--sse-endpoint") == "/generation/sse/kling-ai/kling-v2.6")
        #expect(value("--poll-interval") == "0.1")
        #expect(value("--poll-timeout") == "1")
        #expect(value("--sse-idle-timeout") == "0.5")
        #expect(value("--backoff-base") == "0.05")
        #expect(value("--backoff-max") == "0.8")
        #expect(value("--payload") == "{\"prompt\":\"x\"}")
    }

    @Test func withoutAKeyTheBuiltinPrintsGuidanceAndExits1() async {
        let lines = OutputRecorder(clock: MonotonicClock())
        let end = await BuiltinClient().run(Self.invocation) { lines.record($0, $1) }
        #expect(end == ClientEnd(exitCode: 1, killedAtDeadline: false))
        #expect(OutcomeReader.read(lines: lines.lines.map(\.text), classified: nil, exitCode: 1).kind == .missingKey)
    }

    @Test func deadlineRaceTakesWhicheverComesFirst() async {
        let finished = DeadlineRace<Int32>()
        finished.finish(7)
        finished.expire()
        #expect(await finished.value == 7)
        let expired = DeadlineRace<Int32>()
        expired.expire()
        expired.finish(3)
        #expect(await expired.value == nil)
    }

    @Test func secondsAreShortDecimals() {
        #expect(ClientTimings.seconds(50) == "0.05")
        #expect(ClientTimings.seconds(1500) == "1.5")
        #expect(ClientTimings.seconds(30_000) == "30")
        #expect(ClientTimings.seconds(1) == "0.001")
    }
}
