extension ResponseMachine {
    /// The actions one event asks for, in order: at most four, kept inline (an event per chunk is the hot path,
    /// so no array is made for them).
    struct Actions: Sequence, IteratorProtocol {
        private var slots: (Action?, Action?, Action?, Action?) = (nil, nil, nil, nil)
        private var count = 0
        private var taken = 0

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
}
