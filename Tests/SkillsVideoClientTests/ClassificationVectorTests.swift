import Foundation
import SkillsCore
import Testing
import Yams

@testable import SkillsVideoClient

/// One (status, body) -> category vector of `Fixtures/classification.yaml`.
struct ClassificationVector: Sendable, CustomTestStringConvertible {
    let status: Int
    let body: String
    let category: String
    var testDescription: String { "\(status) \(body.isEmpty ? "<empty>" : body) -> \(category)" }

    /// Every vector of the fixture file (an empty list when the file cannot be read, which a test reports).
    static func load() -> [ClassificationVector] {
        guard let text = try? String(contentsOf: ClientPaths.fixture("classification.yaml"), encoding: .utf8),
            let root = try? Yams.load(yaml: text) as? [String: Any],
            let vectors = root["vectors"] as? [[String: Any]]
        else { return [] }
        return vectors.compactMap { entry in
            guard let status = entry["status"] as? Int, let body = entry["body"] as? String,
                let category = entry["category"] as? String
            else { return nil }
            return ClassificationVector(status: status, body: body, category: category)
        }
    }
}

let classificationVectors = ClassificationVector.load()

@Suite("Classification vectors")
struct ClassificationVectorTests {
    @Test("the fixture holds at least 30 well-formed vectors covering every category")
    func fixtureShape() throws {
        #expect(classificationVectors.count >= 30)
        let text = try String(contentsOf: ClientPaths.fixture("classification.yaml"), encoding: .utf8)
        #expect(
            text.components(separatedBy: "category:").count - 1 == classificationVectors.count,
            "every vector in the file parsed")
        #expect(Set(classificationVectors.map(\.category)) == Set(ErrorCategory.allCases.map(\.rawValue)))
    }

    @Test("library classifier", arguments: classificationVectors)
    func library(vector: ClassificationVector) {
        #expect(ErrorClassifier.classify(status: vector.status, body: vector.body).rawValue == vector.category)
        #expect(HTTPAnswer(status: vector.status, body: vector.body).category.rawValue == vector.category)
    }

    @Test("skills-video classify in-process: JSON category and exit code", arguments: classificationVectors)
    func cli(vector: ClassificationVector) async throws {
        let (code, output) = await OutputCollector.run([
            "classify", "--status", "\(vector.status)", "--body", vector.body,
        ])
        let category = try #require(ErrorCategory(rawValue: vector.category))
        #expect(code == category.exitCode)
        let line = try #require(output.events.first)
        #expect(line["category"]?.stringValue == vector.category)
        #expect(line["status"]?.intValue == vector.status)
        #expect(line["should_retry"]?.boolValue == (category == .transient))
        #expect(line["guidance"]?.arrayValue?.isEmpty == false)
    }

    @Test("skills-video classify binary: exit code is the category code for every vector")
    func binary() async throws {
        for vector in classificationVectors {
            let result = try await ChildProcess.run(
                ClientPaths.skillsVideoBinary,
                ["classify", "--status", "\(vector.status)", "--body", vector.body],
                environment: [:])
            let category = try #require(ErrorCategory(rawValue: vector.category))
            #expect(result.exitCode == category.exitCode, "\(vector.testDescription)")
            let line = try JSONValue.parse(result.stdout.trimmingWhitespace())
            #expect(line["category"]?.stringValue == vector.category)
        }
    }

    @Test("--body-file reads the body; an unreadable file is an argument error")
    func bodyFile() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("classify-\(UUID().uuidString).json")
        try Data("{\"error\": {\"message\": \"Not enough credits\"}}".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let (code, output) = await OutputCollector.run(["classify", "--status", "500", "--body-file", file.path])
        #expect(code == 20)
        #expect(output.events.first?["message"]?.stringValue == "Not enough credits")
        let (missing, missingOutput) = await OutputCollector.run([
            "classify", "--status", "500", "--body-file", "/nonexistent/x",
        ])
        #expect(missing == 1)
        #expect(missingOutput.events.first?["error"]?.stringValue == "invalid_arguments")
    }
}
