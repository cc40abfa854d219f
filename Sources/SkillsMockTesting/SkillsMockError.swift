import SkillsCore

/// Why `withSkillsMock` or a wait on it failed; each case names its culprit.
public enum SkillsMockError: Error, Sendable, CustomStringConvertible {
    /// A scenario path did not load: the loader's problems, each with file, line and key path.
    case scenariosNotLoaded(String)
    /// The server could not start (bad configuration, no port).
    case serverNotStarted(String)
    /// Fewer requests than wanted arrived before the timeout; `arrived` lists those that did.
    case requestsNotSeen(key: String, wanted: Int, timeout: Duration, arrived: [Arrival])

    /// One request that did arrive, as an error message shows it.
    public struct Arrival: Sendable, Equatable, CustomStringConvertible {
        public var method: String
        public var path: String
        /// Its status, nil while unanswered.
        public var status: Int?
        /// How its connection ended, nil while open.
        public var end: String?

        init(_ entry: JournalEntry) {
            method = entry.method
            path = entry.path
            status = entry.status
            end = entry.end?.rawValue
        }

        public var description: String {
            "\(method) \(path) → \(status.map(String.init) ?? "unanswered")\(end.map { " (\($0))" } ?? "")"
        }
    }

    public var description: String {
        switch self {
        case .scenariosNotLoaded(let problems):
            return "SkillsMock: scenarios did not load:\n\(problems)"
        case .serverNotStarted(let reason):
            return "SkillsMock: the fake server did not start: \(reason)"
        case .requestsNotSeen(let key, let wanted, let timeout, let arrived):
            let list = arrived.isEmpty ? "none" : arrived.map { "  \($0)" }.joined(separator: "\n")
            return "SkillsMock: waited \(timeout) for \(wanted) answered request(s) with \(key); "
                + "\(arrived.count) arrived:\n\(list)"
        }
    }
}
