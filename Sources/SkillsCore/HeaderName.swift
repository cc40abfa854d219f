/// HTTP header names compared the way HTTP compares them: ASCII letters in any case, nothing else folded.
public enum HeaderName {
    /// Whether `a` and `b` name the same header (ASCII case-insensitive), without allocating.
    public static func matches(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var a = a
        var b = b
        return a.withUTF8 { x in b.withUTF8 { y in sameLetters(x, y) } }
    }

    /// ASCII case-insensitive equality of two byte runs of the same length.
    static func sameLetters(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        for i in 0..<x.count where x[i] != y[i] {
            let lower = x[i] | 0x20
            guard lower == y[i] | 0x20, lower >= 0x61, lower <= 0x7A else { return false }
        }
        return true
    }
}

extension Sequence {
    /// The first element whose header name, read by `name`, is `wanted` in any ASCII case.
    public func first(headerNamed wanted: String, name: (Element) -> String) -> Element? {
        first { HeaderName.matches(name($0), wanted) }
    }
}
