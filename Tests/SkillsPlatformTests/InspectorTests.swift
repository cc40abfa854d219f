import Foundation
import SkillsCore
import SkillsPlatform
import Testing

@Suite struct InspectorTests {
    func fixtureInspector() throws -> Inspector {
        try Inspector.load(openAPIPath: FixturePaths.openAPI)
    }

    func scopedInspector() throws -> Inspector {
        Inspector(openAPI: try OpenAPIDocument(text: ScopedSpec.text))
    }

    @Test func listEndpointsPutsSSETwinsFirst() throws {
        let docs = try Inspector.loadDocs(path: FixturePaths.docs)
        let output = try fixtureInspector().listEndpoints(docs: docs, category: .videos, source: "/abs/docs.json")
        #expect(
            output.objectValue?.map(\.0) == [
                "category", "source", "default_result_mode", "default_endpoints", "sse_endpoints", "polling_endpoints",
                "poll_endpoint",
            ])
        #expect(output["category"] == "videos")
        #expect(output["source"] == "/abs/docs.json")
        #expect(output["default_result_mode"] == "sse")
        #expect(output["poll_endpoint"] == "/generation/{id}")
        let polling = try #require(output["polling_endpoints"]?.arrayValue?.compactMap { $0.stringValue })
        let defaults = try #require(output["default_endpoints"]?.arrayValue?.compactMap { $0.stringValue })
        #expect(polling.count == 38)
        #expect(polling.first == "POST /generation/openai/sora-2-pro")
        #expect(
            defaults == polling.map { $0.replacingOccurrences(of: "POST /generation/", with: "POST /generation/sse/") })
        #expect(output["sse_endpoints"] == output["default_endpoints"])
    }

    @Test func listEndpointsForImages() throws {
        let docs = try Inspector.loadDocs(path: FixturePaths.docs)
        let output = try fixtureInspector().listEndpoints(docs: docs, category: .images, source: "docs.json")
        #expect(output["category"] == "images")
        #expect(output["polling_endpoints"]?.arrayValue?.count == 23)
        #expect(output["default_endpoints"]?.arrayValue?.first == "POST /generation/sse/google/nano-banana-2")
        #expect(output["default_endpoints"]?.arrayValue?.last == "POST /generation/sse/topaz/upscale/image")
    }

    @Test func listEndpointsWithoutSSETwinsFallsBackToPolling() throws {
        let docs = DocsIndex(json: [
            "navigation": [
                [
                    "group": "Videos",
                    "pages": [
                        "POST /generation/acme/only-polling", "GET /generation/{id}",
                        "post  /generation/acme/only-polling",
                        ["group": "Nested", "pages": ["POST /generation/acme/nested", "POST /other/path"]],
                    ],
                ]
            ]
        ])
        let inspector = Inspector(
            openAPI: try OpenAPIDocument(json: ["paths": ["/generation/acme/only-polling": ["post": [:]]]]))
        let output = inspector.listEndpoints(docs: docs, category: .videos, source: "d")
        #expect(output["polling_endpoints"] == ["POST /generation/acme/only-polling", "POST /generation/acme/nested"])
        #expect(output["default_endpoints"] == ["POST /generation/acme/only-polling", "POST /generation/acme/nested"])
        #expect(output["sse_endpoints"] == [])
        #expect(output["default_result_mode"] == "polling")
        #expect(output["poll_endpoint"] == .null)
    }

    @Test func videoEndpointMatchesTheSeedOutputByteForByte() throws {
        let output = try fixtureInspector().describe(
            endpoint: "/generation/sse/kling-ai/kling-v2.6", includeTemplate: true)
        #expect(InspectorJSON.render(output, indent: 2) == InspectorGolden.klingV26SSE)
    }

    @Test(arguments: [
        "/generation/sse/kling-ai/kling-v2.6", "POST /generation/kling-ai/kling-v2.6",
        "/v1/generation/sse/kling-ai/kling-v2.6",
        "post /v1/generation/kling-ai/kling-v2.6",
    ])
    func bothSpellingsResolveToTheSameContract(endpoint: String) throws {
        let output = try fixtureInspector().describe(endpoint: endpoint, includeTemplate: false)
        #expect(output["default_create_endpoint"] == "POST /generation/sse/kling-ai/kling-v2.6")
        #expect(output["polling_create_endpoint"] == "POST /generation/kling-ai/kling-v2.6")
        #expect(output["request_schema"] == "KlingV26Request")
        #expect(output["request_template"] == nil)
        #expect(output["error_status_codes"] == [400, 401, 402, 404, 422])
    }

    @Test func imageEndpointContract() throws {
        let output = try fixtureInspector().describe(
            endpoint: "POST /generation/sse/google/nano-banana-pro", includeTemplate: true)
        #expect(output["endpoint"] == "POST /generation/sse/google/nano-banana-pro")
        #expect(output["summary"] == "Nano Banana Pro (SSE create)")
        #expect(output["request_schema"] == "NanoBananaProRequest")
        #expect(output["server_url"] == "https://open.skills.video/api/v1")
        let fields = try #require(output["fields"]?.arrayValue)
        let byName = Dictionary(
            uniqueKeysWithValues: fields.compactMap { row in row["name"]?.stringValue.map { ($0, row) } })
        #expect(byName["prompt"]?["required"] == true)
        #expect(byName["image_urls"]?["type"] == "array<string>")
        #expect(byName["num_images"]?["default"] == 1)
        #expect(byName["resolution"]?["allowed_values"] == ["1K", "2K", "4K"])
        #expect(
            output["request_template"] == [
                "prompt": "Describe what to generate", "aspect_ratio": "1:1", "num_images": 1, "output_format": "png",
                "resolution": "1K",
            ])
        #expect(output["prediction_status_values"] == ["starting", "processing", "succeeded", "failed", "canceled"])
        #expect(output["queue_status_values"] == ["IN_QUEUE", "IN_PROGRESS", "COMPLETED", "FAILED", "CANCELED"])
        #expect(output["sse_subscribe_endpoint"] == .null)
        #expect(output["poll_endpoint"] == "/generation/{id}")
    }

    @Test func modelScopedSpecResolvesPathsWithoutV1() throws {
        let output = try scopedInspector().describe(endpoint: "/generation/kling-ai/kling-v2.6", includeTemplate: true)
        #expect(output["endpoint"] == "POST /v1/generation/kling-ai/kling-v2.6")
        #expect(output["default_create_endpoint"] == "POST /v1/generation/sse/kling-ai/kling-v2.6")
        #expect(output["server_url"] == "/api")
        #expect(output["sse_subscribe_endpoint"] == "/v1/predictions/{prediction_id}/subscribe")
        #expect(output["poll_endpoint"] == "/v1/generation/{request_id}")
        #expect(output["error_status_codes"] == [])
        #expect(output["contract"] == nil)
        #expect(
            output["fields"]?.arrayValue?.map { $0["type"] ?? .null } == [
                "string", "string", "integer", "array<Tail>", "Tail", "number", "string",
            ])
        #expect(
            output["fields"]?.arrayValue?[1] == [
                "name": "mode", "required": true, "type": "string", "allowed_values": ["std", "pro"],
            ])
        #expect(
            output["fields"]?.arrayValue?[6] == ["name": "note", "required": false, "type": "string", "default": nil])
        #expect(
            output["request_template"] == [
                "prompt": "Describe what to generate", "mode": "std", "duration": 5, "weight": 0.25, "note": nil,
            ])
        let sse = try scopedInspector().describe(
            endpoint: "POST /v1/generation/sse/kling-ai/kling-v2.6", includeTemplate: false)
        #expect(sse["error_status_codes"] == [401, 422])
        #expect(sse["summary"] == "Kling SSE")
    }

    @Test func endpointWithoutRequestContractIsReportedAsMissing() throws {
        let output = try scopedInspector().describe(endpoint: "/generation/sse/acme/bare", includeTemplate: true)
        #expect(output["contract"] == "missing")
        #expect(output["request_schema"] == .null)
        #expect(output["fields"] == [])
        #expect(output["request_template"] == [:])
        #expect(output["sse_create_endpoint"] == "POST /v1/generation/sse/acme/bare")
        #expect(output["polling_create_endpoint"] == .null)
        #expect(output["default_create_endpoint"] == "POST /v1/generation/sse/acme/bare")
        #expect(output["error_status_codes"] == [404])
    }

    @Test func unknownEndpointIsAnError() throws {
        let error = #expect(throws: InspectorError.self) {
            try scopedInspector().describe(endpoint: "/generation/acme/bare", includeTemplate: false)
        }
        #expect(error == .endpointNotFound(method: "POST", path: "/generation/acme/bare"))
        #expect(error?.description == "Endpoint not found in OpenAPI: POST /generation/acme/bare")
        #expect(throws: InspectorError.endpointNotFound(method: "GET", path: "/generation/kling-ai/kling-v2.6")) {
            try fixtureInspector().describe(endpoint: "GET /generation/kling-ai/kling-v2.6", includeTemplate: false)
        }
    }

    @Test func danglingRequestReferenceIsAnError() throws {
        #expect(throws: InspectorError.schemaNotFound(ref: "#/components/schemas/Gone")) {
            try scopedInspector().describe(endpoint: "/generation/acme/dangling", includeTemplate: false)
        }
    }

    @Test func fileErrorsNameTheFile() throws {
        let directory = try FixturePaths.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("nope.json").path
        #expect(throws: InspectorError.fileNotFound(missing)) { try Inspector.load(openAPIPath: missing) }
        let broken = directory.appendingPathComponent("broken.json")
        try Data("{\"paths\": ".utf8).write(to: broken)
        let error = #expect(throws: InspectorError.self) { try Inspector.load(openAPIPath: broken.path) }
        #expect(error?.description.hasPrefix("Invalid JSON in \(broken.path): ") == true)
        let array = directory.appendingPathComponent("array.json")
        try Data("[]".utf8).write(to: array)
        let notObject = #expect(throws: InspectorError.self) { try Inspector.load(openAPIPath: array.path) }
        #expect(notObject?.description.contains(array.path) == true)
    }

    @Test func runFollowsTheSeedScriptFlow() throws {
        let both = try Inspector.run(
            InspectRequest(
                openAPIPath: FixturePaths.openAPI, docsPath: FixturePaths.docs, category: .images, listEndpoints: true,
                endpoint: "/generation/sse/topaz/upscale/image", includeTemplate: true))
        #expect(both.count == 2)
        #expect(both.first?["source"] == .string(Inspector.absolutePath(FixturePaths.docs)))
        #expect(
            both.last?["request_template"] == [
                "image_url": "https://example.com/image_url.png", "output_format": "png", "upscale_factor": 2,
            ])
        #expect(throws: InspectorError.docsRequired) {
            try Inspector.run(InspectRequest(openAPIPath: FixturePaths.openAPI, listEndpoints: true))
        }
        #expect(throws: InspectorError.nothingToInspect) {
            try Inspector.run(InspectRequest(openAPIPath: FixturePaths.openAPI))
        }
    }

    @Test func contractsAgreeWithTheCatalog() throws {
        let catalog = try FixturePaths.catalog()
        for model in catalog.videoModels + catalog.imageModels {
            let contract = try #require(catalog.contract(model: model))
            #expect(contract.template.value == catalog.template(model: model))
            #expect(contract.requestSchemaName == catalog.models[model]?.requestSchemaName)
            #expect(contract.defaultCreateEndpoint == "POST /generation/sse/\(model)")
            #expect(contract.hasRequestContract)
            #expect(contract.errorStatusCodes == [400, 401, 402, 404, 422])
            for name in contract.requiredFields {
                #expect(contract.fields.contains { $0.name == name && $0.required }, "\(model): \(name)")
            }
        }
    }
}
