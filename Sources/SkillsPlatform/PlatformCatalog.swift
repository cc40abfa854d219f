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
    public init(
        openAPIText: String, docsText: String, openAPIFile: String = "openapi.json", docsFile: String = "docs.json"
    )
        throws(PlatformLoadError)
    {
        self.openAPIText = openAPIText
        self.docsText = docsText
        let openAPI = try OpenAPIDocument(text: openAPIText, file: openAPIFile)
        let docs = try DocsIndex(text: docsText, file: docsFile)
        self.openAPI = openAPI
        self.docs = docs

        let listed = Self.listedModels(docs)
        videoModels = listed[.videos] ?? []
        imageModels = listed[.images] ?? []
        var categories: [String: EndpointCategory] = [:]
        for category in EndpointCategory.allCases.reversed() {
            for model in listed[category] ?? [] { categories[model] = category }
        }
        var models: [String: PlatformModel] = [:]
        for (model, paths) in Self.createPaths(openAPI).sorted(by: { $0.key < $1.key }) {
            models[model] = try Self.model(
                model, paths: paths, category: categories[model], in: openAPI, file: openAPIFile)
        }
        self.models = models
    }

    /// Models listed per docs group, unique, in docs order.
    static func listedModels(_ docs: DocsIndex) -> [EndpointCategory: [String]] {
        var listed: [EndpointCategory: [String]] = [:]
        for category in EndpointCategory.allCases {
            var seen: Set<String> = []
            listed[category] = docs.endpoints(category).compactMap { row in
                EndpointPath.model(ofCreatePath: EndpointPath.parse(row).path)
            }.filter { seen.insert($0).inserted }
        }
        return listed
    }

    /// Every model with a POST create path, with its first declared polling and SSE paths.
    static func createPaths(_ openAPI: OpenAPIDocument) -> [String: (polling: String?, sse: String?)] {
        var paths: [String: (polling: String?, sse: String?)] = [:]
        for path in openAPI.pathNames where openAPI.hasOperation(method: "post", path: path) {
            guard let model = EndpointPath.model(ofCreatePath: path) else { continue }
            var entry = paths[model] ?? (nil, nil)
            if EndpointPath.toPolling(path) == path {
                entry.polling = entry.polling ?? path
            } else {
                entry.sse = entry.sse ?? path
            }
            paths[model] = entry
        }
        return paths
    }

    /// One model: its request schema (from the polling create, else the SSE one) compiled into a validator.
    static func model(
        _ model: String, paths: (polling: String?, sse: String?), category: EndpointCategory?,
        in openAPI: OpenAPIDocument,
        file: String
    ) throws(PlatformLoadError) -> PlatformModel {
        var name: String?
        var template = RequestTemplate.empty
        var validator: CompiledSchema?
        if let path = paths.polling ?? paths.sse,
            let body = openAPI.operation(method: "post", path: path)?["requestBody"]?["content"]?["application/json"]?[
                "schema"],
            case .object = body
        {
            do {
                let resolved = try openAPI.resolve(body)
                name = resolved.name
                template = RequestTemplate(schema: resolved.schema)
                validator = try CompiledSchema(body, document: openAPI)
            } catch {
                throw PlatformLoadError(file: file, code: .invalidDocument("POST \(path): \(error.description)"))
            }
        }
        return PlatformModel(
            model: model, category: category, pollingCreatePath: paths.polling, sseCreatePath: paths.sse,
            requestSchemaName: name, template: template, validator: validator)
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
