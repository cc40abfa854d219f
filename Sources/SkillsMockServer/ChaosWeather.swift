import SkillsScenario

/// `serve --chaos`: the default world's faults, one chaos scenario per key, deterministic in (seed, key). Pure.
///
/// A key no loaded scenario binds gets plan `index(forKey:)` of the seed (never a keyless one); its runs are
/// journaled under the scenario id `chaos.<seed>.<index>`, so the journal records the seed.
struct ChaosWeather: Sendable {
    /// The seed plans are drawn from.
    var seed: UInt64
    /// With `--keys`, only these keys get weather (others answer 401 in the default world).
    var validKeys: Set<String>?

    /// The plan index of a key: its FNV-1a hash folded to 0..<1,000,000.
    static func index(forKey key: String) -> Int {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return Int(hash % 1_000_000)
    }

    /// The scenario drawn for `key`, or nil when `--keys` does not list it.
    func scenario(forKey key: String) -> Scenario? {
        if let validKeys, !validKeys.contains(key) { return nil }
        var generator = ChaosGenerator(seed: seed)
        generator.keylessShare = 0
        return generator.plan(at: Self.index(forKey: key)).scenario
    }
}
