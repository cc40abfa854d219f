@_exported import enum SkillsCore.ConnectionEnd
// What a test reads from the mock (journal entries, connection ends, served events) is SkillsCore's vocabulary:
// re-exported, so `import SkillsMockTesting` is the only import a test needs.
@_exported import struct SkillsCore.JournalEntry
@_exported import enum SkillsCore.RequestKind
@_exported import struct SkillsCore.ServedEvent
