/// URL helpers shared by the commands.
public enum PlatformURL {
    /// The platform's public API base.
    public static let defaultBase = "https://open.skills.video/api/v1"

    /// `endpoint` when it is a full URL, else `base` without trailing slashes + `/endpoint`.
    public static func join(base: String, endpoint: String) -> String {
        if endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://") { return endpoint }
        var trimmed = base
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed + (endpoint.hasPrefix("/") ? endpoint : "/" + endpoint)
    }

    /// The status URL of a generation, the id percent-encoded as one path segment.
    public static func generation(base: String, id: String) -> String {
        join(base: base, endpoint: "/generation/" + encodeSegment(id))
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters.
    public static func encodeSegment(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
