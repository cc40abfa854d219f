import Testing

@testable import SkillsMockServer

/// Routing is a pure function of method and path.
@Suite struct RouteTests {
    @Test(arguments: ["/api/v1", "/v1"])
    func platformRoutesUnderBothSpellings(prefix: String) {
        #expect(
            Route(method: "POST", path: prefix + "/generation/sse/kling-ai/kling-v2.6")
                == .createSSE(model: "kling-ai/kling-v2.6"))
        #expect(
            Route(method: "POST", path: prefix + "/generation/lightricks/ltx-2.3/extend-video")
                == .createPoll(model: "lightricks/ltx-2.3/extend-video"))
        #expect(
            Route(method: "POST", path: prefix + "/generation/sse/kling-ai/v3/image?x=1")
                == .createSSE(model: "kling-ai/v3/image"))
        #expect(Route(method: "GET", path: prefix + "/generation/gen_123") == .poll(id: "gen_123"))
        #expect(Route(method: "GET", path: prefix + "/credits") == .credits)
        #expect(Route(method: "HEAD", path: prefix + "/credits") == .credits)
    }

    @Test func specsAdminAndRefusals() {
        #expect(Route(method: "GET", path: "/api/openapi.json") == .openAPI)
        #expect(Route(method: "GET", path: "/api/v1/openapi.json") == .openAPI)
        #expect(Route(method: "GET", path: "/docs.json") == .docs)
        #expect(Route(method: "POST", path: "/docs.json") == .methodNotAllowed(allowed: "GET"))
        #expect(Route(method: "GET", path: "/__admin/health?x") == .admin(path: "/__admin/health"))
        #expect(
            Route(method: "GET", path: "/api/v1/generation/sse/kling-ai/kling-v2.6")
                == .methodNotAllowed(allowed: "POST"))
        #expect(Route(method: "POST", path: "/api/v1/generation/gen_1") == .methodNotAllowed(allowed: "GET"))
        #expect(Route(method: "PUT", path: "/api/v1/credits") == .methodNotAllowed(allowed: "GET"))
        #expect(
            Route(method: "POST", path: "/api/v1/generation/sse/only-provider")
                == .createPoll(model: "sse/only-provider"))
        #expect(Route(method: "GET", path: "/api/v1/generation") == .notFound)
        #expect(Route(method: "GET", path: "/api/v1/generation//x") == .notFound)
        #expect(Route(method: "GET", path: "/api/v2/credits") == .notFound)
        #expect(Route(method: "GET", path: "/") == .notFound)
    }
}
