import Foundation
import Testing

@testable import SkillsCore

/// `JournalEntry` JSON: `late_ms` round-trips and may be absent.
@Suite struct JournalEntryTests {
    @Test func lateMsRoundTripsUnderItsKey() throws {
        let entry = JournalEntry(
            seq: 3, connection: 2, tMs: 10, method: "POST", path: "/x", headers: [["Accept", "text/event-stream"]],
            body: "{}", key: "key:abc", scenario: "s", kind: .createSSE, status: 200, endedMs: 40, lateMs: [0, 1.5])
        let data = try JSONEncoder().encode(entry)
        #expect(String(decoding: data, as: UTF8.self).contains(#""late_ms":[0,1.5]"#))
        #expect(try JSONDecoder().decode(JournalEntry.self, from: data) == entry)
    }

    @Test func anEntryWithoutLateMsDecodesWithNone() throws {
        let text = #"""
            {"seq":1,"connection":1,"t_ms":2.5,"method":"GET","path":"/api/v1/credits","headers":[],"body":"",
             "kind":"credits","events":[],"status":200,"end":"complete","ended_ms":3}
            """#
        let entry = try JSONDecoder().decode(JournalEntry.self, from: Data(text.utf8))
        #expect(entry.lateMs == [])
        #expect(entry.status == 200)
        #expect(entry.end == .complete)
        #expect(entry.key == nil)
    }
}
