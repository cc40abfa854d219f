import SkillsCore

/// AUTH-1, AUTH-2, SEC-1: the API key on the wire and in the output.
enum KeyRules {
    /// AUTH-1: every request of a keyed run carries `Authorization: Bearer <the run's key>`.
    static func auth1(_ c: RuleContext) -> RuleResult {
        guard let key = c.record.key else { return .notApplicable(.auth1, "the run has no API key") }
        let entries = c.facts.entries
        guard !entries.isEmpty else { return .notApplicable(.auth1, "no request reached the server") }
        let fingerprint = KeyFingerprint.of(key)
        for e in entries {
            let auth = e.header("Authorization") ?? ""
            let bearer = auth.lowercased().hasPrefix("bearer ")
            if !bearer || e.key != fingerprint {
                let shown = auth.isEmpty ? "no Authorization header" : "Authorization: \(auth)"
                return .fail(
                    .auth1, expected: "Authorization: Bearer \(fingerprint) on every request",
                    actual: "\(e.method) \(e.path) (seq \(e.seq)) with \(shown)")
            }
        }
        return .pass(.auth1, "\(entries.count) request(s), each with Bearer \(fingerprint)")
    }

    /// AUTH-2: with no key, outcome `missing_key`, no request, and output naming `SKILLS_VIDEO_API_KEY`.
    static func auth2(_ c: RuleContext) -> RuleResult {
        guard c.record.key == nil else { return .notApplicable(.auth2, "the run has an API key") }
        if c.outcome.kind != .missingKey {
            return .fail(.auth2, expected: "outcome missing_key", actual: "outcome \(c.outcome.summary)")
        }
        if let first = c.facts.entries.first {
            return .fail(
                .auth2, expected: "no request to the server",
                actual: "\(c.facts.entries.count) request(s), first \(first.method) \(first.path)")
        }
        guard c.record.output.contains(where: { $0.text.contains("SKILLS_VIDEO_API_KEY") }) else {
            return .fail(
                .auth2, expected: "setup guidance naming SKILLS_VIDEO_API_KEY", actual: "no output line names it")
        }
        return .pass(.auth2, "missing_key, no request, guidance names SKILLS_VIDEO_API_KEY")
    }

    /// SEC-1: the key never appears in anything the client printed.
    static func sec1(_ c: RuleContext) -> RuleResult {
        guard let key = c.record.key, !key.isEmpty else { return .notApplicable(.sec1, "the run has no API key") }
        if let index = c.record.output.firstIndex(where: { $0.text.contains(key) }) {
            let line = c.record.output[index]
            return .fail(
                .sec1, expected: "the key never printed",
                actual: "\(line.stream.rawValue) line \(index + 1) contains the key (\(KeyFingerprint.of(key)))")
        }
        return .pass(.sec1, "key absent from \(c.record.output.count) output line(s)")
    }
}
