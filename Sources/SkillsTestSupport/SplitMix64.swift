import SkillsScenario

/// A small deterministic generator (SplitMix64) so every random test case can be replayed from its seed: the
/// chaos generator's own, so there is one implementation.
public typealias SplitMix64 = ChaosRandom
