import Testing

@testable import SkillsConformance

/// The baseline evidence normaliser: numbers, times and ids are shape, not content.
@Suite struct EvidenceShapeTests {
    @Test(arguments: [
        (
            "expected: GET /generation/gen_000000372b866aac after the create (seq 130); actual: no poll followed",
            "expected: GET /generation/gen_00000041aa01f00d after the create (seq 7); actual: no poll followed"
        ),
        (
            "expected: each gap ≥ 1.5 × the one before until the cap 800ms (≥ 83ms); actual: gaps 55ms, 51ms; gap 2 is 51ms",
            "expected: each gap ≥ 2.25 × the one before until the cap 16.0s (≥ 9ms); actual: gaps 1234ms, 5ms; gap 3 is 0.5s"
        ),
        (
            "actual: stderr line 3 contains the key (key:0a1b2c3d4e5f)",
            "actual: stderr line 12 contains the key (key:ffee00112233)"
        ),
        (
            "actual: key sk-test-demo--abcd1234 in run 3f2a1b4c-1234-4abc-9def-0123456789ab",
            "actual: key sk-test-demo--00ff99aa in run 00000000-0000-4000-8000-000000000000"
        ),
        ("expected: polls 3; actual:  2 poll request(s)", "expected: polls 10; actual: 0 poll request(s)"),
        ("actual: `terminal` event names id gen_demo_1", "actual: `terminal` event names id gen_0000000000000001"),
    ])
    func sameShapeWithOtherNumbersAndIDs(_ a: String, _ b: String) {
        #expect(EvidenceShape.sameShape(a, b), "\(EvidenceShape(a)) vs \(EvidenceShape(b))")
        #expect(EvidenceShape(a) == EvidenceShape(b))
    }

    @Test(arguments: [
        ("expected: creates 2; actual: 1 create request(s)", "expected: creates 2; actual: 1 poll request(s)"),
        ("expected: COMPLETED; actual: error/transient", "expected: COMPLETED; actual: error/auth"),
        ("expected: COMPLETED; actual: none", "expected: COMPLETED; actual: terminal FAILED"),
        (
            "actual: stream ended `reset` after 2 served event(s)",
            "actual: stream ended `close` after 2 served event(s)"
        ),
        ("actual: gaps 55ms, 51ms", "actual: gaps 55ms, 51ms, 50ms"),
    ])
    func differentWordingIsAnotherShape(_ a: String, _ b: String) {
        #expect(!EvidenceShape.sameShape(a, b), "\(EvidenceShape(a)) vs \(EvidenceShape(b))")
    }

    @Test func placeholders() {
        #expect(
            EvidenceShape.normalize("gaps 52ms, 1.2s after 429 (0.97 × 10.0s) at seq 7.")
                == "gaps {t}, {t} after {n} ({n} × {t}) at seq {n}.")
        #expect(
            EvidenceShape.normalize("GET /api/v1/generation/gen_00000026f3d1793c") == "GET /api/v1/generation/{gen}")
        #expect(
            EvidenceShape.normalize("key:0a1b2c3d4e5f and 3f2a1b4c-1234-4abc-9def-0123456789ab")
                == "key:{hex} and {uuid}")
        #expect(EvidenceShape.normalize("  IN_PROGRESS \t status  ") == "IN_PROGRESS status")
        // Words that only look numeric keep their letters: a status class, hex without digits, a short tag.
        #expect(EvidenceShape.normalize("5xx deadbeef ab12") == "5xx deadbeef ab12")
    }

    @Test func cutEvidenceMatchesWhatItKept() {
        let full =
            "expected: each gap ≥ 1.5 × the one before; actual: gaps 53ms, 51ms, 51ms, 51ms, 53ms (27 in all); gap 2 is 51ms"
        let cut = String(full.prefix(70)) + "…"  // cut inside a number, as `--write-baseline` may
        #expect(EvidenceShape(cut).truncated)
        #expect(EvidenceShape.sameShape(cut, full))
        #expect(EvidenceShape.sameShape(full, cut))
        let rerun = full.replacingOccurrences(of: "53ms", with: "1253ms")
        #expect(EvidenceShape.sameShape(cut, String(rerun.prefix(70)) + "…"), "a longer number moves the cut")
        #expect(!EvidenceShape.sameShape(cut, "expected: each gap ≥ 1.5 × the one before; actual: no retry"))
    }

    @Test func writtenEvidenceMatchesItsDetailOnAnIdenticalRerun() {
        let detail =
            "RETRY-2 \"Transient failures…\" expected: the poll gen_0000002e316376cd repeated after its transient failure (fault-reset); actual: no retry\nsecond line "
            + String(repeating: "x 12ms ", count: 60)
        let recorded = Baseline.evidence(of: detail)
        #expect(recorded.hasPrefix("expected: the poll"))
        #expect(recorded.hasSuffix("…"))
        #expect(recorded.count == 240)
        let rerun = detail.replacingOccurrences(of: "gen_0000002e316376cd", with: "gen_00000031aa00bb11")
        #expect(EvidenceShape.sameShape(recorded, Baseline.evidence(of: rerun)))
    }
}
