import ArgumentParser
import Foundation
import SkillsCore

/// `classify`: the seed's runtime-error classification (rule CLASS-1), exit code = category code.
struct ClassifyCommand: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify", abstract: "Classify a runtime API error and print actionable guidance.")

    @Option(help: "HTTP status code.") var status: Int
    @Option(help: "Raw response body (JSON or text).") var body: String?
    @Option(help: "Path to a file holding the raw response body.") var bodyFile: String?
    @Option(name: .customLong("base-url"), help: "API base URL (for the credits check command).")
    var baseURL = PlatformURL.defaultBase
    @Option(help: "Credits endpoint path.") var creditsEndpoint = "/credits"

    func run(_ context: CLIContext) async -> Int32 {
        let raw: String?
        if let bodyFile {
            guard let data = FileManager.default.contents(atPath: bodyFile) else {
                return context.invalidArguments("Cannot read --body-file \(bodyFile).")
            }
            raw = String(decoding: data, as: UTF8.self)
        } else {
            raw = body
        }
        let message = ErrorClassifier.extractMessage(raw.flatMap(JSONValue.parseOrText))
        let category = ErrorClassifier.classify(status: status, message: message)
        let creditsURL = PlatformURL.join(base: baseURL, endpoint: creditsEndpoint)
        context.sink.document([
            "category": .string(category.rawValue),
            "status": .number(Double(status)),
            "message": .string(message),
            "should_retry": .bool(category.shouldRetry),
            "guidance": .array(category.guidance.map(JSONValue.string)),
            "credits_check_command": .string(
                "curl -X GET \"\(creditsURL)\" -H \"Authorization: Bearer $\(SkillsVideoCLI.apiKeyVariable)\""),
            "recharge": [
                "dashboard_url": "https://skills.video/dashboard",
                "pricing_url": "https://skills.video/pricing",
            ],
        ])
        return category.exitCode
    }
}
