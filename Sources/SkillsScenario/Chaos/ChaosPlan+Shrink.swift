import SkillsCore

extension ChaosPlan {
    /// Smaller plans of the same grammar, most cutting first: steps dropped, then items dropped, then delays
    /// shortened and faults simplified. Each is well formed (`isWellFormed`) and strictly smaller (`size`).
    public var shrinkCandidates: [ChaosPlan] {
        var out: [ChaosPlan] = []
        func add(_ change: (inout ChaosPlan) -> Void) {
            var copy = self
            change(&copy)
            copy.shrinkStep = shrinkStep + 1
            if copy.isWellFormed, copy.size < size { out.append(copy) }
        }
        for i in createFailures.indices { add { $0.createFailures.remove(at: i) } }
        for i in polls.indices { add { $0.polls.remove(at: i) } }
        if pollEnd == .never { add { $0.pollEnd = .terminal("COMPLETED") } }
        if case .finalError = pollEnd { add { $0.pollEnd = .terminal("COMPLETED") } }
        if case .giveUp(let failure) = createEnd {
            for simpler in failure.simpler { add { $0.createEnd = .giveUp(simpler) } }
        }
        if case .stream(let stream) = createEnd {
            add { $0.createEnd = .json }
            for simpler in stream.simpler { add { $0.createEnd = .stream(simpler) } }
        }
        for i in createFailures.indices {
            for simpler in createFailures[i].simpler { add { $0.createFailures[i] = simpler } }
        }
        for i in polls.indices {
            if case .failure(let failure) = polls[i] {
                for simpler in failure.simpler { add { $0.polls[i] = .failure(simpler) } }
            }
        }
        return out
    }

    /// How big the plan is: steps, stream items and every non-default feature count one each.
    public var size: Int {
        var total =
            createFailures.reduce(0) { $0 + 1 + $1.size }
            + polls.reduce(0) { total, poll in
                if case .failure(let failure) = poll { return total + 1 + failure.size }
                return total + 1
            }
        switch createEnd {
        case .finalError: total += 1
        case .giveUp(let failure): total += 2 + failure.size
        case .json: total += 1
        case .stream(let stream): total += 2 + stream.size
        }
        switch pollEnd {
        case .terminal: total += 1
        case .finalError: total += 2
        case .never: total += 3
        }
        return total
    }

    /// Whether the plan keeps the grammar's promises: a deciding stream serves the id; a failing stream serves
    /// none and breaks; at most 3 transient failures in a row per call; a truncated stream ends with an event.
    public var isWellFormed: Bool {
        guard createFailures.count <= 3, createFailures.allSatisfy(\.isWellFormed) else { return false }
        switch createEnd {
        case .stream(let stream):
            guard stream.isStructurallyValid, stream.servesID || (keyless && stream.servedTerminal != nil) else {
                return false
            }
        case .giveUp(let failure):
            guard failure.isWellFormed else { return false }
        case .finalError, .json: break
        }
        var run = 0
        for poll in polls {
            if case .failure(let failure) = poll {
                guard !failure.isStream else { return false }
                run += 1
                if run > 3 { return false }
            } else {
                run = 0
            }
        }
        return true
    }
}

extension ChaosFailure {
    /// Simpler failures of the same call: a stream or a silence becomes a reset, a `Retry-After` goes, a stream shrinks.
    var simpler: [ChaosFailure] {
        switch self {
        case .status(let code, let body, let retryAfter):
            var out: [ChaosFailure] = []
            if retryAfter != nil { out.append(.status(code: code, body: body, retryAfter: nil)) }
            if case .date? = retryAfter { out.append(.status(code: code, body: body, retryAfter: .seconds(1))) }
            if body.shape != .message {
                out.append(.status(code: code, body: ChaosErrorBody(body.message), retryAfter: retryAfter))
            }
            return out
        case .fault(let fault):
            return fault == .reset ? [] : [.fault(.reset)]
        case .brokenStream(let stream):
            return [.fault(.reset)] + stream.simpler.map { .brokenStream($0) }
        }
    }

    var size: Int {
        switch self {
        case .status(_, let body, let retryAfter): return (retryAfter == nil ? 0 : 1) + (body.shape == .message ? 0 : 1)
        case .fault(let fault): return fault == .reset ? 0 : 1
        case .brokenStream(let stream): return 2 + stream.size
        }
    }

    var isStream: Bool {
        if case .brokenStream = self { return true }
        return false
    }

    var isWellFormed: Bool {
        guard case .brokenStream(let stream) = self else { return true }
        return stream.isStructurallyValid && !stream.servesID && stream.end != .complete
    }
}

extension ChaosStream {
    /// Smaller streams: an item dropped, then the features of the stream and of each item removed.
    var simpler: [ChaosStream] {
        var out: [ChaosStream] = []
        func add(_ change: (inout ChaosStream) -> Void) {
            var copy = self
            change(&copy)
            if copy != self { out.append(copy) }
        }
        for i in items.indices { add { $0.items.remove(at: i) } }
        add {
            $0.style = .lf
            $0.bom = false
            for i in $0.items.indices { $0.items[i].splitPermille = nil }
        }
        if bom { add { $0.bom = false } }
        if garbage { add { $0.garbage = false } }
        if end == .hang { add { $0.end = .close } }
        if end == .truncate || end == .reset { add { $0.end = .close } }
        if headDelayMs > 0 { add { $0.headDelayMs = 0 } }
        add { for i in $0.items.indices { $0.items[i].delayMs = 0 } }
        for i in items.indices {
            add {
                $0.items[i].dribble = false
                $0.items[i].splitPermille = nil
            }
            if var event = items[i].event {
                event.name = nil
                event.sseID = nil
                event.retry = nil
                add { $0.items[i].event = event }
            }
        }
        return out
    }

    var size: Int {
        var total = (style == .lf ? 0 : 1) + (bom ? 1 : 0) + (garbage ? 1 : 0) + (headDelayMs > 0 ? 1 : 0)
        total += [.complete, .close].contains(end) ? 0 : 1
        for item in items {
            total += 1 + (item.delayMs > 0 ? 1 : 0) + (item.dribble ? 1 : 0) + (item.splitPermille == nil ? 0 : 1)
            if let event = item.event {
                total += (event.name == nil ? 0 : 1) + (event.sseID == nil ? 0 : 1) + (event.retry == nil ? 0 : 1)
            }
        }
        return total
    }

    /// A truncated stream ends with an event; a BOM only on a raw stream.
    var isStructurallyValid: Bool {
        if end == .truncate, items.last?.event == nil { return false }
        if bom, style == .lf { return false }
        return true
    }
}
