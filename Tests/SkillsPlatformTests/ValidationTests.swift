import SkillsCore
import SkillsPlatform
import Testing

@Suite struct ValidationTests {
    /// The committed catalog, loaded once for the suite.
    static let loaded = Result { try FixturePaths.catalog() }
    static var catalog: PlatformCatalog {
        get throws { try loaded.get() }
    }

    static let allModels = (try? loaded.get())?.models.keys.sorted() ?? []

    /// The only message of an `.invalid` verdict (records an issue otherwise).
    func onlyMessage(_ verdict: PayloadValidation, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        guard case .invalid(let messages) = verdict, messages.count == 1 else {
            Issue.record("expected exactly one problem, got \(verdict)", sourceLocation: sourceLocation)
            return ""
        }
        return messages[0]
    }

    @Test func everyModelIsCoveredByTheParameterisedTests() {
        #expect(Self.allModels.count == 61)
    }

    @Test(arguments: allModels)
    func everyTemplateValidates(model: String) throws {
        let catalog = try Self.catalog
        let template = try #require(catalog.template(model: model))
        #expect(catalog.validate(model: model, payload: template) == .ok, "\(model): \(template.jsonText)")
    }

    @Test func templatesCarryRequiredFieldsAndDefaultsOnly() throws {
        let catalog = try Self.catalog
        #expect(
            catalog.template(model: "kling-ai/kling-v2.6") == [
                "prompt": "Describe what to generate", "aspect_ratio": "16:9", "cfg_scale": 0.5, "duration": 5,
                "generate_audio": true,
            ])
        #expect(
            catalog.template(model: "sync/lipsync-2") == [
                "video_url": "https://example.com/video_url.png", "audio_url": "https://example.com/audio_url.png",
                "sync_mode": "cut_off",
            ])
        #expect(
            catalog.template(model: "runwayml/gen4-image-turbo")?["image_urls"] == ["https://example.com/input.png"])
    }

    @Test func aPlainPromptIsEnoughForATextToVideoModel() throws {
        let catalog = try Self.catalog
        #expect(catalog.validate(model: "kling-ai/kling-v2.6", payload: ["prompt": "neon city rain"]) == .ok)
        #expect(
            catalog.validate(model: "google/nano-banana-pro", payload: ["prompt": "coffee grinder", "num_images": 2])
                == .ok)
    }

    @Test func missingRequiredFieldIsNamed() throws {
        let catalog = try Self.catalog
        let message = onlyMessage(catalog.validate(model: "kling-ai/kling-v2.6", payload: ["duration": 5]))
        #expect(message == "prompt: required field is missing")
        let lipsync = catalog.validate(model: "sync/lipsync-2", payload: [:])
        #expect(lipsync == .invalid(["video_url: required field is missing", "audio_url: required field is missing"]))
    }

    @Test func wrongTypeIsNamed() throws {
        let catalog = try Self.catalog
        let message = onlyMessage(catalog.validate(model: "kling-ai/kling-v2.6", payload: ["prompt": 42]))
        #expect(message == "prompt: expected string, got integer")
        let duration = onlyMessage(
            catalog.validate(model: "kling-ai/kling-v2.6", payload: ["prompt": "x", "duration": "5"]))
        #expect(duration == "duration: expected integer, got string")
        let fraction = onlyMessage(
            catalog.validate(model: "bytedance/seedance-1-pro", payload: ["prompt": "x", "duration": 5.5]))
        #expect(fraction == "duration: expected integer, got number")
        let null = onlyMessage(catalog.validate(model: "kling-ai/kling-v2.6", payload: ["prompt": nil]))
        #expect(null == "prompt: expected string, got null")
    }

    @Test func valueOutsideTheEnumListsTheAllowedValues() throws {
        let catalog = try Self.catalog
        let duration = onlyMessage(
            catalog.validate(model: "kling-ai/kling-v2.6", payload: ["prompt": "x", "duration": 7]))
        #expect(duration == "duration: 7 is not one of the allowed values: 5, 10")
        let ratio = onlyMessage(
            catalog.validate(model: "kling-ai/kling-v2.6", payload: ["prompt": "x", "aspect_ratio": "4:3"]))
        #expect(ratio == #"aspect_ratio: "4:3" is not one of the allowed values: "16:9", "9:16", "1:1""#)
    }

    @Test func unknownFieldIsNamedWithTheAllowedOnes() throws {
        let catalog = try Self.catalog
        let message = onlyMessage(
            catalog.validate(
                model: "veed/lipsync",
                payload: [
                    "video_url": "https://example.com/v.mp4", "audio_url": "https://example.com/a.mp3", "promt": "typo",
                ]))
        #expect(message == "promt: unknown field (allowed fields: audio_url, video_url)")
    }

    @Test(arguments: [JSONValue.array([]), .string("prompt"), .number(1), .null, .bool(true)])
    func payloadThatIsNotAnObjectIsRejected(payload: JSONValue) throws {
        let catalog = try Self.catalog
        let message = onlyMessage(catalog.validate(model: "openai/sora-2", payload: payload))
        #expect(message.hasPrefix("payload: expected a JSON object, got "))
    }

    @Test func boundsLengthsAndURIsAreChecked() throws {
        let catalog = try Self.catalog
        let validate = { (model: String, payload: JSONValue) in catalog.validate(model: model, payload: payload) }
        #expect(
            onlyMessage(validate("kling-ai/kling-v2.6", ["prompt": "x", "cfg_scale": 1.5]))
                == "cfg_scale: 1.5 is above the maximum 1")
        #expect(
            onlyMessage(validate("openai/gpt-image-1", ["prompt": "x", "num_images": 0]))
                == "num_images: 0 is below the minimum 1")
        #expect(onlyMessage(validate("kling-ai/kling-v2.6", ["prompt": ""])) == "prompt: must not be empty")
        #expect(
            onlyMessage(validate("kling-ai/kling-v2.6", ["prompt": .string(String(repeating: "a", count: 2501))]))
                == "prompt: longer than 2500 characters (2501)")
        #expect(
            onlyMessage(validate("topaz/upscale/image", ["image_url": "not a url"]))
                == #"image_url: "not a url" is not an absolute URI (e.g. https://...)"#)
        #expect(validate("topaz/upscale/image", ["image_url": "data:image/png;base64,iVBORw0KGgo="]) == .ok)
        #expect(
            onlyMessage(validate("runwayml/gen4-image-turbo", ["prompt": "x", "image_urls": []]))
                == "image_urls: needs at least 1 item, got 0")
        #expect(
            onlyMessage(
                validate("runwayml/gen4-image-turbo", ["prompt": "x", "image_urls": ["https://e.com/a.png", 3]]))
                == "image_urls[1]: expected string, got integer")
    }

    @Test func everyProblemIsReportedInOrder() throws {
        let catalog = try Self.catalog
        let verdict = catalog.validate(
            model: "kling-ai/kling-v2.6", payload: ["duration": 7, "extra": true, "seed": 1])
        #expect(verdict.messages.count == 4)
        #expect(verdict.messages.first == "prompt: required field is missing")
        #expect(
            verdict.messages.dropFirst().map { String($0.prefix(while: { $0 != ":" })) } == [
                "duration", "extra", "seed",
            ])
    }

    @Test func aFloodOfProblemsIsCapped() throws {
        let catalog = try Self.catalog
        let members = (0..<500).map { ("junk\($0)", JSONValue.number(Double($0))) }
        let verdict = catalog.validate(model: "kling-ai/kling-v2.6", payload: .object(members))
        #expect(verdict.messages.count == PlatformModel.maximumMessages + 1)
        #expect(verdict.messages.first == "prompt: required field is missing")
        #expect(verdict.messages.last == "payload: \(501 - PlatformModel.maximumMessages) more problems not shown")
    }

    @Test func unknownModelIsReported() throws {
        let catalog = try Self.catalog
        #expect(catalog.validate(model: "acme/nope", payload: ["prompt": "x"]) == .unknownModel)
        #expect(!catalog.hasModel("acme/nope"))
        #expect(!catalog.hasModel("sse/kling-ai/kling-v2.6"))
        #expect(catalog.hasModel("kling-ai/kling-v2.6"))
        #expect(catalog.hasModel("lightricks/ltx-2.3/extend-video"))
        #expect(catalog.hasModel("lightricks/ltx-2.3"))
    }

    @Test func combinatorsConstsAndRefsAreHonoured() throws {
        let openAPI = """
            {"openapi":"3.1.0","paths":{"/v1/generation/acme/m":{"post":{"requestBody":{"content":{"application/json":
            {"schema":{"$ref":"#/components/schemas/M"}}}}}}},
            "components":{"schemas":{
              "M":{"type":"object","additionalProperties":false,"required":["mode"],"properties":{
                "mode":{"anyOf":[{"const":"fast"},{"const":"slow"}]},
                "size":{"oneOf":[{"type":"integer"},{"type":"string","enum":["auto"]}]},
                "tags":{"type":["array","null"],"items":{"$ref":"#/components/schemas/Tag"}},
                "meta":{"type":"object","additionalProperties":{"type":"string"}}}},
              "Tag":{"type":"string","maxLength":3}}}}
            """
        let catalog = try PlatformCatalog(openAPIText: openAPI, docsText: "{}")
        #expect(catalog.hasModel("acme/m"))
        #expect(
            catalog.validate(
                model: "acme/m", payload: ["mode": "fast", "size": "auto", "tags": nil, "meta": ["a": "b"]]) == .ok)
        #expect(catalog.validate(model: "acme/m", payload: ["mode": "fast", "size": 3, "tags": ["abc"]]) == .ok)
        #expect(
            onlyMessage(catalog.validate(model: "acme/m", payload: ["mode": "medium"]))
                == #"mode: "medium" matches none of the allowed variants: "fast", "slow""#)
        #expect(
            onlyMessage(catalog.validate(model: "acme/m", payload: ["mode": "fast", "size": "big"]))
                == #"size: "big" matches none of the allowed variants"#)
        #expect(
            onlyMessage(catalog.validate(model: "acme/m", payload: ["mode": "fast", "tags": ["abcd"]]))
                == "tags[0]: longer than 3 characters (4)")
        #expect(
            onlyMessage(catalog.validate(model: "acme/m", payload: ["mode": "fast", "meta": ["a": 1]]))
                == "meta.a: expected string, got integer")
        #expect(catalog.template(model: "acme/m") == ["mode": "fast"])
    }
}
