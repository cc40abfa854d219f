import SkillsCore

/// A create or poll that failed in a way the client must retry (SPEC 6, RETRY-2), and when it saw it fail. Pure.
struct TransientFailure: Sendable, Equatable {
    /// How the call failed.
    enum Kind: String, Sendable, Equatable {
        /// A 429 or 5xx answer (as the seed's table classifies it: credit words on a 5xx are not transient).
        case httpStatus = "http"
        /// A reset, close, garbage or silence before any answer.
        case fault
        /// A create whose stream or body ended (close, reset, truncate, hang, client hang-up) before any id.
        case endedBeforeID = "ended-before-id"
        /// The client hung up before the answer came.
        case abandoned
    }

    var kind: Kind
    /// Server-clock milliseconds of the moment the client must have seen the failure: the failing answer
    /// written, the server's reset or close, or the client's own hang-up as the server saw it.
    var seenMs: Double
    /// Short text for verdicts: `503`, `fault-reset`, `reset before any id`, `abandoned`.
    var label: String

    /// The entry's transient failure, if it is one; `carriedID` says whether its answer gave the client an id.
    init?(_ entry: JournalEntry, carriedID: Bool) {
        if let status = entry.status {
            if !(200..<300).contains(status) {
                guard ErrorClassifier.classify(status: status, body: entry.responseBody ?? "") == .transient else {
                    return nil
                }
                self.init(kind: .httpStatus, seenMs: entry.answeredMs ?? entry.tMs, label: "\(status)")
                return
            }
            guard entry.kind.isCreate, !carriedID, let end = entry.end, let ended = entry.endedMs else { return nil }
            switch end {
            case .close, .reset, .truncate, .hang, .clientClosed:
                self.init(kind: .endedBeforeID, seenMs: ended, label: "\(end.rawValue) before any id")
            case .complete, .faultReset, .faultClose, .faultGarbage, .faultSilent:
                return nil
            }
            return
        }
        guard let end = entry.end else { return nil }
        let ended = entry.endedMs ?? entry.tMs
        switch end {
        case .faultReset, .faultClose, .faultGarbage, .faultSilent:
            self.init(kind: .fault, seenMs: ended, label: end.rawValue)
        case .clientClosed, .hang, .close, .reset, .truncate:
            self.init(kind: .abandoned, seenMs: ended, label: "abandoned before its answer")
        case .complete:
            return nil
        }
    }

    init(kind: Kind, seenMs: Double, label: String) {
        self.kind = kind
        self.seenMs = seenMs
        self.label = label
    }
}
