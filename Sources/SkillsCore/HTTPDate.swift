import Foundation

/// Reads an `HTTP-date` (RFC 9110 §5.6.7) in any of its three forms. Pure; case-sensitive as the RFC says.
///
/// The weekday must be a valid name for the form but is not checked against the date (senders get it
/// wrong, and the date alone fixes the instant). Fields are range-checked, the day against its month.
public enum HTTPDate {
    static let shortDays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let longDays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The instant `text` names (no surrounding whitespace), or nil when it is no HTTP-date.
    ///
    /// `now` resolves an RFC 850 two-digit year: the year in `now`'s century, or the century before
    /// when that would be more than 50 years ahead of `now`.
    public static func parse(_ text: String, now: Date) -> Date? {
        let bytes = Array(text.utf8)
        return imfFixdate(bytes) ?? rfc850(bytes, now: now) ?? asctime(bytes)
    }

    /// `date` as an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), fractions of a second dropped, clamped to years 1–9999.
    public static func imfFixdate(_ date: Date) -> String {
        let total = epochSeconds(date)
        let days = floorDiv(total, 86_400)
        let secondOfDay = total - days * 86_400
        let civil = civilDate(daysSinceEpoch: days)
        let weekday = ((days % 7) + 7 + 3) % 7  // 1970-01-01 was a Thursday (index 3 from Monday)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let year = String(civil.year)
        let paddedYear = String(repeating: "0", count: max(0, 4 - year.count)) + year
        return "\(shortDays[weekday]), \(two(civil.day)) \(months[civil.month - 1]) \(paddedYear) "
            + "\(two(secondOfDay / 3_600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) GMT"
    }

    /// Whole seconds since 1970 (rounded down), clamped to 0001-01-01 … 9999-12-31 23:59:59; NaN counts as 1970.
    static func epochSeconds(_ date: Date) -> Int {
        let seconds = date.timeIntervalSince1970
        guard !seconds.isNaN else { return 0 }
        return Int(min(max(seconds, -62_135_596_800), 253_402_300_799).rounded(.down))
    }

    /// `a / b` rounded towards negative infinity (`b` > 0).
    static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : (a - b + 1) / b }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func imfFixdate(_ bytes: [UInt8]) -> Date? {
        var s = Cursor(bytes)
        guard s.name(in: shortDays) != nil, s.literal(", "), let day = s.digits(2), s.literal(" "),
            let month = s.name(in: months), s.literal(" "), let year = s.digits(4), s.literal(" "),
            let time = s.timeOfDay(), s.literal(" GMT"), s.atEnd
        else { return nil }
        return instant(year: year, month: month + 1, day: day, time: time)
    }

    /// `Sunday, 06-Nov-94 08:49:37 GMT` (obsolete, two-digit year).
    static func rfc850(_ bytes: [UInt8], now: Date) -> Date? {
        var s = Cursor(bytes)
        guard s.name(in: longDays) != nil, s.literal(", "), let day = s.digits(2), s.literal("-"),
            let month = s.name(in: months), s.literal("-"), let shortYear = s.digits(2), s.literal(" "),
            let time = s.timeOfDay(), s.literal(" GMT"), s.atEnd
        else { return nil }
        let nowDays = floorDiv(epochSeconds(now), 86_400)
        let nowYear = civilDate(daysSinceEpoch: nowDays).year
        var year = nowYear - nowYear % 100 + shortYear
        if year > nowYear + 50 { year -= 100 }
        return instant(year: year, month: month + 1, day: day, time: time)
    }

    /// `Sun Nov  6 08:49:37 1994` (ANSI C asctime; a one-digit day is padded with a space).
    static func asctime(_ bytes: [UInt8]) -> Date? {
        var s = Cursor(bytes)
        guard s.name(in: shortDays) != nil, s.literal(" "), let month = s.name(in: months), s.literal(" ") else {
            return nil
        }
        let day: Int
        if s.literal(" ") {
            guard let digit = s.digits(1) else { return nil }
            day = digit
        } else {
            guard let digits = s.digits(2) else { return nil }
            day = digits
        }
        guard s.literal(" "), let time = s.timeOfDay(), s.literal(" "), let year = s.digits(4), s.atEnd else {
            return nil
        }
        return instant(year: year, month: month + 1, day: day, time: time)
    }

    /// The UTC instant of a civil date and time, or nil when a field is out of range.
    static func instant(year: Int, month: Int, day: Int, time: (hour: Int, minute: Int, second: Int)) -> Date? {
        guard day >= 1, day <= daysIn(month: month, year: year),
            time.hour <= 23, time.minute <= 59, time.second <= 60
        else { return nil }
        let seconds =
            daysSinceEpoch(year: year, month: month, day: day) * 86_400
            + time.hour * 3_600 + time.minute * 60 + time.second
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (H. Hinnant's `civil_from_days`).
    static func civilDate(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// A cursor over the bytes of a date.
    struct Cursor {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        /// Consumes `text` when the bytes continue with it.
        mutating func literal(_ text: String) -> Bool {
            let expected = Array(text.utf8)
            guard bytes.count - index >= expected.count, Array(bytes[index..<index + expected.count]) == expected else {
                return false
            }
            index += expected.count
            return true
        }

        /// Consumes one of `names` (longest first is not needed: none is a prefix of another); returns its index.
        mutating func name(in names: [String]) -> Int? {
            for (position, name) in names.enumerated() where literal(name) { return position }
            return nil
        }

        /// Consumes exactly `count` ASCII digits; returns their value.
        mutating func digits(_ count: Int) -> Int? {
            guard bytes.count - index >= count else { return nil }
            var value = 0
            for byte in bytes[index..<index + count] {
                guard HTTPDate.isDigit(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += count
            return value
        }

        /// Consumes `HH:MM:SS`.
        mutating func timeOfDay() -> (hour: Int, minute: Int, second: Int)? {
            guard let hour = digits(2), literal(":"), let minute = digits(2), literal(":"), let second = digits(2)
            else {
                return nil
            }
            return (hour, minute, second)
        }
    }
}
