import SkillsCore

#if canImport(FuzzHarness)
    import FuzzHarness
#endif
#if canImport(SkillsConformance)
    import SkillsConformance
#endif

/// The invariants the runner's outcome reader must keep on any client output.
enum OutcomeReaderProperties {
    /// Every broken invariant for `input`, read as a client's output (lines split on LF).
    ///
    /// - reading never fails, and the outcome is the last line holding a final event (`terminal`,
    ///   `timeout`, `error`), with its 0-based index, or none when no line holds one;
    /// - the classifier's category is used exactly when the outcome needs it, and the exit code passes through;
    /// - lines that are not JSON objects change nothing; a final event printed last always wins;
    /// - the derived texts (summary, seed exit code, matching) are total.
    static func check(_ input: [UInt8]) -> [FuzzViolation] {
        var findings = FuzzFindings()
        let lines = String(decoding: input, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        let finalLines = lines.indices.filter { index in
            guard let object = OutcomeReader.jsonObject(lines[index]), let name = object["event"]?.stringValue else {
                return false
            }
            return OutcomeReader.finalEvents.contains(name)
        }
        let plain = OutcomeReader.read(lines: lines, classified: nil, exitCode: nil)
        findings.expect(
            plain.line == finalLines.last, "the outcome comes from the last final event",
            "line \(String(describing: plain.line)), final events on \(finalLines.suffix(4))")
        findings.expect(
            (plain.kind == .none) == finalLines.isEmpty, "no outcome exactly when no final event",
            "\(plain.kind) with \(finalLines.count) final events")
        findings.expect(
            plain.exit == nil && !plain.categoryFromClassifier, "nothing is invented without a classifier",
            "\(plain)")
        let classified = OutcomeReader.read(lines: lines, classified: "transient", exitCode: 24)
        findings.expect(classified.exit == 24, "the exit code passes through", "\(classified)")
        if OutcomeReader.needsClassifier(plain) {
            findings.expect(
                classified.kind == .error && classified.category == "transient"
                    && classified.categoryFromClassifier,
                "the classifier answers when the output has no usable final event", "\(classified)")
        } else {
            var expected = plain
            expected.exit = 24
            findings.expect(
                classified == expected, "the classifier is not asked when the output answers",
                "\(classified) vs \(plain)")
        }
        let emptyClassifier = OutcomeReader.read(lines: lines, classified: "", exitCode: nil)
        findings.expect(emptyClassifier == plain, "an empty classifier answer counts as none", "\(emptyClassifier)")
        let withJunk = OutcomeReader.read(
            lines: lines + ["not json {", "[1,2]", "{\"event\": 3}"], classified: nil,
            exitCode: nil)
        findings.expect(withJunk == plain, "lines that are no final event change nothing", "\(withJunk) vs \(plain)")
        let timedOut = OutcomeReader.read(lines: lines + ["{\"event\":\"timeout\"}"], classified: nil, exitCode: nil)
        findings.expect(
            timedOut.kind == .timeout && timedOut.line == lines.count, "a final event printed last wins",
            "\(timedOut)")
        for outcome in [plain, classified] {
            findings.expect(!outcome.summary.isEmpty, "the summary is never empty", "\(outcome)")
            if let code = outcome.seedExitCode {
                findings.expect(
                    [0, 1, 10, 11, 20, 21, 22, 23, 24, 25].contains(code),
                    "the seed exit code is one of the seed's", "\(code) for \(outcome)")
            }
            _ = outcome.matches(expected: outcome.summary)
            _ = outcome.normalizedStatus
        }
        return findings.violations
    }
}
