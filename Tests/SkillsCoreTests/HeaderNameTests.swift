import SkillsCore
import Testing

/// The one case-insensitive header-name comparison and lookup.
@Suite struct HeaderNameTests {
    @Test(arguments: [
        ("Content-Type", "content-type"), ("AUTHORIZATION", "authorization"), ("Retry-After", "rEtRy-AfTeR"),
        ("X-1", "x-1"), ("", ""),
    ])
    func sameName(_ a: String, _ b: String) {
        #expect(HeaderName.matches(a, b))
        #expect(HeaderName.matches(b, a))
    }

    @Test(arguments: [
        ("Content-Type", "Content-Typ"), ("Content-Type", "Content_Type"), ("@", "`"), ("[", "{"), ("X-1", "X-2"),
        ("Accept", "Accept "), ("\u{212A}ey", "key"), ("É", "é"),
    ])
    func differentNames(_ a: String, _ b: String) {
        #expect(!HeaderName.matches(a, b))
    }

    @Test func theLookupFindsTheFirstOfThatNameInAnyCase() {
        let headers: [(name: String, value: String)] = [("accept", "a"), ("X-Key", "1"), ("x-key", "2")]
        #expect(headers.first(headerNamed: "X-KEY") { $0.name }?.value == "1")
        #expect(headers.first(headerNamed: "ACCEPT") { $0.name }?.value == "a")
        #expect(headers.first(headerNamed: "Missing") { $0.name } == nil)
    }
}
