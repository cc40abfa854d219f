/// A short, stable, non-reversible label for an API key, shown instead of the key everywhere.
public enum KeyFingerprint {
    /// `key:` followed by 12 hex digits of the key's FNV-1a 64-bit hash.
    public static func of(_ key: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        // The top 12 of the hash's 16 zero-padded lowercase hex digits, written straight into the string.
        return String(unsafeUninitializedCapacity: 16) { out in
            out[0] = UInt8(ascii: "k")
            out[1] = UInt8(ascii: "e")
            out[2] = UInt8(ascii: "y")
            out[3] = UInt8(ascii: ":")
            for i in 0..<12 {
                let nibble = UInt8(truncatingIfNeeded: (hash >> UInt64(60 - 4 * i)) & 0xF)
                out[4 + i] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble
            }
            return 16
        }
    }
}
