import SkillsCore

/// RETRY-1, RETRY-2, RETRY-3: what the client repeats after a failure, and when.
enum RetryRules {
    /// More consecutive transient failures of one call than this is not a bounded number of tries (SPEC 6).
    static let maxTries = 10
    /// Without a known backoff, each retry gap must be at least this multiple of the one before, until the cap.
    static let growthFloor = 1.5
    /// A first retry gap shorter than this share of the default backoff base warns (when the client was not told it).
    static let firstGapShare = 0.5
    /// A gap longer than this multiple of what was due (or of the gap before) is only too long: it warns.
    static let growthCeiling = 3.0

    /// The request's call: all creates are one call, polls one call per id, others by method and path.
    static func callKey(_ e: JournalEntry) -> String {
        if e.kind.isCreate { return "create" }
        if e.kind == .poll { return "poll " + RunFacts.polledID(e) }
        return e.method + " " + e.path
    }

    /// RETRY-1: after 400/401/402/404/422 the same method and path is not requested again.
    static func retry1(_ c: RuleContext) -> RuleResult {
        let finals = c.facts.entries.filter { $0.status.map(ScenarioFacts.finalErrorStatuses.contains) ?? false }
        guard !finals.isEmpty else { return .notApplicable(.retry1, "no 400, 401, 402, 404 or 422 answer") }
        for answer in finals {
            if let repeated = c.facts.entries.first(where: {
                $0.seq > answer.seq && $0.method == answer.method && $0.path == answer.path
            }) {
                return .fail(
                    .retry1, expected: "no repeat of \(answer.method) \(answer.path) after its \(answer.status ?? 0)",
                    actual:
                        "repeated at \(RunFacts.ms(repeated.tMs)) (seq \(repeated.seq)), \(RunFacts.ms(repeated.tMs - c.facts.failureTime(answer))) after the \(answer.status ?? 0)"
                )
            }
        }
        let list = finals.map { "\($0.method) \($0.path) → \($0.status ?? 0)" }.joined(separator: "; ")
        return .pass(.retry1, "not repeated: \(list)")
    }

    /// One run of consecutive transient failures of one call, and the attempt that followed (if any).
    struct Chain {
        var failures: [JournalEntry]
        var next: JournalEntry?
        var call: String

        var isCreate: Bool { call == "create" }
        /// The attempts that followed each failure.
        var attempts: [JournalEntry] { Array(failures.dropFirst()) + (next.map { [$0] } ?? []) }
    }

    static func chains(_ facts: RunFacts) -> [Chain] {
        var byCall: [String: [JournalEntry]] = [:]
        var order: [String] = []
        for e in facts.entries where e.kind.isCreate || e.kind == .poll {
            let key = callKey(e)
            if byCall[key] == nil { order.append(key) }
            byCall[key, default: []].append(e)
        }
        var result: [Chain] = []
        for key in order {
            var current: [JournalEntry] = []
            for e in byCall[key] ?? [] {
                if facts.isTransientFailure(e) {
                    current.append(e)
                } else if !current.isEmpty {
                    result.append(Chain(failures: current, next: e, call: key))
                    current = []
                }
            }
            if !current.isEmpty { result.append(Chain(failures: current, next: nil, call: key)) }
        }
        return result
    }

    /// The retry gaps of a chain: from the moment the client saw each failure to the next attempt's arrival.
    static func gaps(_ chain: Chain, _ facts: RunFacts) -> [Double] {
        zip(chain.failures, chain.attempts).map { $1.tMs - facts.failureTime($0) }
    }

    /// The first items of a long list, then how many more.
    static func abbreviate(_ items: [String], limit: Int = 8) -> String {
        items.count <= limit
            ? items.joined(separator: ", ")
            : items.prefix(limit).joined(separator: ", ") + " … (\(items.count) in all)"
    }

    static func describe(_ failure: JournalEntry, _ facts: RunFacts) -> String {
        facts.transientFailures[failure.seq]?.label ?? failure.status.map(String.init) ?? failure.end?.rawValue
            ?? "fault"
    }

    /// The gap the k-th retry (0-based `k`) of a chain must reach, or nil when nothing is due.
    ///
    /// With the backoff the runner gave the client: `min(cap, base × 2^k)`. Without: 1.5 × the gap before,
    /// capped, where a gap that followed a `Retry-After` counts as the one before; the gap after a
    /// `Retry-After` itself is RETRY-3's.
    static func due(_ k: Int, gaps: [Double], chain: Chain, _ c: RuleContext) -> Double? {
        let cap = c.timings.backoffMaxMs
        if c.record.backoffGiven {
            return min(cap, c.timings.backoffBaseMs * Double(1 << min(k, 40)))
        }
        guard k > 0, c.facts.retryAfterMs(chain.failures[k]) == nil else { return nil }
        return min(cap, growthFloor * gaps[k - 1])
    }

    /// RETRY-2: transient failures are retried with growing, capped gaps, a bounded number of times, then `transient`.
    static func retry2(_ c: RuleContext) -> RuleResult {
        let chains = c.chains
        guard !chains.isEmpty else {
            return .notApplicable(
                .retry2, "no transient failure (429, 5xx, a fault, a create ended before any id, an abandoned request)")
        }
        let cap = c.timings.backoffMaxMs
        let schedule =
            c.record.backoffGiven
            ? "backoff base \(RunFacts.ms(c.timings.backoffBaseMs)), doubling, cap \(RunFacts.ms(cap))"
            : "each gap ≥ 1.5 × the one before, cap \(RunFacts.ms(cap))"
        var warnings: [String] = []
        var summaries: [String] = []
        for chain in chains {
            let gaps = gaps(chain, c.facts)
            let what = "\(chain.call) after \(abbreviate(chain.failures.map { describe($0, c.facts) }))"
            let gapText = gaps.isEmpty ? "no retry" : "gaps \(abbreviate(gaps.map(RunFacts.ms)))"
            summaries.append("\(what): \(gapText)")
            if chain.failures.count > maxTries {
                return .fail(
                    .retry2, expected: "at most \(maxTries) consecutive tries of the \(chain.call), then `transient`",
                    actual: "\(chain.failures.count) consecutive transient failures (\(gapText))")
            }
            if let failed = unretried(chain, what: what, gapText: gapText, c) { return failed }
            for k in gaps.indices {
                guard let due = due(k, gaps: gaps, chain: chain, c) else { continue }
                if GapTolerance.isShort(gapMs: gaps[k], dueMs: due) {
                    return .fail(
                        .retry2,
                        expected:
                            "retry \(k + 1) of the \(chain.call) at least \(RunFacts.preciseMs(due)) after the failure it follows (\(schedule)): \(GapTolerance.describe(dueMs: due))",
                        actual: "\(what): \(gapText); gap \(k + 1) is \(RunFacts.preciseMs(gaps[k]))")
                }
            }
            if !c.record.backoffGiven, let first = gaps.first, c.facts.retryAfterMs(chain.failures[0]) == nil,
                first < firstGapShare * ClientTimings.defaults.backoffBaseMs * c.timings.timeScale
            {
                warnings.append("\(what): first retry after \(RunFacts.ms(first)), under half the default backoff base")
            }
            for (k, gap) in gaps.enumerated() where c.facts.retryAfterMs(chain.failures[k]) == nil {
                let reference =
                    c.record.backoffGiven ? due(k, gaps: gaps, chain: chain, c) : (k > 0 ? gaps[k - 1] : nil)
                if let reference, reference > 0, gap > growthCeiling * max(reference, 1) {
                    warnings.append(
                        "\(what): gap \(k + 1) of \(RunFacts.ms(gap)) is over \(Int(growthCeiling)) × \(RunFacts.ms(reference))"
                    )
                }
            }
        }
        if !warnings.isEmpty {
            return .warn(
                .retry2, expected: "each gap about twice the last, capped at \(RunFacts.ms(cap))",
                actual: warnings.joined(separator: "; "))
        }
        return .pass(.retry2, "\(schedule); " + summaries.joined(separator: "; "))
    }

    /// The verdict on a chain that was not followed by another attempt: a single failure must be retried, and
    /// a client that gave up reports `transient` (or `timeout`, for polls that outlived the poll timeout).
    static func unretried(_ chain: Chain, what: String, gapText: String, _ c: RuleContext) -> RuleResult? {
        guard chain.next == nil else { return nil }
        if c.record.killedAtDeadline {
            return .fail(
                .retry2, expected: "a bounded number of tries, then `transient`",
                actual: "still retrying \(what) when killed at the hard deadline (\(gapText))")
        }
        let failedAt = c.facts.failureTime(chain.failures[0])
        let timedOut = !chain.isCreate && c.outcome.kind == .timeout
        let transient = c.outcome.kind == .error && c.outcome.category == ErrorCategory.transient.rawValue
        if chain.failures.count == 1 {
            let idSeenBefore = chain.isCreate && c.facts.seenIDs.contains { $0.tMs <= failedAt }
            if !(timedOut || idSeenBefore) {
                return .fail(
                    .retry2,
                    expected:
                        "the \(chain.call) repeated after its transient failure (\(describe(chain.failures[0], c.facts)))",
                    actual: "no retry; outcome \(c.outcome.summary)")
            }
        } else if !(transient || timedOut) {
            return .fail(
                .retry2, expected: "outcome `transient` after giving up (\(chain.failures.count) tries)",
                actual: "outcome \(c.outcome.summary)")
        }
        return nil
    }

    /// RETRY-3: the attempt after an answer with `Retry-After` waits at least that long (warn if not).
    static func retry3(_ c: RuleContext) -> RuleResult {
        var judged: [String] = []
        for chain in c.chains {
            for (failure, next) in zip(chain.failures, chain.attempts) {
                guard let wait = c.facts.retryAfterMs(failure) else { continue }
                let gap = next.tMs - c.facts.failureTime(failure)
                if GapTolerance.isShort(gapMs: gap, dueMs: wait) {
                    return .warn(
                        .retry3,
                        expected:
                            "wait at least Retry-After \(RunFacts.ms(wait)) before repeating \(chain.call): \(GapTolerance.describe(dueMs: wait))",
                        actual: "repeated after \(RunFacts.preciseMs(gap))")
                }
                judged.append("\(chain.call): waited \(RunFacts.ms(gap)) for Retry-After \(RunFacts.ms(wait))")
            }
        }
        if judged.isEmpty { return .notApplicable(.retry3, "no answer with Retry-After was followed by a repeat") }
        return .pass(.retry3, judged.joined(separator: "; "))
    }
}
