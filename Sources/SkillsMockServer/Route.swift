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
        let bytes = Array(rawPath.utf8.prefix { $0 != UInt8(ascii: "?") })
        let path = String(decoding: bytes, as: UTF8.self)
        if Route.hasPrefix(bytes, "/__admin/") || path == "/__admin" {
            self = .admin(path: path)
            return
        }
        let get = method == "GET" || method == "HEAD"
        if path == "/docs.json" || path == "/api/openapi.json" || path == "/api/v1/openapi.json" {
            self = get ? (path == "/docs.json" ? .docs : .openAPI) : .methodNotAllowed(allowed: "GET")
            return
        }
        var rest: ArraySlice<UInt8>
        if Route.hasPrefix(bytes, "/api/v1/") {
            rest = bytes[("/api/v1/".utf8.count)...]
        } else if Route.hasPrefix(bytes, "/v1/") {
            rest = bytes[("/v1/".utf8.count)...]
        } else {
            self = .notFound
            return
        }
        while rest.count > 1, rest.last == UInt8(ascii: "/") { rest = rest.dropLast() }
        let segments = rest.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard let head = segments.first, !segments.contains(where: \.isEmpty) else {
            self = .notFound
            return
        }
        func joined(from index: Int) -> String {
            String(decoding: rest[segments[index].startIndex..<rest.endIndex], as: UTF8.self)
        }
        switch (head.elementsEqual("credits".utf8), head.elementsEqual("generation".utf8)) {
        case (true, _) where segments.count == 1:
            self = get ? .credits : .methodNotAllowed(allowed: "GET")
        case (_, true) where segments.count >= 4 && segments[1].elementsEqual("sse".utf8):
            self = method == "POST" ? .createSSE(model: joined(from: 2)) : .methodNotAllowed(allowed: "POST")
        case (_, true) where segments.count >= 3:
            self = method == "POST" ? .createPoll(model: joined(from: 1)) : .methodNotAllowed(allowed: "POST")
        case (_, true) where segments.count == 2:
            self = get ? .poll(id: joined(from: 1)) : .methodNotAllowed(allowed: "GET")
        default:
            self = .notFound
        }
    }

    private static func hasPrefix(_ bytes: [UInt8], _ prefix: String) -> Bool {
        bytes.count >= prefix.utf8.count && bytes.prefix(prefix.utf8.count).elementsEqual(prefix.utf8)
    }
}
