import SkillsCore

/// The canonical wire form of scripted SSE items, and the way back from bytes to an item.
extension SSEItem {
    /// The bytes the fake sends for this item before `{gen}` substitution: comments, `event`, `id`, `retry`,
    /// `data` lines, then the blank line; raw bytes as they are.
    public var wireBytes: [UInt8] {
        if let raw { return raw }
        var lines: [String] = []
        if let comment { lines += SSEItem.lines(comment).map { ": " + $0 } }
        if let event { lines.append("event: " + event) }
        if let id { lines.append("id: " + id) }
        if let retry { lines.append("retry: \(retry)") }
        if let data {
            let text: String
            switch data {
            case .json(let value): text = value.jsonText
            case .text(let value): text = value
            }
            lines += SSEItem.lines(text).map { "data: " + $0 }
        }
        if lines.isEmpty { return [] }
        return Array((lines.map { $0 + "\n" }.joined() + "\n").utf8)
    }

    /// The item whose `wireBytes` are exactly `bytes` (fields, or raw bytes when no item spells them so),
    /// sent after `delayMs`.
    public static func recorded(_ bytes: [UInt8], delayMs: Double, dribble: Bool = false) -> SSEItem {
        if var item = canonical(bytes) {
            item.delayMs = delayMs
            item.dribble = dribble
            return item
        }
        return SSEItem(delayMs: delayMs, raw: bytes, dribble: dribble)
    }

    /// The field item whose canonical bytes are `bytes`, or nil when there is none.
    public static func canonical(_ bytes: [UInt8]) -> SSEItem? {
        guard bytes.count >= 2, bytes.suffix(2).elementsEqual([0x0A, 0x0A]), !bytes.contains(0x0D),
            let text = String(validating: bytes, as: UTF8.self)
        else { return nil }
        let body = text.dropLast(2)
        var item = SSEItem()
        var comments: [String] = []
        var data: [String] = []
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(": ") {
                comments.append(String(line.dropFirst(2)))
            } else if line.hasPrefix("event: "), item.event == nil {
                item.event = String(line.dropFirst(7))
            } else if line.hasPrefix("id: "), item.id == nil {
                item.id = String(line.dropFirst(4))
            } else if line.hasPrefix("retry: "), item.retry == nil, let value = Int(line.dropFirst(7)), value >= 0 {
                item.retry = value
            } else if line.hasPrefix("data: ") {
                data.append(String(line.dropFirst(6)))
            } else {
                return nil
            }
        }
        if !data.isEmpty { item.data = Body.recorded(data.joined(separator: "\n")) }
        // A scripted comment is one line in an item of its own; an event type is never empty.
        if !comments.isEmpty {
            guard comments.count == 1, item.event == nil, item.id == nil, item.retry == nil, item.data == nil else {
                return nil
            }
            item.comment = comments[0]
        }
        if item.event == "" { return nil }
        return item.wireBytes == bytes ? item : nil
    }

    /// Lines split at LF, CRLF or CR; an empty string is one empty line.
    private static func lines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = ""
        var previousCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if !previousCR { lines.append(current) }
                current = ""
                previousCR = false
            } else if scalar == "\r" {
                lines.append(current)
                current = ""
                previousCR = true
            } else {
                current.unicodeScalars.append(scalar)
                previousCR = false
            }
        }
        lines.append(current)
        return lines
    }
}

extension Body {
    /// A served text as a body: JSON when it is an object or array whose compact form is exactly the text, else text.
    public static func recorded(_ text: String) -> Body {
        if let first = text.utf8.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "["),
            let value = try? JSONValue.parse(text), value.jsonText == text
        {
            return .json(value)
        }
        return .text(text)
    }
}
