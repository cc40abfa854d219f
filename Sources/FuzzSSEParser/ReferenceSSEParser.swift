#if canImport(SkillsCore)
    import SkillsCore
#endif

/// A deliberately naive WHATWG event-stream interpreter over a whole input: the fuzzer's oracle.
///
/// It shares no code with ``SSEParser``: it strips a BOM, cuts the input into complete lines
/// (CRLF, LF or CR), drops an unterminated last line, and applies the field rules line by line.
struct ReferenceSSEParser {
    /// What a whole stream gives: its events, comment count and last valid `retry:` value.
    struct Result: Equatable {
        var events: [SSEEvent] = []
        var comments = 0
        var retryMs: Int?
    }

    /// Interprets `input` as a complete stream.
    static func parse(_ input: [UInt8]) -> Result {
        var result = Result()
        var data: [UInt8] = []
        var type: [UInt8] = []
        var lastID: [UInt8] = []
        for line in lines(of: input) {
            if line.isEmpty {
                if !data.isEmpty {
                    data.removeLast()
                    let name = type.isEmpty ? "message" : String(decoding: type, as: UTF8.self)
                    result.events.append(
                        SSEEvent(
                            type: name, data: String(decoding: data, as: UTF8.self),
                            lastEventID: String(decoding: lastID, as: UTF8.self)))
                }
                data = []
                type = []
                continue
            }
            if line.first == UInt8(ascii: ":") {
                result.comments += 1
                continue
            }
            let name: [UInt8]
            var value: [UInt8] = []
            if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
                name = Array(line[..<colon])
                value = Array(line[(colon + 1)...])
                if value.first == UInt8(ascii: " ") { value.removeFirst() }
            } else {
                name = line
            }
            switch String(decoding: name, as: UTF8.self) {
            case "data" where name.count == 4:
                data += value + [0x0A]
            case "event" where name.count == 5:
                type = value
            case "id" where name.count == 2:
                if !value.contains(0) { lastID = value }
            case "retry" where name.count == 5:
                if !value.isEmpty, value.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                    let milliseconds = Int(String(decoding: value, as: UTF8.self))
                {
                    result.retryMs = milliseconds
                }
            default:
                break
            }
        }
        return result
    }

    /// The complete lines of `input` after an optional leading BOM, without their line ends.
    static func lines(of input: [UInt8]) -> [[UInt8]] {
        var rest = input[...]
        if rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3) }
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var index = rest.startIndex
        while index < rest.endIndex {
            let byte = rest[index]
            index += 1
            switch byte {
            case 0x0A:
                lines.append(current)
                current = []
            case 0x0D:
                lines.append(current)
                current = []
                if index < rest.endIndex, rest[index] == 0x0A { index += 1 }
            default:
                current.append(byte)
            }
        }
        return lines
    }
}
