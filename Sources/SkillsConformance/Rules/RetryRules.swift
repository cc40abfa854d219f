import SkillsCore

/// RETRY-1, RETRY-2, RETRY-3: what the client repeats after a failure, and when.
enum RetryRules {
    /// More consecutive transient failures of one create than this is not a bounded number of tries.
    static let maxCreateTries = 10
    /// A retry gap must be at least this multiple of the previous one, until the cap.
    static let growthFloor = 1.5
    /// A retry gap above this multiple of the previous one is only too long (warn).
    static let growthCeiling = 3.0
    /// A gap within this share of the cap counts as at the cap.
    static let capTolerance = 0.9
    /// Absolute slack for clock noise when comparing gaps, in milliseconds.
    static let noiseMs = 10.0
    /// A first retry gap shorter than this share of the backoff base warns.
    static let firstGapShare = 0.5
    /// A gap shorter than this share of the `Retry-After` it follows warns.
    static let retryAfterTolerance = 0.95

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
            if let repeat_ = c.facts.entries.first(where: { $0.seq > answer.seq && $0.method == answer.method && $0.path == answer.path }) {
                return .fail(.retry1, expected: "no repeat of \(answer.method) \(answer.path) after its \(answer.status ?? 0)",
                             actual: "repeated at \(RunFacts.ms(repeat_.tMs)) (seq \(repeat_.seq)), \(RunFacts.ms(repeat_.tMs - RunFacts.failureTime(answer))) after the \(answer.status ?? 0)")
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
                if RunFacts.isTransientFailure(e) {
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

    /// The retry gaps of a chain: from each failure to the next attempt of the same call.
    static func gaps(_ chain: Chain) -> [Double] {
        let attempts = Array(chain.failures.dropFirst()) + (chain.next.map { [$0] } ?? [])
        return zip(chain.failures, attempts).map { $1.tMs - RunFacts.failureTime($0) }
    }

    /// The first items of a long list, then how many more.
    static func abbreviate(_ items: [String], limit: Int = 8) -> String {
        items.count <= limit ? items.joined(separator: ", ")
            : items.prefix(limit).joined(separator: ", ") + " … (\(items.count) in all)"
    }

    static func describe(_ failure: JournalEntry) -> String {
        if let s = failure.status { return "\(s)" }
        return failure.end?.rawValue ?? "fault"
    }

    /// RETRY-2: transient failures are retried with growing, capped gaps, a bounded number of times, then `transient`.
    static func retry2(_ c: RuleContext) -> RuleResult {
        let chains = chains(c.facts)
        guard !chains.isEmpty else { return .notApplicable(.retry2, "no transient failure (429, 5xx, reset, close, garbage, silence)") }
        let cap = c.timings.backoffMaxMs
        var warnings: [String] = []
        var summaries: [String] = []
        for chain in chains {
            let gaps = gaps(chain)
            let what = "\(chain.call) after \(abbreviate(chain.failures.map(describe)))"
            let gapText = gaps.isEmpty ? "no retry" : "gaps \(abbreviate(gaps.map(RunFacts.ms)))"
            summaries.append("\(what): \(gapText)")
            let isCreate = chain.call == "create"
            if isCreate, chain.failures.count > maxCreateTries {
                return .fail(.retry2, expected: "at most \(maxCreateTries) tries of the create, then `transient`",
                             actual: "\(chain.failures.count) consecutive transient failures (\(gapText))")
            }
            if chain.next == nil {
                let idSeen = c.facts.seenIDs.contains { $0.tMs <= RunFacts.failureTime(chain.failures[0]) }
                if c.record.killedAtDeadline {
                    return .fail(.retry2, expected: "a bounded number of tries, then `transient`",
                                 actual: "still retrying \(what) when killed at the hard deadline (\(gapText))")
                }
                if chain.failures.count == 1 {
                    let excused = isCreate ? idSeen : c.outcome.kind == .timeout
                    if !excused {
                        return .fail(.retry2, expected: "the \(chain.call) repeated after its transient failure (\(describe(chain.failures[0])))",
                                     actual: "no retry; outcome \(c.outcome.summary)")
                    }
                } else if isCreate, !(c.outcome.kind == .error && c.outcome.category == ErrorCategory.transient.rawValue) {
                    return .fail(.retry2, expected: "outcome `transient` after giving up (\(chain.failures.count) tries)",
                                 actual: "outcome \(c.outcome.summary)")
                }
            }
            if let first = gaps.first, c.facts.retryAfterMs(chain.failures[0]) == nil,
               first + noiseMs < firstGapShare * c.timings.backoffBaseMs {
                warnings.append("\(what): first retry after \(RunFacts.ms(first)), under half the backoff base \(RunFacts.ms(c.timings.backoffBaseMs))")
            }
            for k in gaps.indices.dropFirst() {
                if c.facts.retryAfterMs(chain.failures[k]) != nil || c.facts.retryAfterMs(chain.failures[k - 1]) != nil { continue }
                let floor = min(growthFloor * gaps[k - 1], capTolerance * cap)
                if gaps[k] + noiseMs < floor {
                    return .fail(.retry2, expected: "each gap ≥ 1.5 × the one before until the cap \(RunFacts.ms(cap)) (≥ \(RunFacts.ms(floor)))",
                                 actual: "\(what): \(gapText); gap \(k + 1) is \(RunFacts.ms(gaps[k]))")
                }
                if gaps[k] > growthCeiling * (gaps[k - 1] + noiseMs), gaps[k] > cap || gaps[k - 1] < capTolerance * cap {
                    warnings.append("\(what): gap \(k + 1) of \(RunFacts.ms(gaps[k])) is more than \(Int(growthCeiling))× the previous \(RunFacts.ms(gaps[k - 1]))")
                } else if gaps[k] > 1.5 * cap, cap > 0 {
                    warnings.append("\(what): gap \(k + 1) of \(RunFacts.ms(gaps[k])) exceeds the cap \(RunFacts.ms(cap))")
                }
            }
        }
        if !warnings.isEmpty {
            return .warn(.retry2, expected: "each gap about twice the last, capped at \(RunFacts.ms(cap))",
                         actual: warnings.joined(separator: "; "))
        }
        return .pass(.retry2, summaries.joined(separator: "; "))
    }

    /// RETRY-3: the attempt after an answer with `Retry-After` waits at least that long (warn if not).
    static func retry3(_ c: RuleContext) -> RuleResult {
        var judged: [String] = []
        for chain in chains(c.facts) {
            let attempts = Array(chain.failures.dropFirst()) + (chain.next.map { [$0] } ?? [])
            for (failure, next) in zip(chain.failures, attempts) {
                guard let wait = c.facts.retryAfterMs(failure) else { continue }
                let gap = next.tMs - RunFacts.failureTime(failure)
                if gap < retryAfterTolerance * wait {
                    return .warn(.retry3, expected: "wait at least Retry-After \(RunFacts.ms(wait)) before repeating \(chain.call)",
                                 actual: "repeated after \(RunFacts.ms(gap))")
                }
                judged.append("\(chain.call): waited \(RunFacts.ms(gap)) for Retry-After \(RunFacts.ms(wait))")
            }
        }
        if judged.isEmpty { return .notApplicable(.retry3, "no answer with Retry-After was followed by a repeat") }
        return .pass(.retry3, judged.joined(separator: "; "))
    }
}
