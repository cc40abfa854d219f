import SkillsCore

/// Draws chaos plans and scenarios from a seed (SPEC 11). Pure: the same seed and index give the same scenario,
/// byte for byte, and each index is drawn independently of the others.
///
/// The grammar and the expectations derived from it are documented on `ChaosPlan`.
public struct ChaosGenerator: Sendable {
    /// The seed every plan is drawn from.
    public var seed: UInt64
    /// Share of runs with no API key (besides plan `keylessSlot` of every `quotaPeriod`); 0 means none at all.
    public var keylessShare = 0.02
    /// Share of keyed runs whose first transient status failure carries a `Retry-After` (such runs run at time
    /// scale 1, so they are kept rare).
    public var retryAfterShare = 0.02

    /// Every this many plans, one is keyless and one sends a `Retry-After`, whatever the draws: a run of 50 or
    /// more covers both (a share of 2 % alone left 150 plans of a seed without a keyless run).
    public static let quotaPeriod = 50
    /// The index (modulo `quotaPeriod`) of the plan that is always keyless.
    static let keylessSlot = 17
    /// The index (modulo `quotaPeriod`) of the plan that always sends a `Retry-After`.
    static let retryAfterSlot = 33

    /// A generator for `seed`.
    public init(seed: UInt64) {
        self.seed = seed
    }

    /// The first `count` scenarios of the seed.
    public func scenarios(count: Int) -> [Scenario] {
        (0..<max(0, count)).map { plan(at: $0).scenario }
    }

    /// Plan number `index` of the seed.
    public func plan(at index: Int) -> ChaosPlan {
        var draw = Draw(random: ChaosRandom(seed: seed, index: index))
        let slot = index % Self.quotaPeriod
        // A share of 0 turns keyless runs off entirely, the quota slot included (serve --chaos: a key was sent).
        if keylessShare > 0,
            (draw.random.chance(keylessShare) && slot != Self.retryAfterSlot) || slot == Self.keylessSlot
        {
            return ChaosPlan(seed: seed, index: index, keyless: true, createEnd: .stream(draw.finishingStream()))
        }
        var plan = ChaosPlan(seed: seed, index: index, createEnd: .json)
        let failures = draw.random.weighted([(0, 45), (1, 30), (2, 15), (3, 10)])
        plan.createFailures = (0..<failures).map { _ in draw.createFailure() }
        let ends: [(ChaosCreateEnd, Int)] = [
            (.finalError(code: 0, body: ChaosErrorBody("")), 12), (.giveUp(.fault(.reset)), 4), (.json, 10),
            (.stream(ChaosStream(items: [])), 74),
        ]
        plan.createEnd = draw.random.weighted(ends)
        switch plan.createEnd {
        case .finalError:
            let (code, body) = draw.finalError()
            plan.createEnd = .finalError(code: code, body: body)
        case .giveUp:
            plan.createEnd = .giveUp(draw.fastFailure())
        case .json:
            break
        case .stream:
            plan.createEnd = .stream(draw.random.chance(0.35) ? draw.finishingStream() : draw.pollingStream())
        }
        var consecutive = 0
        for _ in 0..<draw.random.weighted([(0, 30), (1, 25), (2, 20), (3, 15), (4, 10)]) {
            if consecutive < 3 && draw.random.chance(0.35) {
                plan.polls.append(.failure(draw.pollFailure()))
                consecutive += 1
            } else {
                plan.polls.append(.pending(draw.random.pick(Draw.pendingStatuses)))
                consecutive = 0
            }
        }
        switch draw.random.weighted([(0, 80), (1, 13), (2, 7)]) {
        case 0: plan.pollEnd = .terminal(draw.random.pick(Draw.terminalSpellings))
        case 1:
            let (code, body) = draw.finalError()
            plan.pollEnd = .finalError(code: code, body: body)
        default: plan.pollEnd = .never
        }
        if index % Self.quotaPeriod == Self.retryAfterSlot, !plan.allFailures.contains(where: \.isStatus) {
            if plan.createFailures.count == 3 { plan.createFailures.removeLast() }
            plan.createFailures.insert(draw.statusFailure(), at: 0)
        }
        if draw.random.chance(retryAfterShare) || index % Self.quotaPeriod == Self.retryAfterSlot,
            let first = plan.allFailures.firstIndex(where: \.isStatus)
        {
            let form = draw.random.int(0...3)
            plan.setRetryAfter(onFailure: first, form < 2 ? .seconds(form) : .date(offsetSeconds: form == 2 ? 2 : -10))
        }
        return plan
    }

    /// The random choices of one plan.
    struct Draw {
        var random: ChaosRandom

        static let pendingStatuses = ["IN_QUEUE", "IN_PROGRESS", "starting", "processing"]
        static let terminalSpellings = [
            "COMPLETED", "completed", "Completed", "SUCCEEDED", "succeeded", "FAILED", "failed",
            "CANCELED", "canceled", "CANCELLED", "cancelled",
        ]
        static let eventNames: [String?] = [
            nil, nil, "status", "status", "message", "progress", "completed", "done",
            "failed", "update",
        ]
        static let transientMessages = [
            "Service unavailable", "upstream busy", "Too many requests, slow down",
            "Bad gateway", "Gateway timeout", "internal error, try again",
        ]
        static let finalErrors: [(Int, [String])] = [
            (
                400,
                ["Bad request: prompt must not be empty", "Invalid request", "bad request: top up your balance first"]
            ),
            (401, ["Unauthorized", "Invalid API key"]),
            (402, ["Insufficient credits", "Payment required", "Not enough credits for this generation"]),
            (404, ["Model not found", "No such generation"]),
            (422, ["Validation failed: duration must be one of 5, 10", "Unprocessable entity"]),
        ]

        mutating func errorBody(_ message: String) -> ChaosErrorBody {
            ChaosErrorBody(
                message, shape: random.weighted([(ChaosErrorBody.Shape.message, 6), (.nested, 2), (.text, 2)]))
        }

        mutating func finalError() -> (Int, ChaosErrorBody) {
            let (code, messages) = random.pick(Self.finalErrors)
            return (code, errorBody(random.pick(messages)))
        }

        mutating func statusFailure() -> ChaosFailure {
            .status(
                code: random.pick([429, 500, 502, 503, 503, 504]), body: errorBody(random.pick(Self.transientMessages)),
                retryAfter: nil)
        }

        /// A failure that costs no timeout (for give-up chains).
        mutating func fastFailure() -> ChaosFailure {
            random.chance(0.6) ? statusFailure() : .fault(random.pick([Fault.reset, .close, .garbage]))
        }

        mutating func createFailure() -> ChaosFailure {
            switch random.weighted([(0, 45), (1, 30), (2, 25)]) {
            case 0: return statusFailure()
            case 1: return .fault(random.weighted([(Fault.reset, 3), (.close, 3), (.garbage, 3), (.silent, 1)]))
            default: return .brokenStream(brokenStream())
            }
        }

        mutating func pollFailure() -> ChaosFailure {
            random.chance(0.6)
                ? statusFailure()
                : .fault(random.weighted([(Fault.reset, 3), (.close, 3), (.garbage, 3), (.silent, 1)]))
        }

        mutating func event(_ status: String, carriesID: Bool) -> ChaosStreamItem.Event {
            ChaosStreamItem.Event(
                status: status, carriesID: carriesID, name: random.pick(Self.eventNames),
                sseID: random.chance(0.2) ? String(random.int(1...99)) : nil,
                retry: random.chance(0.1) ? random.int(1...5) * 1000 : nil)
        }

        mutating func item(_ event: ChaosStreamItem.Event?, style: ChaosStream.LineStyle) -> ChaosStreamItem {
            let raw = style != .lf
            return ChaosStreamItem(
                event: event, delayMs: random.pick([0, 0, 10, 20, 40, 80, 150]),
                splitPermille: raw && random.chance(0.3) ? random.int(1...999) : nil,
                dribble: random.chance(0.05))
        }

        /// Non-terminal events with heartbeats between; the id is carried from event `idFrom` on (nil: never).
        mutating func pendingItems(count: Int, idFrom: Int?, style: ChaosStream.LineStyle) -> [ChaosStreamItem] {
            var items: [ChaosStreamItem] = []
            for position in 0..<count {
                if random.chance(0.25) { items.append(item(nil, style: style)) }
                let carries = idFrom.map { position >= $0 } ?? false
                items.append(item(event(random.pick(Self.pendingStatuses), carriesID: carries), style: style))
            }
            return items
        }

        mutating func style() -> ChaosStream.LineStyle {
            random.weighted([(ChaosStream.LineStyle.lf, 55), (.cr, 12), (.crlf, 18), (.mixed, 15)])
        }

        /// A stream that serves a terminal status (the id early or late), then maybe heartbeats, then ends.
        mutating func finishingStream() -> ChaosStream {
            let style = style()
            let pending = random.int(0...3)
            let idFrom: Int? = random.chance(0.5) ? 0 : nil
            var items = pendingItems(count: pending, idFrom: idFrom, style: style)
            items.append(item(event(random.pick(Self.terminalSpellings), carriesID: true), style: style))
            if random.chance(0.3) { items.append(item(nil, style: style)) }
            return ChaosStream(
                items: items, style: style, bom: style != .lf && random.chance(0.15),
                end: random.weighted([(StreamEnd.complete, 6), (.close, 2), (.reset, 2)]),
                headDelayMs: random.pick([0, 0, 20, 60]))
        }

        /// A stream that serves the id (early or late) and breaks, ends or stays silent before any terminal event.
        mutating func pollingStream() -> ChaosStream {
            let style = style()
            let count = random.int(1...4)
            let idFrom = random.int(0...(count - 1))
            var items = pendingItems(count: count, idFrom: idFrom, style: style)
            let end: StreamEnd = random.weighted([
                (StreamEnd.close, 3), (.reset, 3), (.truncate, 3), (.hang, 1), (.complete, 2),
            ])
            if end == .truncate {
                // The cut event may be a terminal one: it is never served, so the client must not believe it.
                let status =
                    random.chance(0.5) ? random.pick(Self.terminalSpellings) : random.pick(Self.pendingStatuses)
                items.append(ChaosStreamItem(event: event(status, carriesID: true), delayMs: random.pick([0, 10, 30])))
            }
            let garbage = [.close, .reset, .hang].contains(end) && random.chance(0.2)
            return ChaosStream(
                items: items, style: style, bom: style != .lf && random.chance(0.15), end: end,
                garbage: garbage, headDelayMs: random.pick([0, 0, 20, 60]))
        }

        /// A create stream that never serves an id and then breaks.
        mutating func brokenStream() -> ChaosStream {
            let style = style()
            var items = pendingItems(count: random.int(0...2), idFrom: nil, style: style)
            let end: StreamEnd = random.weighted([(StreamEnd.close, 3), (.reset, 3), (.truncate, 3), (.hang, 1)])
            if end == .truncate {
                // Late id, cut: the only event carrying the id is never served.
                items.append(
                    ChaosStreamItem(
                        event: event(random.pick(Self.pendingStatuses), carriesID: true),
                        delayMs: random.pick([0, 10, 30])))
            }
            let garbage = end != .truncate && random.chance(0.2)
            return ChaosStream(
                items: items, style: style, bom: false, end: end, garbage: garbage,
                headDelayMs: random.pick([0, 0, 20]))
        }
    }
}

extension ChaosFailure {
    /// Whether the failure is an HTTP status answer.
    var isStatus: Bool {
        if case .status = self { return true }
        return false
    }
}

extension ChaosPlan {
    /// Every failure of the plan, creates first (give-up and poll failures included), in script order.
    public var allFailures: [ChaosFailure] {
        var failures = createFailures
        if case .giveUp(let failure) = createEnd { failures.append(failure) }
        for case .failure(let failure) in polls { failures.append(failure) }
        return failures
    }

    /// Sets the `Retry-After` of failure number `position` of `allFailures` (a status failure).
    mutating func setRetryAfter(onFailure position: Int, _ retryAfter: ChaosRetryAfter) {
        func update(_ failure: ChaosFailure) -> ChaosFailure {
            guard case .status(let code, let body, _) = failure else { return failure }
            return .status(code: code, body: body, retryAfter: retryAfter)
        }
        var counter = 0
        for i in createFailures.indices {
            if counter == position {
                createFailures[i] = update(createFailures[i])
                return
            }
            counter += 1
        }
        if case .giveUp(let failure) = createEnd {
            if counter == position {
                createEnd = .giveUp(update(failure))
                return
            }
            counter += 1
        }
        for i in polls.indices {
            guard case .failure(let failure) = polls[i] else { continue }
            if counter == position {
                polls[i] = .failure(update(failure))
                return
            }
            counter += 1
        }
    }
}
