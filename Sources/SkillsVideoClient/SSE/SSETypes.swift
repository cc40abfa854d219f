import SkillsCore

/// The WHATWG `text/event-stream` parser, shared with the fake server (it lives in SkillsCore).
public typealias SSEParser = SkillsCore.SSEParser
/// One dispatched Server-Sent Event (SkillsCore's).
public typealias SSEEvent = SkillsCore.SSEEvent
