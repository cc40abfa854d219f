/// A short, stable, non-reversible label for an API key, shown instead of the key everywhere.
public enum KeyFingerprint {
    /// `key:` followed by 12 hex digits of the key's FNV-1a 64-bit hash.
    public static func of(_ key: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        let padded = String(repeating: "0", count: max(0, 16 - hex.count)) + hex
        return "key:" + padded.prefix(12)
    }
}
