import Foundation
import SkillsCore

/// Loads the create payload from `--payload` or `--payload-file` (seed semantics: empty means `{}`).
enum PayloadSource {
    /// The payload object, or a message naming the problem.
    static func load(text: String?, file: String?) -> Result<JSONValue, OptionProblem> {
        var raw = text
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                return .failure(OptionProblem(message: "Cannot read --payload-file \(file)."))
            }
            raw = String(decoding: data, as: UTF8.self)
        }
        guard let raw, let value = JSONValue.parseOrText(raw) else { return .success(.object([])) }
        guard case .object = value else {
            return .failure(OptionProblem(message: "Payload must be a JSON object."))
        }
        return .success(value)
    }
}
