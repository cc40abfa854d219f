import SkillsCore
import SkillsScenario

/// Turns scripted SSE items into the exact bytes sent on the wire (pure, no I/O).
enum SSEEncoder {
    /// The bytes of one item: fields, then the blank line that ends the event (none for `raw:`).
    static func bytes(of item: SSEItem, generationID: String?) -> [UInt8] {
        Array(text(of: item, generationID: generationID).utf8).withRaw(item.raw, generationID: generationID)
    }

    private static func text(of item: SSEItem, generationID: String?) -> String {
        if item.raw != nil { return "" }
        var lines: [String] = []
        if let comment = item.comment {
            lines += comment.splitLines().map { ": " + substitute($0, generationID) }
        }
        if let event = item.event { lines.append("event: " + substitute(event, generationID)) }
        if let id = item.id { lines.append("id: " + substitute(id, generationID)) }
        if let retry = item.retry { lines.append("retry: \(retry)") }
        if let data = item.data {
            lines += dataText(data, generationID: generationID).splitLines().map { "data: " + $0 }
        }
        if lines.isEmpty { return "" }
        return lines.map { $0 + "\n" }.joined() + "\n"
    }

    /// The payload of `data:` lines: compact JSON, or the text itself.
    static func dataText(_ body: Body, generationID: String?) -> String {
        switch body {
        case .json(let value):
            // A generation id needs no JSON escaping, so replacing in the serialized text is exact.
            return substitute(value.jsonText, generationID)
        case .text(let text):
            return substitute(text, generationID)
        }
    }

    static func substitute(_ text: String, _ generationID: String?) -> String {
        guard let generationID, text.utf8.contains(UInt8(ascii: "{")) else { return text }
        return String(decoding: substitute(Array(text.utf8), generationID), as: UTF8.self)
    }

    /// `{gen}` replaced by the generation id in bytes (kept as they are without an id).
    static func substitute(_ bytes: [UInt8], _ generationID: String?) -> [UInt8] {
        guard let generationID else { return bytes }
        return bytes.replacingAll(genToken, with: Array(generationID.utf8))
    }

    private static let genToken = Array("{gen}".utf8)
}

extension [UInt8] {
    /// Raw bytes replace the encoded text; `{gen}` is substituted inside them too.
    fileprivate func withRaw(_ raw: [UInt8]?, generationID: String?) -> [UInt8] {
        guard let raw else { return self }
        return SSEEncoder.substitute(raw, generationID)
    }

    /// Every occurrence of `token` replaced, byte-wise (so invalid UTF-8 survives).
    func replacingAll(_ token: [UInt8], with replacement: [UInt8]) -> [UInt8] {
        guard let first = token.first, count >= token.count, let start = firstIndex(of: first) else { return self }
        var out: [UInt8] = Array(self[..<start])
        out.reserveCapacity(count)
        var i = start
        while i < count {
            if self[i] == first, i + token.count <= count, self[i..<i + token.count].elementsEqual(token) {
                out += replacement
                i += token.count
            } else {
                out.append(self[i])
                i += 1
            }
        }
        return out
    }
}

extension String {
    /// Lines split at LF, CRLF or CR; an empty string is one empty line.
    fileprivate func splitLines() -> [String] {
        var lines: [String] = []
        var current = ""
        var previousCR = false
        for scalar in unicodeScalars {
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
