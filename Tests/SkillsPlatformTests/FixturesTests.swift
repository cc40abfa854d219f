import Foundation
import SkillsCore
import SkillsPlatform
import Testing

@Suite struct FixturesTests {
    @Test func catalogLoadsTheCommittedFixtures() throws {
        let catalog = try FixturePaths.catalog()
        #expect(catalog.openAPIText == (try String(contentsOfFile: FixturePaths.openAPI, encoding: .utf8)))
        #expect(catalog.docsText == (try String(contentsOfFile: FixturePaths.docs, encoding: .utf8)))
        #expect(catalog.openAPI.serverURL == "https://open.skills.video/api/v1")
        #expect(catalog.openAPI.root["openapi"]?.stringValue?.hasPrefix("3.") == true)
    }

    @Test func docsListThe38VideoAnd23ImageModelsOfTheSeed() throws {
        let catalog = try FixturePaths.catalog()
        #expect(catalog.videoModels.count == 38)
        #expect(catalog.imageModels.count == 23)
        #expect(catalog.videoModels.first == "openai/sora-2-pro")
        #expect(catalog.videoModels.last == "runwayml/upscale-v1")
        #expect(catalog.imageModels.first == "google/nano-banana-2")
        #expect(catalog.imageModels.last == "topaz/upscale/image")
        #expect(Set(catalog.videoModels).isDisjoint(with: catalog.imageModels))
        #expect(catalog.models.count == 61)
    }

    @Test func docsGroupsAreExactlyTheSeedSnapshot() throws {
        let docs = try FixturePaths.catalog().docs
        #expect(docs.endpoints(.videos) == SeedEndpoints.videos)
        #expect(docs.endpoints(.images) == SeedEndpoints.images)
    }

    @Test func everyModelHasAPollingCreateAndAnSSETwin() throws {
        let catalog = try FixturePaths.catalog()
        for model in catalog.videoModels + catalog.imageModels {
            let entry = try #require(catalog.models[model], "\(model) has no create endpoint")
            #expect(entry.pollingCreatePath == "/generation/\(model)")
            #expect(entry.sseCreatePath == "/generation/sse/\(model)")
            let sse = try #require(catalog.openAPI.operation(method: "POST", path: "/generation/sse/\(model)"))
            #expect(
                sse["responses"]?["200"]?["content"]?["text/event-stream"] != nil,
                "\(model): SSE twin is not text/event-stream")
            #expect(entry.requestSchemaName?.hasSuffix("Request") == true, "\(model): no named request schema")
            #expect(entry.category != nil)
        }
    }

    @Test func sharedSchemasAndSecurityAreDeclared() throws {
        let document = try FixturePaths.catalog().openAPI
        #expect(document.statusValues(schemaNamed: "QueueState") == GenerationStatus.queueStates)
        #expect(document.statusValues(schemaNamed: "PredictionStatus") == GenerationStatus.predictionStatuses)
        #expect(document.schema(named: "ErrorResponse")?["properties"]?["message"]?["type"] == "string")
        #expect(document.schema(named: "GenerationTask") != nil)
        #expect(document.schema(named: "Credits") != nil)
        #expect(document.root["components"]?["securitySchemes"]?["bearerAuth"] == ["scheme": "bearer", "type": "http"])
        #expect(document.root["security"] == [["bearerAuth": []]])
        #expect(document.hasOperation(method: "GET", path: "/generation/{id}"))
        #expect(document.hasOperation(method: "get", path: "/credits"))
        #expect(document.pollEndpoint == "/generation/{id}")
        #expect(document.subscribeEndpoint == nil)
    }

    @Test func responseSchemasDescribeWhatTheFakeAnswers() throws {
        let document = try FixturePaths.catalog().openAPI
        #expect(try document.problems(["id": "gen_1", "status": "IN_QUEUE"], schemaNamed: "GenerationTask") == [])
        #expect(
            try document.problems(
                [
                    "id": "gen_1", "status": "COMPLETED", "model": "kling-ai/kling-v2.6",
                    "output": ["url": "https://cdn.example/gen_1.mp4"],
                ], schemaNamed: "GenerationTask") == [])
        #expect(
            try document.problems(["id": "gen_1", "status": "DONE"], schemaNamed: "GenerationTask") == [
                #"status: "DONE" is not one of the allowed values: "IN_QUEUE", "IN_PROGRESS", "COMPLETED", "FAILED", "CANCELED""#
            ])
        #expect(
            try document.problems(["status": "FAILED"], schemaNamed: "GenerationTask") == [
                "id: required field is missing"
            ])
        #expect(try document.problems(["credits": 100], schemaNamed: "Credits") == [])
        #expect(try document.problems(["message": "Insufficient credits"], schemaNamed: "ErrorResponse") == [])
        #expect(throws: SchemaReferenceError(ref: "#/components/schemas/Nope")) {
            try document.problems([:], schemaNamed: "Nope")
        }
    }

    @Test func everyRequestSchemaIsClosedAndNamesItsRequiredFields() throws {
        let catalog = try FixturePaths.catalog()
        for (model, entry) in catalog.models {
            let name = try #require(entry.requestSchemaName)
            let schema = try #require(catalog.openAPI.schema(named: name))
            #expect(schema["additionalProperties"] == false, "\(name) is open")
            let properties = Set((schema["properties"]?.objectValue ?? []).map(\.0))
            let required = SchemaField.requiredNames(of: schema)
            #expect(!required.isEmpty, "\(model) requires nothing")
            #expect(Set(required).isSubset(of: properties), "\(model) requires an undeclared field")
        }
    }

    @Test func loadNamesTheMissingFile() throws {
        let directory = try FixturePaths.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = #expect(throws: PlatformLoadError.self) {
            try PlatformCatalog.load(fixturesDirectory: directory.path)
        }
        #expect(error?.code == .fileNotFound)
        #expect(error?.description.contains(directory.appendingPathComponent("openapi.json").path) == true)
    }

    @Test func loadNamesTheFileWithInvalidJSON() throws {
        let directory = try FixturePaths.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("{\"paths\": {}}".utf8).write(to: directory.appendingPathComponent("openapi.json"))
        try Data("{\"navigation\": [".utf8).write(to: directory.appendingPathComponent("docs.json"))
        let error = #expect(throws: PlatformLoadError.self) {
            try PlatformCatalog.load(fixturesDirectory: directory.path)
        }
        #expect(error?.file.hasSuffix("docs.json") == true)
        #expect(error?.description.hasPrefix("Invalid JSON in ") == true)
    }

    @Test func loadRejectsADanglingRequestSchemaReference() {
        let openAPI = """
            {"openapi":"3.1.0","paths":{"/generation/acme/x":{"post":{"requestBody":{"content":{"application/json":
            {"schema":{"$ref":"#/components/schemas/Nope"}}}}}}}}
            """
        let error = #expect(throws: PlatformLoadError.self) {
            try PlatformCatalog(openAPIText: openAPI, docsText: "{}")
        }
        #expect(error?.description.contains("#/components/schemas/Nope") == true)
        #expect(error?.description.contains("POST /generation/acme/x") == true)
    }
}
