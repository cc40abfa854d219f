import Foundation
import SkillsCore
import Yams

extension ScenarioDecoder {
    static let itemKeys = [
        "delay", "event", "data", "id", "retry", "comment", "raw", "raw_hex", "raw_base64",
        "dribble", "repeat", "pad",
    ]
    static let eventFieldKeys = ["event", "data", "id", "retry"]
    static let rawKeys = ["raw", "raw_hex", "raw_base64"]
    /// Most items one stream may hold once `repeat:` is expanded.
    static let maxItemsPerStream = 100_000
    /// Most copies one `repeat:` may ask for.
    static let maxRepeat = 100_000
    /// Largest `pad:` accepted, in bytes.
    static let maxPadBytes = 16 << 20

    /// The items of an `sse:` list, with `repeat:` expanded; checks that `end: truncate` has an event to cut.
    mutating func sse(_ node: Node, _ path: NodePath, end: StreamEnd, endNode: Node?, endPath: NodePath) -> [SSEItem]? {
        guard let nodes = reader.list(node, path, expected: "a list of events, comments or raw bytes") else {
            return nil
        }
        var items: [SSEItem] = []
        var ok = true
        for (index, itemNode) in nodes.enumerated() {
            guard let (item, copies) = sseItem(itemNode, path.appending(index)) else {
                ok = false
                continue
            }
            guard items.count + copies <= Self.maxItemsPerStream else {
                reader.report(
                    itemNode, path.appending(index),
                    "the stream expands to more than \(Self.maxItemsPerStream) items (expected fewer repeats)")
                return nil
            }
            items.append(contentsOf: repeatElement(item, count: copies))
        }
        guard ok else { return nil }
        if end == .truncate {
            if let last = items.last, Self.isEvent(last) { return items }
            let found = items.last.map { $0.raw != nil ? "raw bytes" : "a comment" } ?? "no items"
            reader.report(
                endNode, endPath,
                "truncate cuts the last item, but the stream ends with \(found) (expected an event item with event, data, id or retry last)"
            )
            return nil
        }
        return items
    }

    /// Whether an item is an event (as opposed to a comment or raw bytes).
    static func isEvent(_ item: SSEItem) -> Bool {
        item.raw == nil && item.comment == nil
            && (item.event != nil || item.data != nil || item.id != nil || item.retry != nil)
    }

    /// One SSE item and how many copies of it to send.
    mutating func sseItem(_ node: Node, _ path: NodePath) -> (SSEItem, Int)? {
        let expected = "an event (event/data/id/retry), a comment, or raw bytes (raw/raw_hex/raw_base64)"
        guard let fields = reader.fields(node, path, allowed: Self.itemKeys, expected: expected) else { return nil }
        let problemsBefore = reader.problems.count

        let rawPresent = Self.rawKeys.filter { fields.has($0) }
        let eventPresent = Self.eventFieldKeys.filter { fields.has($0) }
        for key in rawPresent.dropFirst() {
            reader.report(
                fields.keyNode(key), path.appending(key),
                "cannot be combined with \(rawPresent[0]): (expected exactly one of raw, raw_hex, raw_base64)")
        }
        if let rawKey = rawPresent.first {
            for key in eventPresent + ["comment", "pad"] where fields.has(key) {
                reader.report(
                    fields.keyNode(key), path.appending(key),
                    "cannot be combined with \(rawKey): (expected only delay, dribble and repeat beside \(rawKey); raw bytes are sent as written)"
                )
            }
        } else if fields.has("comment") {
            for key in eventPresent + ["pad"] where fields.has(key) {
                reader.report(
                    fields.keyNode(key), path.appending(key),
                    "cannot be combined with comment: (expected the event in an item of its own; a comment item sends \": text\" and a blank line)"
                )
            }
        } else if eventPresent.isEmpty {
            reader.report(
                node, path,
                "the item sends nothing (expected at least one of: event, data, id, retry, comment, raw, raw_hex, raw_base64)"
            )
        }

        var item = SSEItem()
        if let value = fields["delay"], let ms = reader.duration(value, path.appending("delay")) { item.delayMs = ms }
        if let value = fields["event"] {
            item.event = lineText(value, path.appending("event"), expected: "an event type, e.g. status")
        }
        if let value = fields["id"] {
            item.id = lineText(
                value, path.appending("id"), expected: "an event id: a string or a number", allowNumbers: true,
                allowEmpty: true)
        }
        if let value = fields["retry"] {
            item.retry = reader.integer(
                value, path.appending("retry"), range: 0...Int(Int32.max), what: "a retry time",
                expected: "whole milliseconds, e.g. 3000")
        }
        if let value = fields["comment"] {
            item.comment = lineText(
                value, path.appending("comment"), expected: "one line of text, e.g. keepalive", allowEmpty: true)
        }
        if let value = fields["data"] { item.data = data(value, path.appending("data")) }
        if let value = fields["raw"] {
            item.raw = reader.string(value, path.appending("raw"), expected: "the exact text to send, as UTF-8").map {
                Array($0.utf8)
            }
        }
        if let value = fields["raw_hex"] { item.raw = hexBytes(value, path.appending("raw_hex")) }
        if let value = fields["raw_base64"] { item.raw = base64Bytes(value, path.appending("raw_base64")) }
        if let value = fields["dribble"], let flag = reader.bool(value, path.appending("dribble")) {
            item.dribble = flag
        }
        var copies = 1
        if let value = fields["repeat"],
            let count = reader.integer(
                value, path.appending("repeat"), range: 1...Self.maxRepeat,
                what: "a repeat count", expected: "a whole number from 1 to \(Self.maxRepeat)")
        {
            copies = count
        }
        if let value = fields["pad"], let size = padSize(value, path.appending("pad")) {
            if case .json(.object(let members))? = item.data {
                // Serialised once here, as the compact JSON text a JSON data value would be sent as:
                // the same bytes on the wire, without a megabyte of JSON encoding per run.
                item.data = .text(
                    JSONValue.object(members + [("pad", .string(String(repeating: "x", count: size)))]).jsonText)
            } else if fields.has("data") {
                reader.report(
                    fields.keyNode("pad"), path.appending("pad"),
                    "needs data: to be a mapping (expected JSON object data; pad adds a \"pad\" member to it)")
            } else {
                reader.report(
                    fields.keyNode("pad"), path.appending("pad"),
                    "needs data: beside it (expected data: as a mapping to pad)")
            }
        }
        guard reader.problems.count == problemsBefore else { return nil }
        return (item, copies)
    }

    /// One line of text for an SSE field (no CR or LF: those would break the framing; script them with raw:).
    private mutating func lineText(
        _ node: Node, _ path: NodePath, expected: String, allowNumbers: Bool = false,
        allowEmpty: Bool = false
    ) -> String? {
        guard
            let text = reader.string(node, path, expected: expected, allowNumbers: allowNumbers, allowEmpty: allowEmpty)
        else { return nil }
        guard !text.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) else {
            reader.report(
                node, path, "contains a line break (expected \(expected); use raw: to send line breaks inside a field)")
            return nil
        }
        return text
    }

    /// `data:` — a string is sent as text (one `data:` line per line), a mapping or list as compact JSON.
    private mutating func data(_ node: Node, _ path: NodePath) -> Body? {
        switch NodeReader.kind(of: node) {
        case .notScalar:
            return reader.json(node, path).map { .json($0) }
        case .null:
            reader.report(
                node, path, "is empty (expected text, a mapping or a list; write \"\" for an empty data line)")
            return nil
        default:
            guard
                let text = reader.string(
                    node, path, expected: "text, a mapping or a list", allowNumbers: true, allowEmpty: true)
            else {
                return nil
            }
            guard !text.unicodeScalars.contains("\r") else {
                reader.report(
                    node, path,
                    "contains a carriage return (expected \\n line breaks only; use raw: to script CR line ends)")
                return nil
            }
            return .text(text)
        }
    }

    /// Bytes written as hex pairs, spaces allowed between them: `"ef bb bf 64 61"`.
    private mutating func hexBytes(_ node: Node, _ path: NodePath) -> [UInt8]? {
        let expected = "hex byte pairs, spaces allowed: \"ef bb bf 0a\""
        guard let text = reader.string(node, path, expected: expected) else { return nil }
        let digits = Array(text.unicodeScalars.filter { $0 != " " && $0 != "\n" && $0 != "\t" })
        var bytes: [UInt8] = []
        var index = 0
        while index + 1 < digits.count {
            guard let byte = UInt8(String(String.UnicodeScalarView([digits[index], digits[index + 1]])), radix: 16)
            else { break }
            bytes.append(byte)
            index += 2
        }
        guard index == digits.count, !bytes.isEmpty else {
            reader.report(node, path, "\(NodeReader.describe(node)) is not hex bytes (expected \(expected))")
            return nil
        }
        return bytes
    }

    /// Bytes written as base64 (line breaks and spaces ignored).
    private mutating func base64Bytes(_ node: Node, _ path: NodePath) -> [UInt8]? {
        let expected = "base64 text, e.g. \"77u/ZGF0YQ==\""
        guard let text = reader.string(node, path, expected: expected) else { return nil }
        let compact = String(text.unicodeScalars.filter { $0 != " " && $0 != "\n" && $0 != "\t" }.map(Character.init))
        guard let data = Data(base64Encoded: compact), !data.isEmpty else {
            reader.report(node, path, "\(NodeReader.describe(node)) is not base64 (expected \(expected))")
            return nil
        }
        return Array(data)
    }

    /// A size in bytes: a whole number, or text with a unit `B`, `KiB`, `MiB`.
    private mutating func padSize(_ node: Node, _ path: NodePath) -> Int? {
        let expected = "a size from 1 byte to 16MiB: 4096, \"64KiB\", \"1MiB\""
        guard reader.visit(node, path), case .scalar(let scalar) = node,
            [.integer, .string].contains(NodeReader.kind(of: node))
        else {
            reader.report(node, path, "\(NodeReader.describe(node)) is not a size (expected \(expected))")
            return nil
        }
        let text = scalar.string.trimmingWhitespace()
        var size: Int?
        for (unit, factor) in [("MiB", 1 << 20), ("KiB", 1 << 10), ("B", 1), ("", 1)] where text.hasSuffix(unit) {
            let number = String(text.dropLast(unit.count)).trimmingWhitespace()
            if let value = Int(number), value >= 0, value <= Self.maxPadBytes { size = value * factor }
            break
        }
        guard let size, size >= 1, size <= Self.maxPadBytes else {
            reader.report(node, path, "\(NodeReader.describe(node)) is not a size (expected \(expected))")
            return nil
        }
        return size
    }
}
