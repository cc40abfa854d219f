import Foundation
import SkillsCore

/// The platform model loaded from `Fixtures/openapi.json` and `Fixtures/docs.json`: models, contracts, validation.
public struct PlatformCatalog: Sendable {
    /// The OpenAPI text as read (served at /api/openapi.json and /api/v1/openapi.json).
    public let openAPIText: String
    /// The docs.json text as read (served at /docs.json).
    public let docsText: String
    /// The parsed OpenAPI document.
    public let openAPI: OpenAPIDocument
    /// The parsed docs.json.
    public let docs: DocsIndex
    /// Every model with a create endpoint, by model path.
    public let models: [String: PlatformModel]
    /// Model paths listed in the `Videos` group, in docs order.
    public let videoModels: [String]
    /// Model paths listed in the `Images` group, in docs order.
    public let imageModels: [String]

    /// Loads `openapi.json` and `docs.json` from a directory (e.g. the repository's `Fixtures`).
    public static func load(fixturesDirectory: String) throws -> PlatformCatalog {
        let directory = URL(fileURLWithPath: fixturesDirectory)
        let openAPIFile = directory.appendingPathComponent("openapi.json").path
        let docsFile = directory.appendingPathComponent("docs.json").path
        return try PlatformCatalog(
            openAPIText: FixtureFile.readText(openAPIFile), docsText: FixtureFile.readText(docsFile),
            openAPIFile: openAPIFile, docsFile: docsFile)
    }

    /// Builds the catalog from the two documents' text; the file names only label errors.
    public init(openAPIText: String, docsText: String, openAPIFile: String = "openapi.json", docsFile: String = "docs.json")
        throws(PlatformLoadError)
    {
        self.openAPIText = openAPIText
        self.docsText = docsText
        let openAPI = try OpenAPIDocument(text: openAPIText, file: openAPIFile)
        let docs = try DocsIndex(text: docsText, file: docsFile)
        self.openAPI = openAPI
        self.docs = docs

        var categories: [String: EndpointCategory] = [:]
        var listed: [EndpointCategory: [String]] = [:]
        for category in EndpointCategory.allCases {
            for row in docs.endpoints(category) {
                guard let model = EndpointPath.model(ofCreatePath: EndpointPath.parse(row).path) else { continue }
                if categories[model] == nil { categories[model] = category }
                if !(listed[category]?.contains(model) ?? false) { listed[category, default: []].append(model) }
            }
        }
        videoModels = listed[.videos] ?? []
        imageModels = listed[.images] ?? []

        var polling: [String: String] = [:]
        var sse: [String: String] = [:]
        var order: [String] = []
        for path in openAPI.pathNames where openAPI.hasOperation(method: "post", path: path) {
            guard let model = EndpointPath.model(ofCreatePath: path) else { continue }
            if polling[model] == nil, sse[model] == nil { order.append(model) }
            if EndpointPath.toPolling(path) == path {
                polling[model] = polling[model] ?? path
            } else {
                sse[model] = sse[model] ?? path
            }
        }
        var models: [String: PlatformModel] = [:]
        for model in order {
            guard let path = polling[model] ?? sse[model],
                let operation = openAPI.operation(method: "post", path: path)
            else { continue }
            let body = operation["requestBody"]?["content"]?["application/json"]?["schema"]
            var name: String?
            var schema: JSONValue?
            var validator: CompiledSchema?
            if let body, case .object = body {
                do {
                    let resolved = try openAPI.resolve(body)
                    name = resolved.name
                    schema = resolved.schema
                    validator = try CompiledSchema(body, document: openAPI)
                } catch {
                    throw PlatformLoadError(
                        file: openAPIFile, code: .invalidDocument("POST \(path): \(error.description)"))
                }
            }
            models[model] = PlatformModel(
                model: model, category: categories[model], pollingCreatePath: polling[model], sseCreatePath: sse[model],
                requestSchemaName: name, template: schema.map(RequestTemplate.init(schema:)) ?? .empty,
                validator: validator)
        }
        self.models = models
    }

    /// Whether `model` ("kling-ai/kling-v2.6", "lightricks/ltx-2.3/extend-video") has a create endpoint.
    public func hasModel(_ model: String) -> Bool {
        models[model] != nil
    }

    /// Checks a create payload for `model` against its request schema.
    public func validate(model: String, payload: JSONValue) -> PayloadValidation {
        guard let entry = models[model] else { return .unknownModel }
        return entry.validate(payload)
    }

    /// The request template of `model` (required fields and defaults), if the model exists.
    public func template(model: String) -> JSONValue? {
        models[model]?.template.value
    }

    /// The full contract of `model`'s create endpoint (SSE twin preferred), if the model exists.
    public func contract(model: String) -> EndpointContract? {
        guard let entry = models[model], let path = entry.sseCreatePath ?? entry.pollingCreatePath else { return nil }
        return try? EndpointContract.resolve(endpoint: "POST \(path)", in: openAPI)
    }
}
