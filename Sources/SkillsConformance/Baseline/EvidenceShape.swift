import Foundation

/// The shape of one line of baseline evidence: the text with what changes from run to run normalised away.
///
/// Numbers (`42`, `0.97`) become `{n}`, durations (`52ms`, `1.2s`) `{t}`, generation ids (`gen_` + the server's hex
/// or any id a scenario wrote) `{gen}`, UUIDs `{uuid}`, and hex tags of 8 or more digits with at least one
/// decimal digit (key tags, fingerprints) `{hex}`; runs of white space become one space. Two evidences have the
/// same shape when their normalised texts are equal. Evidence cut short (ending in `…`, as `--write-baseline`
/// cuts long details) matches any evidence whose shape begins with the shape of what was kept, its last,
/// possibly cut, word left out.
struct EvidenceShape: Sendable, Hashable, CustomStringConvertible {
    /// The normalised text (without the cut marker and the cut word, when the evidence was cut short).
    let normalized: String
    /// Whether the evidence was cut short.
    let truncated: Bool

    /// The marker `--write-baseline` appends to evidence it cut short.
    static let cutMarker: Character = "…"

    /// The shape of `evidence`.
    init(_ evidence: String) {
        var text = Substring(evidence.trimmingCharacters(in: .whitespacesAndNewlines))
        truncated = text.last == EvidenceShape.cutMarker
        if truncated {
            text = text.dropLast()
            // The cut may have fallen inside a word (a number, an id): keep only whole words.
            if let space = text.lastIndex(where: \.isWhitespace) { text = text[..<space] } else { text = "" }
        }
        normalized = EvidenceShape.normalize(String(text))
    }

    var description: String { truncated ? normalized + " …" : normalized }

    /// Whether both evidences have the same shape (a cut one: whether the other begins with what was kept).
    func matches(_ other: EvidenceShape) -> Bool {
        switch (truncated, other.truncated) {
        case (false, false): return normalized == other.normalized
        case (true, false): return other.normalized.hasPrefix(normalized)
        case (false, true): return normalized.hasPrefix(other.normalized)
        case (true, true): return normalized.hasPrefix(other.normalized) || other.normalized.hasPrefix(normalized)
        }
    }

    /// Whether two lines of evidence have the same shape.
    static func sameShape(_ a: String, _ b: String) -> Bool { EvidenceShape(a).matches(EvidenceShape(b)) }

    /// `text` with numbers, durations, generation ids, UUIDs and hex tags replaced by placeholders.
    static func normalize(_ text: String) -> String {
        let chars = Array(text)
        var out = ""
        var i = 0
        var lastWasSpace = false
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
                i += 1
                continue
            }
            lastWasSpace = false
            guard isWordCharacter(c) else {
                out.append(c)
                i += 1
                continue
            }
            if let end = uuidEnd(chars, from: i) {
                out += "{uuid}"
                i = end
                continue
            }
            var end = i
            while end < chars.count, isWordCharacter(chars[end]) { end += 1 }
            // A decimal: digits, a point, digits (`0.97`, `1.2s`).
            if chars[i].isASCIIDigit, end + 1 < chars.count, chars[end] == ".", chars[end + 1].isASCIIDigit,
                chars[i..<end].allSatisfy(\.isASCIIDigit)
            {
                end += 1
                while end < chars.count, isWordCharacter(chars[end]) { end += 1 }
            }
            out += placeholder(String(chars[i..<end]))
            i = end
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    /// Units a duration may carry.
    static let durationUnits: Set<String> = ["ns", "us", "µs", "ms", "s", "m", "min", "h"]

    /// The placeholder for one word (letters, digits and `_`, or a decimal), or the word itself.
    static func placeholder(_ word: String) -> String {
        if word.hasPrefix("gen_"), word.count > 4 { return "{gen}" }
        let digits = word.prefix { $0.isASCIIDigit || $0 == "." }
        if !digits.isEmpty, digits.first?.isASCIIDigit == true {
            let rest = word.dropFirst(digits.count)
            if rest.isEmpty { return "{n}" }
            if durationUnits.contains(String(rest)) { return "{t}" }
        }
        if word.count >= 8, word.allSatisfy(\.isHexDigit), word.contains(where: \.isASCIIDigit) { return "{hex}" }
        return word
    }

    static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    /// The end of a UUID (8-4-4-4-12 hex digits) starting at `start` and ending a word, or nil.
    static func uuidEnd(_ chars: [Character], from start: Int) -> Int? {
        var i = start
        for (group, length) in [8, 4, 4, 4, 12].enumerated() {
            if group > 0 {
                guard i < chars.count, chars[i] == "-" else { return nil }
                i += 1
            }
            for _ in 0..<length {
                guard i < chars.count, chars[i].isHexDigit else { return nil }
                i += 1
            }
        }
        if i < chars.count, isWordCharacter(chars[i]) { return nil }
        return i
    }
}

extension Character {
    /// `0`…`9`.
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
