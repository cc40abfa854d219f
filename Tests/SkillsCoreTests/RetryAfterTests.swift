import Foundation
import SkillsCore
import Testing

@Suite("Retry-After and HTTP-date")
struct RetryAfterTests {
    /// Sun, 06 Nov 1994 08:49:37 GMT, the RFC 9110 example instant.
    static let example = Date(timeIntervalSince1970: 784_111_777)
    /// A fixed "now" in 2026, so two-digit years resolve the same whatever the wall clock says.
    static let now2026 = Date(timeIntervalSince1970: 1_795_000_000)

    @Test(
        "the three HTTP-date forms name the same instant",
        arguments: [
            "Sun, 06 Nov 1994 08:49:37 GMT",  // IMF-fixdate
            "Sunday, 06-Nov-94 08:49:37 GMT",  // obsolete RFC 850
            "Sun Nov  6 08:49:37 1994",  // ANSI C asctime
            "  Sun, 06 Nov 1994 08:49:37 GMT\t",  // surrounding whitespace is not part of the value
        ])
    func threeForms(text: String) {
        #expect(RetryAfter.parse(text, now: Self.now2026) == .date(Self.example))
    }

    @Test("asctime with a two-digit day, and dates across leap days and centuries")
    func calendarArithmetic() {
        let now = Self.now2026
        #expect(RetryAfter.parse("Thu Jan 01 00:00:00 1970", now: now) == .date(Date(timeIntervalSince1970: 0)))
        #expect(
            RetryAfter.parse("Tue, 29 Feb 2000 12:00:00 GMT", now: now)
                == .date(Date(timeIntervalSince1970: 951_825_600)))
        #expect(
            RetryAfter.parse("Thu, 01 Jan 2037 00:00:01 GMT", now: now)
                == .date(Date(timeIntervalSince1970: 2_114_380_801)))
        #expect(
            RetryAfter.parse("Fri Dec 31 23:59:59 1999", now: now) == .date(Date(timeIntervalSince1970: 946_684_799)))
    }

    @Test("an RFC 850 two-digit year more than 50 years ahead is read as the past century")
    func twoDigitYears() {
        let now = Self.now2026
        let in2070 = RetryAfter.parse("Tuesday, 01-Jan-70 00:00:00 GMT", now: now)
        #expect(in2070 == .date(Date(timeIntervalSince1970: 3_155_760_000)), "2070 is 44 years after 2026")
        let in1990 = RetryAfter.parse("Monday, 01-Jan-90 00:00:00 GMT", now: now)
        #expect(in1990 == .date(Date(timeIntervalSince1970: 631_152_000)), "2090 would be 64 years ahead: 1990")
    }

    @Test(
        "delay-seconds values",
        arguments: [("1", 1), ("  120 ", 120), ("0", 0), ("007", 7), ("999999999", 999_999_999)] as [(String, Int)])
    func delaySeconds(text: String, seconds: Int) {
        #expect(RetryAfter.parse(text, now: Self.now2026) == .seconds(seconds))
        #expect(RetryAfter.delay(text, now: Self.now2026) == Double(seconds))
    }

    @Test("a date's delay is the date minus now, and a past date means at once")
    func delayFromNow() {
        let date = "Sun, 06 Nov 1994 08:49:37 GMT"
        #expect(RetryAfter.delay(date, now: Self.example.addingTimeInterval(-2.5)) == 2.5)
        #expect(RetryAfter.delay(date, now: Self.example) == 0)
        #expect(RetryAfter.delay(date, now: Self.example.addingTimeInterval(3_600)) == 0)
        #expect(RetryAfter.delay(date, now: Self.now2026) == 0)
    }

    @Test(
        "garbage is no Retry-After at all",
        arguments: [
            "", "   ", "-1", "1.5", "1e3", "+5", "9999999999", "soon", "0x10",
            "sun, 06 Nov 1994 08:49:37 GMT",  // HTTP-date is case-sensitive
            "Sun, 06 Nov 1994 08:49:37 UTC",  // only GMT
            "Sun, 06 Nov 1994 08:49:37",  // zone missing
            "Sun, 6 Nov 1994 08:49:37 GMT",  // IMF-fixdate needs two day digits
            "Sun, 06 Nov 94 08:49:37 GMT",  // nor a two-digit year
            "Sun, 31 Nov 1994 08:49:37 GMT",  // no 31st of November
            "Sat, 29 Feb 1900 00:00:00 GMT",  // 1900 was no leap year
            "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:00 GMT", "Sun, 06 Nov 1994 08:49:61 GMT",
            "Sun, 00 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "Xyz, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT trailing", "Sun, 06 Nov 1994 8:49:37 GMT",
            "Sun, 06-Nov-94 08:49:37 GMT",  // RFC 850 wants the long day name
            "Sunday, 06 Nov 1994 08:49:37 GMT",  // and IMF-fixdate the short one
            "Sun Nov 6 08:49:37 1994",  // asctime pads a one-digit day with a space
            "Sun Nov  6 08:49:37 94",
        ])
    func garbage(text: String) {
        #expect(RetryAfter.parse(text, now: Self.now2026) == nil)
        #expect(RetryAfter.delay(text, now: Self.now2026) == nil)
    }

    @Test("a missing header is no Retry-After")
    func missing() {
        #expect(RetryAfter.parse(nil, now: Self.now2026) == nil)
        #expect(RetryAfter.delay(nil, now: Self.now2026) == nil)
    }

    @Test("a leap second is accepted")
    func leapSecond() {
        let parsed = RetryAfter.parse("Sat, 31 Dec 2016 23:59:60 GMT", now: Self.now2026)
        #expect(parsed == .date(Date(timeIntervalSince1970: 1_483_228_800)))
    }

    @Test("IMF-fixdate formatting names the weekday and round-trips through the parser")
    func formatting() {
        #expect(HTTPDate.imfFixdate(Self.example) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.imfFixdate(Date(timeIntervalSince1970: 0.9)) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.imfFixdate(Date(timeIntervalSince1970: -1)) == "Wed, 31 Dec 1969 23:59:59 GMT")
        #expect(HTTPDate.imfFixdate(.distantFuture) == "Mon, 01 Jan 4001 00:00:00 GMT")
        #expect(HTTPDate.imfFixdate(Date(timeIntervalSince1970: .infinity)) == "Fri, 31 Dec 9999 23:59:59 GMT")
        #expect(HTTPDate.imfFixdate(Date(timeIntervalSince1970: -.infinity)) == "Mon, 01 Jan 0001 00:00:00 GMT")
        var seconds = -86_400.0 * 365 * 3
        while seconds < 86_400 * 365 * 80 {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(HTTPDate.parse(HTTPDate.imfFixdate(date), now: Self.now2026) == date)
            seconds += 86_400 * 17 + 3_671
        }
    }
}
