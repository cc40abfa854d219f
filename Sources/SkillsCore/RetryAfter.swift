import Foundation

/// A parsed `Retry-After` header value (RFC 9110 §10.2.3): `delay-seconds` or an `HTTP-date`.
///
/// Dates are read in all three forms RFC 9110 §5.6.7 says recipients must accept: IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), the obsolete RFC 850 form (`Sunday, 06-Nov-94 08:49:37 GMT`)
/// and ANSI C's asctime form (`Sun Nov  6 08:49:37 1994`). Anything else is no `Retry-After` at all.
public enum RetryAfter: Sendable, Equatable {
    /// A delay in whole seconds.
    case seconds(Int)
    /// A point in time (UTC) after which to retry.
    case date(Date)

    /// The longest accepted `delay-seconds`, in digits (a bigger number is garbage, not a delay).
    static let maxDigits = 9

    /// Parses a header value (surrounding whitespace allowed); nil for a missing or malformed value.
    ///
    /// `now` is only consulted for an RFC 850 date, whose two-digit year is read as the most recent
    /// past year with those digits when it would otherwise lie more than 50 years ahead.
    public static func parse(_ value: String?, now: Date) -> RetryAfter? {
        guard let value else { return nil }
        let text = value.trimmingWhitespace()
        guard let first = text.utf8.first else { return nil }
        if HTTPDate.isDigit(first) {
            guard text.utf8.count <= maxDigits, text.utf8.allSatisfy(HTTPDate.isDigit), let number = Int(text) else {
                return nil
            }
            return .seconds(number)
        }
        return HTTPDate.parse(text, now: now).map(RetryAfter.date)
    }

    /// How long to wait from `now`, in seconds, never negative (a past date means at once).
    public func delay(now: Date) -> Double {
        switch self {
        case .seconds(let seconds): return Double(seconds)
        case .date(let date): return max(0, date.timeIntervalSince(now))
        }
    }

    /// The wait a header value asks for, seen at `now`, in seconds; nil when the value is missing or malformed.
    public static func delay(_ value: String?, now: Date) -> Double? {
        parse(value, now: now)?.delay(now: now)
    }
}
