import Foundation
import SkillsScenario
import Yams

/// Strict loading of client profiles: unknown keys, wrong types and unknown placeholders are errors with positions.
public enum ClientProfileLoader {
    static let keys = ["name", "run", "classify", "env", "exit_codes"]

    /// Loads a profile file.
    public static func load(file: String) throws(InputFailure) -> ClientProfile {
        try parse(yaml: InputFile.text(of: file), file: file)
    }

    /// Parses profile text; `file` names it in messages.
    static func parse(yaml: String, file: String) throws(InputFailure) -> ClientProfile {
        let document = try InputFile.root(of: yaml, file: file, expected: "a client profile")
        let root = document.root
        var reader = document.reader
        guard
            let top = reader.fields(
                root, .root, allowed: keys, expected: "a mapping with keys \(keys.joined(separator: ", "))")
        else { throw InputFailure(reader.problemsInDocumentOrder) }
        var name: String?
        var run: [String]?
        var classify: [String]?
        var env: [EnvironmentVariable] = []
        var exitCodes = ExitConvention.seed
        for member in top.members {
            let path = NodePath.root.appending(member.key)
            let node = member.value
            switch member.key {
            case "name":
                name = reader.string(node, path, expected: "the client's name", allowNumbers: true)
                if name?.trimmingCharacters(in: .whitespaces).isEmpty == true {
                    reader.report(node, path, "is blank (expected the client's name)")
                }
            case "run":
                run = commandLine(node, path, allowed: ProfileTemplate.runPlaceholders, reader: &reader)
            case "classify":
                classify = commandLine(node, path, allowed: ProfileTemplate.classifyPlaceholders, reader: &reader)
            case "env":
                env = environment(node, path, reader: &reader)
            case "exit_codes":
                if let text = reader.string(node, path, expected: "seed or none") {
                    if let convention = ExitConvention(rawValue: text) {
                        exitCodes = convention
                    } else {
                        reader.report(node, path, "unknown value '\(text)' (expected seed or none)")
                    }
                }
            default:
                break  // `fields` let only the known keys through
            }
        }
        if !top.has("name") { reader.missing(top, "name", expected: "the client's name") }
        if !top.has("run") { reader.missing(top, "run", expected: "the command line as a list") }
        guard reader.problems.isEmpty, let name, let run else { throw InputFailure(reader.problemsInDocumentOrder) }
        return ClientProfile(name: name, run: run, classify: classify, env: env, exitCodes: exitCodes, source: file)
    }

    /// A non-empty argv list whose placeholders are all in `allowed`.
    static func commandLine(_ node: Node, _ path: NodePath, allowed: [String], reader: inout NodeReader) -> [String]? {
        guard let items = reader.list(node, path, expected: "the command line as a list of words") else { return nil }
        if items.isEmpty {
            reader.report(node, path, "is an empty list (expected the command line as a list of words)")
            return nil
        }
        var words: [String] = []
        for (index, item) in items.enumerated() {
            let itemPath = path.appending(index)
            guard
                let word = reader.string(
                    item, itemPath, expected: "a command-line word", allowNumbers: true, allowEmpty: true)
            else { continue }
            check(word, itemPath, item, allowed: allowed, reader: &reader)
            words.append(word)
        }
        return words.count == items.count ? words : nil
    }

    /// The `env:` mapping: variable names to values (placeholders allowed), in file order.
    static func environment(_ node: Node, _ path: NodePath, reader: inout NodeReader) -> [EnvironmentVariable] {
        guard let members = reader.members(node, path, expected: "a mapping of variable names to strings") else {
            return []
        }
        var result: [EnvironmentVariable] = []
        for member in members {
            let name = member.key
            let namePath = path.appending(name)
            if name.isEmpty || name.contains("=") {
                reader.report(member.keyNode, namePath, "is not a variable name (expected a name without '=')")
                continue
            }
            if name == "SKILLS_VIDEO_API_KEY" {
                reader.report(member.keyNode, namePath, "the runner sets SKILLS_VIDEO_API_KEY itself (one key per run)")
                continue
            }
            guard
                let text = reader.string(
                    member.value, namePath, expected: "the variable's value", allowNumbers: true,
                    allowEmpty: true)
            else { continue }
            check(text, namePath, member.value, allowed: ProfileTemplate.runPlaceholders, reader: &reader)
            result.append(EnvironmentVariable(name, text))
        }
        return result
    }

    /// Reports each placeholder of `text` that is not in `allowed`.
    static func check(_ text: String, _ path: NodePath, _ node: Node, allowed: [String], reader: inout NodeReader) {
        for name in ProfileTemplate.placeholders(in: text) where !allowed.contains(name) {
            reader.report(
                node, path,
                "unknown placeholder {\(name)} (expected one of: \(allowed.map { "{\($0)}" }.joined(separator: ", ")))")
        }
    }
}
