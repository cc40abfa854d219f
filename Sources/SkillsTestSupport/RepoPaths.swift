import Foundation

/// Paths inside the package checkout, found from this source file's location (so tests run from anywhere).
public enum RepoPaths {
    /// The package root (the directory holding `Package.swift`).
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.pathComponents.count > 1 {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.path
            }
        }
        return FileManager.default.currentDirectoryPath
    }()

    /// `Fixtures/` (openapi.json, docs.json, classification vectors).
    public static var fixtures: String { root + "/Fixtures" }

    /// `Scenarios/` (the scenario catalogue).
    public static var scenarios: String { root + "/Scenarios" }

    /// A built executable of this package (`skillsmock`, `skills-video`): next to the running test bundle
    /// (`.build/<config>/`), else in `.build/debug`.
    public static func executable(_ name: String) -> URL {
        let candidates = [
            Bundle.main.executableURL?.deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            URL(fileURLWithPath: path(".build/debug")),
        ].compactMap { $0 }
        for directory in candidates {
            let url = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return URL(fileURLWithPath: path(".build/debug/" + name))
    }

    /// A path relative to the package root.
    public static func path(_ relative: String) -> String { root + "/" + relative }
}
