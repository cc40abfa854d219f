/// Checks the raw bytes of a scenario file before YAML sees them: size and UTF-8.
enum ScenarioText {
    /// Largest scenario file accepted (big streams are scripted with `repeat:` and `pad:`, not literals).
    static let maxBytes = 4 << 20

    /// The file's text, or the problem that stops it from being read.
    static func decode(_ bytes: [UInt8], file: String) -> Result<String, ScenarioError> {
        if bytes.count > maxBytes {
            return .failure(
                ScenarioError(
                    file: file, line: nil, keyPath: "",
                    message:
                        "the file is \(bytes.count) bytes (expected at most \(maxBytes) bytes, 4 MiB; script big streams with repeat: and pad:)"
                ))
        }
        if let (offset, line) = firstInvalidUTF8(bytes) {
            return .failure(
                ScenarioError(
                    file: file, line: line, keyPath: "",
                    message:
                        "invalid UTF-8 at byte \(offset) (expected UTF-8 text; script invalid bytes with raw_hex: or raw_base64:)"
                ))
        }
        // A leading byte order mark (some editors write one) is not part of the YAML text.
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        return .success(String(decoding: body, as: UTF8.self))
    }

    /// Byte offset and 1-based line of the first invalid UTF-8 sequence, or nil when all bytes are valid.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> (offset: Int, line: Int)? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        var line = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1 && encoded.first == 0x0A { line += 1 }
                offset += encoded.count
            case .emptyInput:
                return nil
            case .error:
                return (offset, line)
            }
        }
    }

    /// 1-based line of a byte offset into `text`'s UTF-8.
    static func line(ofByteOffset offset: Int, in text: String) -> Int {
        1 + text.utf8.prefix(max(0, offset)).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }
}
