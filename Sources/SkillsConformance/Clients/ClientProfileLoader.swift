import Foundation
import Yams

/// Strict loading of client profiles: unknown keys, wrong types and unknown placeholders are errors with positions.
public enum ClientProfileLoader {
    static let keys = ["name", "run", "classify", "env", "exit_codes"]

    /// Loads a profile file.
    public static func load(file: String) throws(InputFailure) -> ClientProfile {
        var reader = YAMLReader(file: file)
        guard let text = reader.text(ofFile: file) else { throw InputFailure(reader.errors) }
        return try parse(yaml: text, file: file)
    }

    /// Parses profile text; `file` names it in messages.
    public static func parse(yaml: String, file: String) throws(InputFailure) -> ClientProfile {
        var reader = YAMLReader(file: file)
        guard let root = reader.root(yaml), let pairs = reader.mapping(root, "", allowed: keys) else {
            throw InputFailure(reader.errors)
        }
        var name: String?
        var run: [String]?
        var classify: [String]?
        var env: [EnvironmentVariable] = []
        var exitCodes = ExitConvention.seed
        for (key, node) in pairs {
            switch key {
            case "name":
                name = reader.string(node, key)
                if name?.trimmingCharacters(in: .whitespaces).isEmpty == true {
                    reader.fail(node, key, "expected a non-empty name")
                }
            case "run":
                run = reader.stringList(node, key, nonEmpty: true)
                run.map { check($0, key, node, allowed: ProfileTemplate.runPlaceholders, reader: &reader) }
            case "classify":
                classify = reader.stringList(node, key, nonEmpty: true)
                classify.map { check($0, key, node, allowed: ProfileTemplate.classifyPlaceholders, reader: &reader) }
            case "env":
                env = environment(node, reader: &reader)
            case "exit_codes":
                if let text = reader.string(node, key) {
                    if let convention = ExitConvention(rawValue: text) { exitCodes = convention } else {
                        reader.fail(node, key, "unknown value '\(text)' (expected seed or none)")
                    }
                }
            default:
                break
            }
        }
        if name == nil, !pairs.contains(where: { $0.0 == "name" }) { reader.fail(root, "name", "missing (expected the client's name)") }
        if run == nil, !pairs.contains(where: { $0.0 == "run" }) { reader.fail(root, "run", "missing (expected the command line as a list)") }
        guard reader.errors.isEmpty, let name, let run else { throw InputFailure(reader.errors) }
        return ClientProfile(name: name, run: run, classify: classify, env: env, exitCodes: exitCodes, source: file)
    }

    static func environment(_ node: Node, reader: inout YAMLReader) -> [EnvironmentVariable] {
        guard case .mapping(let mapping) = node else {
            reader.fail(node, "env", "expected a mapping of names to strings, found \(YAMLReader.kind(node))")
            return []
        }
        var result: [EnvironmentVariable] = []
        for (keyNode, value) in mapping {
            guard let name = reader.string(keyNode, "env"), !name.isEmpty, !name.contains("=") else {
                reader.fail(keyNode, "env", "expected a variable name without '='")
                continue
            }
            let path = "env.\(name)"
            if name == "SKILLS_VIDEO_API_KEY" {
                reader.fail(keyNode, path, "the runner sets SKILLS_VIDEO_API_KEY itself (one key per run)")
                continue
            }
            guard let text = reader.string(value, path) else { continue }
            check([text], path, value, allowed: ProfileTemplate.runPlaceholders, reader: &reader, indexed: false)
            result.append(EnvironmentVariable(name, text))
        }
        return result
    }

    static func check(_ items: [String], _ path: String, _ node: Node, allowed: [String], reader: inout YAMLReader,
                      indexed: Bool = true) {
        let lines: [Int?]
        if case .sequence(let sequence) = node { lines = sequence.map { $0.mark?.line } } else { lines = [node.mark?.line] }
        for (index, item) in items.enumerated() {
            for name in ProfileTemplate.placeholders(in: item) where !allowed.contains(name) {
                let line = index < lines.count ? lines[index] : node.mark?.line
                reader.fail(atLine: line, indexed ? "\(path)[\(index)]" : path,
                            "unknown placeholder {\(name)} (expected one of: \(allowed.map { "{\($0)}" }.joined(separator: ", ")))")
            }
        }
    }
}
