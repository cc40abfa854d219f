import Foundation
import SkillsCore
import Yams

/// Loads scenario files strictly: every problem of every file is collected, each with its file, line and key path.
public enum ScenarioLoader {
    /// File name endings the loader picks up in directories.
    public static let fileExtensions = ["yaml", "yml"]

    /// Files or directories (recursive `*.yaml` / `*.yml`, sorted by path). Collects every error of every file.
    public static func load(paths: [String]) throws(ScenarioLoadFailure) -> [Scenario] {
        var errors: [ScenarioError] = []
        var scenarios: [Scenario] = []
        var firstSeen: [String: (file: String, line: Int?)] = [:]
        let files = scenarioFiles(paths, errors: &errors)
        for (file, outcome) in zip(files, decodeAll(files)) {
            errors.append(contentsOf: outcome.errors)
            guard let scenario = outcome.scenario else { continue }
            if let earlier = firstSeen[scenario.id] {
                let place = earlier.file + (earlier.line.map { ":\($0)" } ?? "")
                errors.append(
                    ScenarioError(
                        file: file, line: outcome.idLine, keyPath: "id",
                        message:
                            "\"\(scenario.id)\" is already the id of \(place) (expected ids unique across the catalogue)"
                    ))
                continue
            }
            firstSeen[scenario.id] = (file, outcome.idLine)
            scenarios.append(scenario)
        }
        guard errors.isEmpty else { throw ScenarioLoadFailure(errors: errors) }
        return scenarios
    }

    /// Reads and decodes files side by side on every core (each file is independent; start-up time of a
    /// server with a catalogue is mostly this); outcomes come back in the files' order.
    static func decodeAll(_ files: [String]) -> [FileOutcome] {
        let outcomes = UnsafeMutableBufferPointer<FileOutcome>.allocate(capacity: files.count)
        defer { outcomes.deallocate() }
        let slots = OutcomeSlots(buffer: outcomes)
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            var errors: [ScenarioError] = []
            var outcome = decode(bytes: readBytes(files[index], errors: &errors), file: files[index])
            outcome.errors = errors + outcome.errors
            (slots.buffer.baseAddress! + index).initialize(to: outcome)
        }
        let ordered = Array(outcomes)
        _ = outcomes.deinitialize()
        return ordered
    }

    /// The raw buffer the concurrent decoders fill. `@unchecked Sendable` because a pointer is not: safe, as each
    /// iteration initialises only its own slot and the buffer is read only after `concurrentPerform` returned.
    private struct OutcomeSlots: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<FileOutcome>
    }

    /// One scenario file.
    public static func load(file: String) throws(ScenarioLoadFailure) -> Scenario {
        var errors: [ScenarioError] = []
        let bytes = readBytes(file, errors: &errors)
        guard errors.isEmpty else { throw ScenarioLoadFailure(errors: errors) }
        return try parse(bytes: bytes ?? [], file: file)
    }

    /// Scenario text; `file` names it in messages and becomes `Scenario.source`.
    public static func parse(yaml: String, file: String) throws(ScenarioLoadFailure) -> Scenario {
        try parse(bytes: Array(yaml.utf8), file: file)
    }

    /// Scenario bytes (checked for size and UTF-8 first); `file` names it in messages.
    public static func parse(bytes: [UInt8], file: String) throws(ScenarioLoadFailure) -> Scenario {
        let outcome = decode(bytes: bytes, file: file)
        guard let scenario = outcome.scenario, outcome.errors.isEmpty else {
            throw ScenarioLoadFailure(errors: outcome.errors)
        }
        return scenario
    }

    /// The scenario files named by `paths`: files as given, directories searched recursively, sorted by path.
    public static func scenarioFiles(_ paths: [String], errors: inout [ScenarioError]) -> [String] {
        var files: [String] = []
        var seen = Set<String>()
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                errors.append(
                    ScenarioError(
                        file: path, line: nil, keyPath: "",
                        message: "no such file or directory (expected a scenario file or a directory of them)"))
                continue
            }
            var found: [String] = []
            if isDirectory.boolValue {
                let base = path.hasSuffix("/") ? String(path.dropLast()) : path
                let entries = (manager.enumerator(atPath: path)?.allObjects as? [String]) ?? []
                found =
                    entries
                    .filter { entry in
                        fileExtensions.contains((entry as NSString).pathExtension.lowercased())
                            && !entry.split(separator: "/").contains(where: { $0.hasPrefix(".") })
                    }
                    .map { base + "/" + $0 }
                    .sorted()
                if found.isEmpty {
                    errors.append(
                        ScenarioError(
                            file: path, line: nil, keyPath: "",
                            message: "the directory holds no scenario files (expected *.yaml or *.yml files)"))
                }
            } else {
                found = [path]
            }
            for file in found where seen.insert((file as NSString).standardizingPath).inserted {
                files.append(file)
            }
        }
        return files
    }

    // MARK: Internals

    /// What decoding one file gave: the scenario when there was no problem, the problems, and the id's line.
    struct FileOutcome {
        var scenario: Scenario?
        var errors: [ScenarioError]
        var idLine: Int?
    }

    /// Reads a file's bytes, recording a problem when it cannot be read.
    static func readBytes(_ file: String, errors: inout [ScenarioError]) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: file) else {
            errors.append(
                ScenarioError(
                    file: file, line: nil, keyPath: "", message: "cannot be read (expected a readable scenario file)"))
            return nil
        }
        return [UInt8](data)
    }

    /// Bytes → text → YAML nodes → scenario, collecting every problem.
    static func decode(bytes: [UInt8]?, file: String) -> FileOutcome {
        guard let bytes else { return FileOutcome(scenario: nil, errors: []) }
        let text: String
        switch ScenarioText.decode(bytes, file: file) {
        case .failure(let error): return FileOutcome(scenario: nil, errors: [error])
        case .success(let decoded): text = decoded
        }
        let document: YAMLDocument
        switch YAMLDocument.compose(text, file: file) {
        case .failure(let error): return FileOutcome(scenario: nil, errors: [error])
        case .success(let composed): document = composed
        }
        var decoder = ScenarioDecoder(file: file)
        decoder.reader.duplicateKeys = document.duplicates
        let scenario = decoder.decode(root: document.root, source: file)
        let idLine = document.root?.mapping?["id"]?.mark?.line
        let errors = decoder.reader.problemsInDocumentOrder
        return FileOutcome(scenario: errors.isEmpty ? scenario : nil, errors: errors, idLine: idLine)
    }
}
