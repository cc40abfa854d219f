import Foundation
import SkillsCore

/// Endpoint strings as the seed's inspector handles them: "POST /generation/...", `/v1/` spellings, SSE twins.
public enum EndpointPath {
    /// HTTP methods accepted in "METHOD /path" strings.
    static let methods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE"]

    /// Splits "METHOD /path" (method case-insensitive) into an upper-cased method and path; nil when there is no method.
    public static func splitMethod(_ text: String) -> (method: String, path: String)? {
        let trimmed = text.trimmingWhitespace()
        guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return nil }
        let method = trimmed[..<space].uppercased()
        let path = String(trimmed[space...]).trimmingWhitespace()
        guard methods.contains(method), !path.isEmpty else { return nil }
        return (method, path)
    }

    /// The method and path of an endpoint argument; a bare path means POST.
    public static func parse(_ endpoint: String) -> (method: String, path: String) {
        if let split = splitMethod(endpoint) { return split }
        return ("POST", endpoint.trimmingWhitespace())
    }

    /// The path and its other spelling: with `/v1` dropped, or added.
    public static func candidates(_ path: String) -> [String] {
        let other: String
        if path.hasPrefix("/v1/") {
            other = String(path.dropFirst(3))
        } else if path.hasPrefix("/") {
            other = "/v1" + path
        } else {
            other = "/v1/" + path
        }
        return other == path ? [path] : [path, other]
    }

    /// The SSE twin of a create path (`/generation/` → `/generation/sse/`, first occurrence).
    public static func toSSE(_ path: String) -> String {
        if path.contains("/generation/sse/") { return path }
        return replacingFirst("/generation/", with: "/generation/sse/", in: path)
    }

    /// The polling twin of an SSE create path.
    public static func toPolling(_ path: String) -> String {
        replacingFirst("/generation/sse/", with: "/generation/", in: path)
    }

    /// The model (`provider/model...`) of a create path, SSE or polling, under `/generation/`, `/v1/generation/`,
    /// `/api/v1/generation/` or `/api/generation/` (query string ignored); nil for other paths.
    public static func model(ofCreatePath path: String) -> String? {
        var rest = Substring(path)
        if let query = rest.firstIndex(of: "?") { rest = rest[..<query] }
        if rest.hasPrefix("/api/") { rest = rest.dropFirst(4) }
        if rest.hasPrefix("/v1/") { rest = rest.dropFirst(3) }
        guard rest.hasPrefix("/generation/") else { return nil }
        rest = rest.dropFirst("/generation/".count)
        if rest.hasPrefix("sse/") { rest = rest.dropFirst(4) }
        guard rest.contains("/"), !rest.contains("{"), !rest.hasSuffix("/") else { return nil }
        return String(rest)
    }

    static func replacingFirst(_ token: String, with replacement: String, in text: String) -> String {
        guard let range = text.range(of: token) else { return text }
        return text.replacingCharacters(in: range, with: replacement)
    }
}
