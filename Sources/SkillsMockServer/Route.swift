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
        var raw = rawPath
        self = raw.withUTF8 { Route(method: method, target: $0) }
    }

    /// Routes the bytes of a request target; only the names it returns (model, id, admin path) are copied.
    private init(method: String, target: UnsafeBufferPointer<UInt8>) {
        var end = 0
        while end < target.count, target[end] != UInt8(ascii: "?") { end += 1 }
        let path = UnsafeBufferPointer(rebasing: target[0..<end])
        func text(_ from: Int, _ to: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: path[from..<to]), as: UTF8.self)
        }
        if Route.matches(path, "/__admin") || Route.starts(path, "/__admin/") {
            self = .admin(path: text(0, path.count))
            return
        }
        let get = method == "GET" || method == "HEAD"
        if Route.matches(path, "/docs.json") {
            self = get ? .docs : .methodNotAllowed(allowed: "GET")
            return
        }
        if Route.matches(path, "/api/openapi.json") || Route.matches(path, "/api/v1/openapi.json") {
            self = get ? .openAPI : .methodNotAllowed(allowed: "GET")
            return
        }
        var start: Int
        if Route.starts(path, "/api/v1/") {
            start = 8
        } else if Route.starts(path, "/v1/") {
            start = 4
        } else {
            self = .notFound
            return
        }
        var stop = path.count
        while stop - start > 1, path[stop - 1] == UInt8(ascii: "/") { stop -= 1 }
        // Segment starts; an empty segment anywhere (including an empty remainder) is no route.
        var segments = 1
        var second = -1
        var third = -1
        var previous = start - 1
        for i in start..<stop where path[i] == UInt8(ascii: "/") {
            if i == previous + 1 {
                self = .notFound
                return
            }
            if segments == 1 { second = i + 1 } else if segments == 2 { third = i + 1 }
            segments += 1
            previous = i
        }
        guard stop > previous + 1 else {
            self = .notFound
            return
        }
        let headEnd = second < 0 ? stop : second - 1
        let head = UnsafeBufferPointer(rebasing: path[start..<headEnd])
        if Route.matches(head, "credits"), segments == 1 {
            self = get ? .credits : .methodNotAllowed(allowed: "GET")
        } else if Route.matches(head, "generation"), segments >= 2 {
            let secondIsSSE = Route.matches(
                UnsafeBufferPointer(rebasing: path[second..<(third < 0 ? stop : third - 1)]), "sse")
            if segments >= 4, secondIsSSE {
                self = method == "POST" ? .createSSE(model: text(third, stop)) : .methodNotAllowed(allowed: "POST")
            } else if segments >= 3 {
                self = method == "POST" ? .createPoll(model: text(second, stop)) : .methodNotAllowed(allowed: "POST")
            } else {
                self = get ? .poll(id: text(second, stop)) : .methodNotAllowed(allowed: "GET")
            }
        } else {
            self = .notFound
        }
    }

    /// Whether the bytes are exactly `text`.
    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        text.withUTF8Buffer { bytes.elementsEqual($0) }
    }

    /// Whether the bytes begin with `text`.
    private static func starts(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        text.withUTF8Buffer { prefix in
            bytes.count >= prefix.count && UnsafeBufferPointer(rebasing: bytes[0..<prefix.count]).elementsEqual(prefix)
        }
    }
}
