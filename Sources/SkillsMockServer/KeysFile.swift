/// The keys file of `serve --keys FILE`: one key per line; blank lines and lines starting with `#` are skipped,
/// surrounding spaces trimmed. Pure.
public enum KeysFile {
    /// The keys in `text`, or the problem with it (naming `file` and the line).
    public static func parse(_ text: String, file: String) throws(KeysFileError) -> Set<String> {
        var keys: Set<String> = []
        for (offset, rawLine) in text.split(
            omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }
        ).enumerated() {
            let line = rawLine.stripping([" ", "\t", "\r"])
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard !line.contains(where: { $0 == " " || $0 == "\t" }) else {
                throw KeysFileError(
                    file: file, line: offset + 1, message: "a key holds a space (expected one key per line)")
            }
            keys.insert(line)
        }
        guard !keys.isEmpty else {
            throw KeysFileError(file: file, line: nil, message: "no key in the file (expected one key per line)")
        }
        return keys
    }
}

/// A keys file that cannot be used, naming the file and the line.
public struct KeysFileError: Error, Sendable, CustomStringConvertible {
    /// The file.
    public var file: String
    /// The 1-based line, when one is at fault.
    public var line: Int?
    /// What is wrong.
    public var message: String

    public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(message)" }
}

extension Substring {
    /// The text without the given characters at either end.
    fileprivate func stripping(_ set: Set<Character>) -> String {
        var slice = self[...]
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
