import Foundation
import SkillsCore

/// Reads a JSON file into text and a parsed value, with errors naming the file.
enum FixtureFile {
    /// The file's UTF-8 text.
    static func readText(_ path: String) throws(PlatformLoadError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PlatformLoadError(file: path, code: .fileNotFound)
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Parses `text` (read from `file`) as JSON.
    static func parse(_ text: String, file: String) throws(PlatformLoadError) -> JSONValue {
        do {
            return try JSONValue.parse(text)
        } catch let error as JSONParseError {
            throw PlatformLoadError(file: file, code: .invalidJSON(error.description))
        } catch {
            throw PlatformLoadError(file: file, code: .invalidJSON("\(error)"))
        }
    }
}
