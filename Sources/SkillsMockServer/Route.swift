import SkillsCore

/// Where a request goes: a pure function of method and path.
enum Route: Equatable, Sendable {
    /// `POST /generation/sse/{provider}/{model...}`.
    case createSSE(model: String)
    /// `POST /generation/{provider}/{model...}`.
    case createPoll(model: String)
    /// `GET /generation/{id}`.
    case poll(id: String)
    /// `GET /credits`.
    case credits
    /// `GET /api/openapi.json` or `/api/v1/openapi.json`.
    case openAPI
    /// `GET /docs.json`.
    case docs
    /// Anything under `/__admin/` (the admin API decides the rest).
    case admin(path: String)
    /// A known path asked with the wrong method.
    case methodNotAllowed(allowed: String)
    /// No such path.
    case notFound

    /// The journal's name for this kind of request.
    var kind: RequestKind {
        switch self {
        case .createSSE: return .createSSE
        case .createPoll: return .createPoll
        case .poll: return .poll
        case .credits: return .credits
        case .openAPI, .docs: return .spec
        case .admin, .methodNotAllowed, .notFound: return .other
        }
    }

    /// Routes a request. `path` may carry a query string; both `/api/v1/...` and `/v1/...` resolve.
    init(method: String, path rawPath: String) {
        let path = String(rawPath.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        if path.hasPrefix("/__admin/") || path == "/__admin" {
            self = .admin(path: path)
            return
        }
        let get = method == "GET" || method == "HEAD"
        if path == "/docs.json" || path == "/api/openapi.json" || path == "/api/v1/openapi.json" {
            self = get ? (path == "/docs.json" ? .docs : .openAPI) : .methodNotAllowed(allowed: "GET")
            return
        }
        var rest: Substring
        if path.hasPrefix("/api/v1/") {
            rest = path.dropFirst("/api/v1".count)
        } else if path.hasPrefix("/v1/") {
            rest = path.dropFirst("/v1".count)
        } else {
            self = .notFound
            return
        }
        while rest.count > 1, rest.hasSuffix("/") { rest = rest.dropLast() }
        let segments = rest.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        guard let head = segments.first, !segments.contains(where: \.isEmpty) else {
            self = .notFound
            return
        }
        switch head {
        case "credits" where segments.count == 1:
            self = get ? .credits : .methodNotAllowed(allowed: "GET")
        case "generation" where segments.count >= 4 && segments[1] == "sse":
            self =
                method == "POST" ? .createSSE(model: segments[2...].joined(separator: "/")) : .methodNotAllowed(allowed: "POST")
        case "generation" where segments.count >= 3:
            self =
                method == "POST" ? .createPoll(model: segments[1...].joined(separator: "/")) : .methodNotAllowed(allowed: "POST")
        case "generation" where segments.count == 2:
            self = get ? .poll(id: segments[1]) : .methodNotAllowed(allowed: "GET")
        default:
            self = .notFound
        }
    }
}
