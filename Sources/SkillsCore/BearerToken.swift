/// Reads the key out of an `Authorization` value; the one parser of the server, its journal and the recorder.
public enum BearerToken {
    /// The token of an `Authorization` value `Bearer <token>`: the scheme in any case, then a space, then the
    /// token trimmed of spaces and tabs (so extra spaces around it do not count) and not empty; nil for anything
    /// else (another scheme, a tab or nothing right after the scheme, a value that does not start with it).
    public static func parse(_ value: String) -> String? {
        var value = value
        return value.withUTF8 { bytes -> String? in
            let scheme: StaticString = "bearer"
            guard bytes.count > 7, bytes[6] == UInt8(ascii: " "),
                scheme.withUTF8Buffer({ HeaderName.sameLetters(UnsafeBufferPointer(rebasing: bytes[0..<6]), $0) })
            else { return nil }
            let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
            var first = 7
            while first < bytes.count, isSpace(bytes[first]) { first += 1 }
            var last = bytes.count - 1
            while last >= first, isSpace(bytes[last]) { last -= 1 }
            guard first <= last else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[first...last]), as: UTF8.self)
        }
    }
}
