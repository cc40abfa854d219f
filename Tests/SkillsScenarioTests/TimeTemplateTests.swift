import Foundation
import SkillsCore
import Testing

@testable import SkillsScenario

/// `{now}`, `{now+Ns}` and `{now-Ns}`: resolved to IMF-fixdates, malformed ones named by the loader.
@Suite struct TimeTemplateTests {
    /// 2026-12-03 09:31:39.750 UTC: the fraction is dropped from every date.
    static let now = Date(timeIntervalSince1970: 1_796_290_299.75)

    @Test func eachFormResolvesToTheDateOfTheMomentPlusItsOffset() {
        #expect(TimeTemplate.substitute("{now}", now: Self.now) == "Thu, 03 Dec 2026 09:31:39 GMT")
        #expect(TimeTemplate.substitute("{now+3s}", now: Self.now) == "Thu, 03 Dec 2026 09:31:42 GMT")
        #expect(TimeTemplate.substitute("{now-40s}", now: Self.now) == "Thu, 03 Dec 2026 09:30:59 GMT")
        #expect(TimeTemplate.substitute("{now+86400s}", now: Self.now) == "Fri, 04 Dec 2026 09:31:39 GMT")
        #expect(
            TimeTemplate.substitute("retry after {now+1s}, not before {now}; id {gen}", now: Self.now)
                == "retry after Thu, 03 Dec 2026 09:31:40 GMT, not before Thu, 03 Dec 2026 09:31:39 GMT; id {gen}")
    }

    @Test func aResolvedDateIsWhatARetryAfterReaderWaitsFor() throws {
        let value = TimeTemplate.substitute("{now+3s}", now: Self.now)
        let wait = try #require(RetryAfter.parse(value, now: Self.now)).delay(now: Self.now)
        #expect(abs(wait - 2.25) < 0.001, "the date has whole seconds, so the wait is 3 s less the fraction")
    }

    @Test(arguments: ["{now+3}", "{now+s}", "{nowx}", "{now 3s}", "{now+1234567890s}", "{now*2s}", "{now+3s", "{now"])
    func malformedTokensAreKeptAndNamed(_ text: String) {
        #expect(TimeTemplate.substitute("a \(text) b", now: Self.now) == "a \(text) b")
        #expect(TimeTemplate.malformed(in: "a \(text) b") != nil)
        #expect(TimeTemplate.malformed(in: "{now+1s} then \(text)")?.hasPrefix("{now") == true)
    }

    @Test func textWithoutTemplatesIsUntouched() {
        for text in ["", "now", "{no}", "{gen}", "{{now}}x"] where !text.contains("{now") {
            #expect(TimeTemplate.substitute(text, now: Self.now) == text)
            #expect(TimeTemplate.malformed(in: text) == nil)
        }
        #expect(TimeTemplate.malformed(in: "{{now}}") == nil, "the inner {now} is well formed")
    }

    @Test func theLoaderNamesAMalformedTemplateInAHeaderOrABody() {
        let header = problems(
            """
            id: a
            title: t
            create: [{status: 429, headers: {Retry-After: "{now+2}"}}]
            """)
        #expect(header.map(\.keyPath) == ["create[0].headers.Retry-After"])
        #expect(header.first?.message.contains("{now+2}") == true)
        let body = problems(
            """
            id: a
            title: t
            create: [{status: 503, body: {message: "busy until {now+two}"}}]
            """)
        #expect(body.map(\.keyPath) == ["create[0].body"])
    }

    @Test func aRetryAfterTemplateIsNoLintWarningButAFixedDateStillIs() throws {
        let scenario = try parse(
            """
            id: a
            title: t
            create: [{status: 429, headers: {Retry-After: "{now+2s}"}}, {status: 503, headers: {Retry-After: "{now} later"}}]
            """)
        #expect(ScenarioLint.warnings(for: scenario).map(\.keyPath) == ["create[1].headers.Retry-After"])
    }
}
