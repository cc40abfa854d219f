import SkillsCore

/// One model of the catalog: its category, create endpoints, request schema and precompiled validator.
public struct PlatformModel: Sendable {
    /// The model path, `provider/model...` (e.g. "kling-ai/kling-v2.6").
    public let model: String
    /// The docs.json group that lists it, if any.
    public let category: EndpointCategory?
    /// The polling create path as declared (e.g. "/generation/kling-ai/kling-v2.6"), if declared.
    public let pollingCreatePath: String?
    /// The SSE create path as declared, if declared.
    public let sseCreatePath: String?
    /// The request schema's component name, when the body is a `$ref`.
    public let requestSchemaName: String?
    /// The request template (required fields and defaults).
    public let template: RequestTemplate
    let validator: CompiledSchema?

    /// Checks a payload against the request schema (a model with no request schema accepts any JSON object).
    public func validate(_ payload: JSONValue) -> PayloadValidation {
        guard case .object = payload else {
            return .invalid(["payload: expected a JSON object, got \(SchemaSummary.jsonTypeName(payload))"])
        }
        guard let validator else { return .ok }
        let problems = validator.problems(payload)
        guard problems.count > Self.maximumMessages else { return problems.isEmpty ? .ok : .invalid(problems) }
        let more = problems.count - Self.maximumMessages
        return .invalid(
            Array(problems.prefix(Self.maximumMessages)) + [
                "payload: \(more) more problem\(more == 1 ? "" : "s") not shown"
            ])
    }

    /// At most this many problems are reported (then a count of the rest), so a hostile payload gets a short 422.
    public static let maximumMessages = 20
}
