import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Whether an address names this machine's loopback interface. Pure; the one answer for the CLI's `--host`
/// check, the server's check of the address it binds (rendered as numeric text) and the admin API's peer check.
public enum Loopback {
    /// `localhost` (any case), any dotted-decimal `127.x.y.z`, and IPv6 `::1` or IPv4-mapped `::ffff:127.x.y.z`
    /// in any spelling `inet_pton` reads (any case, zeros written out). Names other than `localhost`, and
    /// numbers in other notations (`0x7f000001`, `127.1`), are not: an address typed on a command line must say
    /// loopback plainly.
    public static func contains(_ address: String) -> Bool {
        if address.lowercased() == "localhost" { return true }
        if let octets = dottedQuad(address) { return octets[0] == 127 }
        guard let bytes = ipv6(address) else { return false }
        if bytes == Array(repeating: 0, count: 15) + [1] { return true }
        let mappedPrefix: [UInt8] = Array(repeating: 0, count: 10) + [0xFF, 0xFF]
        return Array(bytes[0..<12]) == mappedPrefix && bytes[12] == 127
    }

    /// The four octets of a dotted-decimal IPv4 address, or nil.
    private static func dottedQuad(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let octets = parts.compactMap { UInt8($0) }
        return octets.count == 4 ? octets : nil
    }

    /// The sixteen bytes of an IPv6 address in text form, or nil.
    private static func ipv6(_ text: String) -> [UInt8]? {
        guard text.contains(":") else { return nil }
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: address) { Array($0) }
    }
}
