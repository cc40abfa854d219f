/// The actions one event of a state machine asks for, in order: at most four, kept inline (events come per
/// request and per chunk, so no array is made for them).
struct ActionList<Action>: Sequence, IteratorProtocol {
    private var slots: (Action?, Action?, Action?, Action?) = (nil, nil, nil, nil)
    private var count = 0
    private var taken = 0

    /// No actions.
    init() {}

    /// One action.
    init(_ first: Action) {
        slots.0 = first
        count = 1
    }

    /// Two actions, in order (not variadic: a variadic list would be an array).
    init(_ first: Action, _ second: Action) {
        slots = (first, second, nil, nil)
        count = 2
    }

    /// Adds an action after those already there.
    mutating func append(_ action: Action) {
        switch count {
        case 0: slots.0 = action
        case 1: slots.1 = action
        case 2: slots.2 = action
        case 3: slots.3 = action
        default: preconditionFailure("more than four actions for one event")
        }
        count += 1
    }

    /// The next action not yet taken.
    mutating func next() -> Action? {
        guard taken < count else { return nil }
        defer { taken += 1 }
        switch taken {
        case 0: return slots.0
        case 1: return slots.1
        case 2: return slots.2
        default: return slots.3
        }
    }
}
