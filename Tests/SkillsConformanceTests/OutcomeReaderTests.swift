import Testing

@testable import SkillsConformance

@Suite struct OutcomeReaderTests {
    @Test func lastFinalEventWinsWhereverItStands() {
        let lines = [
            "{\"event\":\"start\"}", "{\"event\":\"terminal\",\"status\":\"COMPLETED\",\"ok\":true}",
            "{\"event\":\"fallback_polling_end\",\"exit_code\":0}", "garbage <not json>",
        ]
        let o = OutcomeReader.read(lines: lines, classified: nil, exitCode: 0)
        #expect(o.kind == .terminal)
        #expect(o.status == "COMPLETED")
        #expect(o.ok == true)
        #expect(o.exit == 0)
        #expect(o.line == 1)
    }

    @Test func statusIsFoundInTheNestedResponseBySeedKeys() {
        let line = "{\"event\":\"terminal\",\"ok\":false,\"response\":{\"data\":{\"queueState\":\"cancelled\"}}}"
        let o = OutcomeReader.read(lines: [line], classified: nil, exitCode: 10)
        #expect(o.status == "cancelled")
        #expect(o.normalizedStatus == "CANCELED")
        #expect(o.matches(expected: "CANCELED"))
        #expect(o.seedExitCode == 10)
    }

    @Test func missingKeyTimeoutAndCategories() {
        #expect(
            OutcomeReader.read(
                lines: ["{\"event\":\"error\",\"error\":\"missing_api_key\"}"], classified: nil, exitCode: 1
            ).kind == .missingKey)
        #expect(OutcomeReader.read(lines: ["{\"event\":\"timeout\"}"], classified: nil, exitCode: 11).kind == .timeout)
        let e = OutcomeReader.read(
            lines: ["{\"event\":\"error\",\"category\":\"auth\"}"], classified: "transient", exitCode: 21)
        #expect(e.kind == .error)
        #expect(e.category == "auth")
        #expect(!e.categoryFromClassifier)
    }

    @Test func classifierFillsInWhenNoFinalEventOrNoCategory() {
        let none = OutcomeReader.read(
            lines: ["{\"event\":\"poll_error\",\"http_status\":402}"], classified: "insufficient_credits", exitCode: 12)
        #expect(none.kind == .error)
        #expect(none.category == "insufficient_credits")
        #expect(none.categoryFromClassifier)
        let uncategorised = OutcomeReader.read(
            lines: ["{\"event\":\"error\",\"error\":\"missing_generation_id\"}"], classified: "auth", exitCode: 3)
        #expect(uncategorised.category == "auth")
        #expect(OutcomeReader.read(lines: ["{\"event\":\"poll\"}"], classified: nil, exitCode: 0).kind == .none)
    }

    @Test func badLinesAreNeverFatal() {
        let lines = ["", "{", "[1,2]", "\u{0}\u{1}binary", "{\"event\":42}", "{\"event\":\"terminal\"}"]
        let o = OutcomeReader.read(lines: lines, classified: nil, exitCode: nil)
        #expect(o.kind == .terminal)
        #expect(o.status == nil)
        #expect(o.seedExitCode == nil)
    }
}
