import SkillsCore
import SkillsPlatform
import Testing

@Suite struct EndpointPathTests {
    @Test func endpointArgumentsSplitIntoMethodAndPath() {
        #expect(EndpointPath.parse("POST /generation/a/b") == ("POST", "/generation/a/b"))
        #expect(EndpointPath.parse("  get   /generation/{id} ") == ("GET", "/generation/{id}"))
        #expect(EndpointPath.parse("/generation/a/b") == ("POST", "/generation/a/b"))
        #expect(EndpointPath.parse("FETCH /x") == ("POST", "FETCH /x"))
        #expect(EndpointPath.splitMethod("POST") == nil)
    }

    @Test func bothSpellingsAreCandidates() {
        #expect(EndpointPath.candidates("/generation/a/b") == ["/generation/a/b", "/v1/generation/a/b"])
        #expect(EndpointPath.candidates("/v1/generation/a/b") == ["/v1/generation/a/b", "/generation/a/b"])
        #expect(EndpointPath.candidates("generation/a") == ["generation/a", "/v1/generation/a"])
    }

    @Test func twinsSwapTheFirstGenerationSegment() {
        #expect(EndpointPath.toSSE("/v1/generation/a/b") == "/v1/generation/sse/a/b")
        #expect(EndpointPath.toSSE("/generation/sse/a/b") == "/generation/sse/a/b")
        #expect(EndpointPath.toPolling("/generation/sse/a/generation/sse/b") == "/generation/a/generation/sse/b")
        #expect(EndpointPath.toPolling("/generation/a/b") == "/generation/a/b")
    }

    @Test(arguments: [
        ("/generation/kling-ai/kling-v2.6", "kling-ai/kling-v2.6"),
        ("/generation/sse/lightricks/ltx-2.3/extend-video", "lightricks/ltx-2.3/extend-video"),
        ("/v1/generation/sse/topaz/upscale/image", "topaz/upscale/image"),
        ("/api/v1/generation/openai/sora-2?debug=1", "openai/sora-2"),
        ("/api/generation/sse/openai/sora-2", "openai/sora-2"),
    ])
    func modelIsTakenFromACreatePath(path: String, model: String) {
        #expect(EndpointPath.model(ofCreatePath: path) == model)
    }

    @Test(arguments: [
        "/generation/{id}", "/generation/abc123", "/credits", "/generation/sse/", "/other/a/b", "/generation/a/b/",
    ])
    func otherPathsHaveNoModel(path: String) {
        #expect(EndpointPath.model(ofCreatePath: path) == nil)
    }

    @Test func errorMessageJoinsTheProblems() {
        #expect(PayloadValidation.ok.errorMessage(model: "a/b") == nil)
        #expect(PayloadValidation.unknownModel.errorMessage(model: "a/b") == "Unknown model: a/b")
        #expect(
            PayloadValidation.invalid(["x: one", "y: two"]).errorMessage(model: "a/b")
                == "Validation failed for a/b: x: one; y: two")
    }
}
