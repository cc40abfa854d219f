import SkillsCore
import Testing

/// The one `Authorization: Bearer` parser of the server, its journal and the recorder.
@Suite struct BearerTokenTests {
    @Test(arguments: [
        ("Bearer sk-1", "sk-1"), ("bearer sk-1", "sk-1"), ("BEARER sk-1", "sk-1"), ("bEaReR sk-1", "sk-1"),
        ("Bearer  sk-1", "sk-1"), ("Bearer sk-1 ", "sk-1"), ("Bearer \tsk-1\t", "sk-1"), ("Bearer   sk-1   ", "sk-1"),
        ("Bearer a b", "a b"), ("Bearer x", "x"),
    ])
    func wellFormed(_ value: String, _ token: String) {
        #expect(BearerToken.parse(value) == token)
    }

    @Test(arguments: [
        "", "Bearer", "Bearer ", "Bearer  ", "Bearer \t ", "Bearer\tsk-1", "Bearersk-1", " Bearer sk-1",
        "Basic sk-1", "Token sk-1", "sk-1", "Bearar sk-1", "Bearer:sk-1", "Bëarer sk-1",
    ])
    func malformed(_ value: String) {
        #expect(BearerToken.parse(value) == nil)
    }
}
