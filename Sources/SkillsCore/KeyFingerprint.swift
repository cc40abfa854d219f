/// A short, stable, non-reversible label for an API key, shown instead of the key everywhere.
public enum KeyFingerprint {
    /// Length of a fingerprint's text: `key:` and 12 hex digits.
    public static let length = 16

    /// `key:` followed by 12 hex digits of the key's FNV-1a 64-bit hash.
    public static func of(_ key: String) -> String { text(of: number(of: key)) }

    /// The text (`key:` and 12 hex digits) of a fingerprint number.
    public static func text(of number: UInt64) -> String {
        String(unsafeUninitializedCapacity: length) { out in
            write(number, into: UnsafeMutableRawBufferPointer(out))
            return length
        }
    }

    /// The fingerprint as a number: the top 48 bits of the key's FNV-1a 64-bit hash (the 12 hex digits shown).
    public static func number(of key: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash >> 16
    }

    /// The number of a fingerprint's text (`key:` and 12 lowercase hex digits); nil for anything else.
    public static func number(ofFingerprint text: String) -> UInt64? {
        guard text.utf8.count == length, text.hasPrefix("key:") else { return nil }
        var value: UInt64 = 0
        for byte in text.utf8.dropFirst(4) {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }

    /// Writes a fingerprint's text (`length` bytes) for its number at the start of `out`.
    public static func write(_ number: UInt64, into out: UnsafeMutableRawBufferPointer) {
        precondition(out.count >= length, "a fingerprint needs \(length) bytes")
        out[0] = UInt8(ascii: "k")
        out[1] = UInt8(ascii: "e")
        out[2] = UInt8(ascii: "y")
        out[3] = UInt8(ascii: ":")
        for i in 0..<12 {
            let nibble = UInt8(truncatingIfNeeded: (number >> UInt64(44 - 4 * i)) & 0xF)
            out[4 + i] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble
        }
    }
}
