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

    /// A path relative to the package root.
    public static func path(_ relative: String) -> String { root + "/" + relative }
}
