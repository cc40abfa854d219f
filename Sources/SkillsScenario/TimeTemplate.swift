import Foundation
import SkillsCore

/// The time templates of scripted headers and bodies (SPEC 11): `{now}`, `{now+Ns}` and `{now-Ns}` become an
/// IMF-fixdate HTTP date of the moment the answer is sent, N whole seconds ahead or behind (wall clock, never
/// scaled), so a scenario can send `Retry-After: "{now+3s}"`. Pure.
public enum TimeTemplate {
    /// The longest N accepted, in digits.
    static let maxDigits = 9

    /// Whether `text` holds anything that starts like a time template.
    public static func mentions(_ text: String) -> Bool { text.contains("{now") }

    /// Whether `bytes` hold anything that starts like a time template.
    public static func mentions(_ bytes: [UInt8]) -> Bool { firstMarker(in: bytes, from: 0) != nil }

    /// `text` with every well-formed template replaced by its date at `now`; anything else kept as it is.
    public static func substitute(_ text: String, now: Date) -> String {
        guard mentions(text) else { return text }
        return String(decoding: substitute(Array(text.utf8), now: now), as: UTF8.self)
    }

    /// `bytes` with every well-formed template replaced by its date at `now`; anything else kept as it is.
    public static func substitute(_ bytes: [UInt8], now: Date) -> [UInt8] {
        var out: [UInt8] = []
        var copied = 0
        var at = 0
        while let start = firstMarker(in: bytes, from: at) {
            guard let token = token(in: bytes, at: start) else {
                at = start + 1
                continue
            }
            out += bytes[copied..<start]
            out += Array(HTTPDate.imfFixdate(now.addingTimeInterval(Double(token.offsetSeconds))).utf8)
            copied = start + token.length
            at = copied
        }
        guard copied > 0 else { return bytes }
        return out + bytes[copied...]
    }

    /// The first text that starts like a time template (`{now`) but is none of the three forms, for the
    /// loader's message; nil when every one is well formed.
    public static func malformed(in text: String) -> String? {
        let bytes = Array(text.utf8)
        var at = 0
        while let start = firstMarker(in: bytes, from: at) {
            if let token = token(in: bytes, at: start) {
                at = start + token.length
                continue
            }
            let end =
                bytes[start...].firstIndex(of: UInt8(ascii: "}")).map { min($0 + 1, start + 24) }
                ?? min(bytes.count, start + 24)
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
        return nil
    }

    /// A well-formed token at `start`: its length in bytes and its offset in seconds.
    static func token(in bytes: [UInt8], at start: Int) -> (length: Int, offsetSeconds: Int)? {
        guard start >= 0, bytes.count - start > marker.count,
            bytes[start..<(start + marker.count)].elementsEqual(marker)
        else { return nil }
        var at = start + marker.count
        guard at < bytes.count else { return nil }
        if bytes[at] == UInt8(ascii: "}") { return (at + 1 - start, 0) }
        let sign: Int
        switch bytes[at] {
        case UInt8(ascii: "+"): sign = 1
        case UInt8(ascii: "-"): sign = -1
        default: return nil
        }
        at += 1
        var seconds = 0
        var digits = 0
        while at < bytes.count, (0x30...0x39).contains(bytes[at]), digits < maxDigits {
            seconds = seconds * 10 + Int(bytes[at] - UInt8(ascii: "0"))
            digits += 1
            at += 1
        }
        guard digits > 0, at + 1 < bytes.count, bytes[at] == UInt8(ascii: "s"), bytes[at + 1] == UInt8(ascii: "}")
        else { return nil }
        return (at + 2 - start, sign * seconds)
    }

    private static let marker = Array("{now".utf8)

    private static func firstMarker(in bytes: [UInt8], from: Int) -> Int? {
        guard bytes.count >= marker.count, from <= bytes.count - marker.count else { return nil }
        var index = from
        while index <= bytes.count - marker.count {
            if bytes[index] == marker[0], bytes[index + 1] == marker[1], bytes[index + 2] == marker[2],
                bytes[index + 3] == marker[3]
            {
                return index
            }
            index += 1
        }
        return nil
    }
}
