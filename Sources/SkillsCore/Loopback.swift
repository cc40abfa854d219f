/// Whether an address names this machine's loopback interface. Pure; one answer for the CLI's host check and the
/// admin API's peer check.
public enum Loopback {
    /// `localhost`, `::1`, any `127.x.y.z`, and IPv4-mapped `::ffff:127.x.y.z` (any case) are loopback.
    public static func contains(_ address: String) -> Bool {
        let text = address.lowercased()
        if text == "localhost" || text == "::1" || text == "0:0:0:0:0:0:0:1" { return true }
        let v4 = text.hasPrefix("::ffff:") ? String(text.dropFirst("::ffff:".count)) : text
        let parts = v4.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ part in UInt8(part) != nil }) else { return false }
        return parts[0] == "127"
    }
}
