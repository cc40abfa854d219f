import Foundation
import SkillsPlatform

/// Paths of the repository's committed fixtures, found from this file's location.
enum FixturePaths {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = repositoryRoot.appendingPathComponent("Fixtures").path
    static let openAPI = repositoryRoot.appendingPathComponent("Fixtures/openapi.json").path
    static let docs = repositoryRoot.appendingPathComponent("Fixtures/docs.json").path

    /// The committed catalog (loaded once per test; cheap enough).
    static func catalog() throws -> PlatformCatalog {
        try PlatformCatalog.load(fixturesDirectory: fixtures)
    }

    /// A scratch directory unique to one test.
    static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("skills-platform-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
