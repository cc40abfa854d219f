import Yams

/// Composes YAML text into a node tree with line marks, turning every Yams error into a positioned problem.
///
/// Yams stops at the first duplicate key. To still report every problem of the file, each
/// duplicate's second occurrence is renamed to a sentinel key and the text is composed again; the
/// decoder then reports each sentinel as a duplicate at its own line and key path.
public struct YAMLDocument {
    /// The root node (nil for an empty document).
    public var root: Node?
    /// Sentinel key → the duplicated key and the line of its first occurrence.
    var duplicates: [String: (key: String, firstLine: Int)] = [:]

    /// Scalars resolve as in YAML 1.2's core schema: only true/false are booleans, no timestamps, no merge keys.
    static let resolver: Resolver = {
        let core = Resolver.default.removing(.timestamp).removing(.merge).removing(.value)
        return (try? core.replacing(.bool, with: "^(?:true|True|TRUE|false|False|FALSE)$")) ?? core
    }()

    /// Most duplicate keys renamed before giving up on finding more problems.
    static let maxDuplicates = 32

    /// Every plain scalar a string: keys are then equal exactly when their text is, as the decoder reads them.
    ///
    /// Yams' duplicate check groups keys by text *and* tag and sorts the groups by text alone, so `1` and
    /// `"1"` (or a list key among scalar ones) tie, and which one it reports first depends on a `Dictionary`'s
    /// per-instance seed. Checking with this resolver first leaves no such ties among scalar keys.
    static let keyResolver = Resolver.basic

    /// The composed document, or the problem that stopped YAML parsing.
    ///
    /// Duplicate keys are found with ``keyResolver`` (text equality), then the document is composed with
    /// ``resolver``; the outcome is the same whatever order Yams lists tied keys in.
    public static func compose(_ text: String, file: String) -> Result<YAMLDocument, ScenarioError> {
        var text = text
        var document = YAMLDocument()
        while true {
            do {
                _ = try Yams.compose(yaml: text, keyResolver, .default, .utf8)
                document.root = try Yams.compose(yaml: text, resolver, .default, .utf8)
                return .success(document)
            } catch let error as YamlError {
                if case .duplicatedKeysInMapping(let keys, let context) = error {
                    // Yams' context mark belongs to the first key it lists.
                    guard let key = keys.first, key != complexKeyName else {
                        return .failure(complexKeyProblem(line: context.mark.line, file: file))
                    }
                    if document.duplicates.count < maxDuplicates,
                        let renamed = renameSecondOccurrence(
                            of: key, after: context.mark, in: text,
                            sentinel: "__duplicate\(document.duplicates.count)__\(key)")
                    {
                        document.duplicates[renamed.sentinel] = (key, context.mark.line)
                        text = renamed.text
                        continue
                    }
                }
                return .failure(problem(for: error, text: text, file: file))
            } catch {
                return .failure(ScenarioError(file: file, line: nil, keyPath: "", message: "invalid YAML: \(error)"))
            }
        }
    }

    /// The name Yams gives a key that is a list or a mapping.
    static let complexKeyName = "<uncovertable>"

    /// A list or mapping used twice as a key. Only its line is named: which other duplicated keys Yams lists
    /// with it depends on its unstable sort, and scenario keys are never lists or mappings anyway.
    static func complexKeyProblem(line: Int, file: String) -> ScenarioError {
        ScenarioError(
            file: file, line: line, keyPath: "?",
            message:
                "a list or mapping is used twice as a key in one mapping (expected each key once, and keys that are names)"
        )
    }

    /// A positioned problem for a Yams error.
    static func problem(for error: YamlError, text: String, file: String) -> ScenarioError {
        // libyaml may place an end-of-input problem one line past the last one; point at the last line instead.
        let lastLine = max(1, text.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } + (text.utf8.last == 0x0A ? 0 : 1))
        func make(_ line: Int?, _ problem: String, _ context: YamlError.Context?) -> ScenarioError {
            let line = line.map { min($0, lastLine) }
            var message = "invalid YAML: \(problem)"
            if let context, !context.text.isEmpty, context.text.count < 200 {
                message += ", \(context.text) at line \(context.mark.line)"
            }
            return ScenarioError(file: file, line: line, keyPath: "", message: message + " (expected well-formed YAML)")
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return make(mark.line, problem, context)
        case .reader(let problem, let offset, _, _):
            return make(offset.map { ScenarioText.line(ofByteOffset: $0, in: text) }, problem, nil)
        case .duplicatedKeysInMapping(let keys, let context):
            let names = keys.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            return ScenarioError(
                file: file, line: context.mark.line, keyPath: keys.first ?? "",
                message: "duplicate key \(names) in one mapping (expected each key once)")
        default:
            return ScenarioError(file: file, line: nil, keyPath: "", message: "invalid YAML: \(error)")
        }
    }

    /// The text with the second occurrence of `key` (a sibling of the one at `first`) replaced by `sentinel`.
    ///
    /// Handles block mappings (a later line at the same indentation, before the mapping ends) and flow
    /// mappings on one line (`{a: 1, a: 2}`); nil when the occurrence cannot be found.
    static func renameSecondOccurrence(
        of key: String, after first: Mark, in text: String,
        sentinel: String
    ) -> (text: String, sentinel: String)? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            Array(String($0).unicodeScalars)
        }
        let lineIndex = first.line - 1
        let column = first.column - 1
        guard lines.indices.contains(lineIndex), column >= 0, column <= lines[lineIndex].count else { return nil }
        let spellings = [key, "\"\(key)\"", "'\(key)'"].map { Array($0.unicodeScalars) }
        let sentinelSpellings = [sentinel, "\"\(sentinel)\"", "'\(sentinel)'"].map { Array($0.unicodeScalars) }

        func keyMatch(_ scalars: [Unicode.Scalar], at start: Int) -> Int? {
            for (index, spelling) in spellings.enumerated() where start + spelling.count <= scalars.count {
                guard Array(scalars[start..<start + spelling.count]) == spelling else { continue }
                var end = start + spelling.count
                while end < scalars.count, scalars[end] == " " { end += 1 }
                if end < scalars.count, scalars[end] == ":" { return index }
            }
            return nil
        }
        func replace(line: Int, at start: Int, spelling: Int) -> (text: String, sentinel: String) {
            var scalars = lines[line]
            scalars.replaceSubrange(start..<start + spellings[spelling].count, with: sentinelSpellings[spelling])
            lines[line] = scalars
            let joined = lines.map { String(String.UnicodeScalarView($0)) }.joined(separator: "\n")
            return (joined, sentinel)
        }

        // Flow mapping on the same line: `{a: 1, a: 2}`.
        let firstLine = lines[lineIndex]
        var position = column + 1
        while position < firstLine.count {
            let previous = firstLine[..<position].last(where: { $0 != " " })
            if previous == "," || previous == "{", let spelling = keyMatch(firstLine, at: position) {
                return replace(line: lineIndex, at: position, spelling: spelling)
            }
            position += 1
        }
        // Block mapping: later lines at the same indentation until the mapping ends.
        for index in (lineIndex + 1)..<lines.count {
            let scalars = lines[index]
            guard let indent = scalars.firstIndex(where: { $0 != " " }), scalars[indent] != "#" else { continue }
            if indent < column { return nil }
            if indent == column, let spelling = keyMatch(scalars, at: column) {
                return replace(line: index, at: column, spelling: spelling)
            }
            if indent == column && scalars[indent] == "-" { return nil }
        }
        return nil
    }
}
