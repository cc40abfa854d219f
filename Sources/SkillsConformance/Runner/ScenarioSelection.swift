import Foundation
import SkillsScenario

/// Why a `--filter` or `--shard` value is unusable.
public struct SelectionError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Which scenarios a run covers: `--filter GLOB` on ids, then `--shard I/N` (1-based) of what is left.
public struct ScenarioSelection: Sendable, Equatable {
    public var filter: String?
    public var shard: Shard?

    /// One shard of N.
    public struct Shard: Sendable, Equatable {
        /// 1-based index.
        public var index: Int
        public var count: Int

        /// Parses `I/N` with 1 ≤ I ≤ N.
        public static func parse(_ text: String) throws(SelectionError) -> Shard {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1 else {
                throw SelectionError(description: "--shard '\(text)': expected I/N, e.g. 1/4")
            }
            guard (1...n).contains(i) else {
                throw SelectionError(
                    description: "--shard '\(text)': I must be between 1 and \(n) (shards are numbered from 1)")
            }
            return Shard(index: i, count: n)
        }
    }

    public init(filter: String? = nil, shard: Shard? = nil) {
        self.filter = filter
        self.shard = shard
    }

    /// The selected scenarios, in catalogue order; shards deal scenarios round-robin.
    public func apply(_ scenarios: [Scenario]) -> [Scenario] {
        let filtered = scenarios.filter { s in filter.map { ScenarioSelection.matches(glob: $0, id: s.id) } ?? true }
        guard let shard else { return filtered }
        return filtered.enumerated().filter { $0.offset % shard.count == shard.index - 1 }.map(\.element)
    }

    /// Whether a pseudo-scenario (`classify.vectors`) runs: its id matches the filter (when given), and it runs
    /// in shard 1 only.
    func selects(pseudoScenario id: String) -> Bool {
        (filter.map { ScenarioSelection.matches(glob: $0, id: id) } ?? true) && (shard?.index ?? 1) == 1
    }

    /// Shell-style glob (`*`, `?`, `[...]`) on a whole id.
    static func matches(glob: String, id: String) -> Bool {
        fnmatch(glob, id, 0) == 0
    }
}
