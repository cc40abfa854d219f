/// Placeholder expansion for profile command lines (`{dir}`, `{base_url}`...), one pass, no shell.
enum ProfileTemplate {
    /// Placeholders a `run:` or `env:` value may use.
    static let runPlaceholders = [
        "dir", "base_url", "sse_endpoint", "create_endpoint", "model", "payload",
        "poll_interval_s", "poll_timeout_s", "sse_idle_timeout_s",
        "backoff_base_s", "backoff_max_s",
    ]
    /// Placeholders a `classify:` value may use.
    static let classifyPlaceholders = runPlaceholders + ["status", "body"]

    /// The placeholder names used in `text` (`{name}` with a lower-case identifier).
    static func placeholders(in text: String) -> [String] {
        tokens(in: text).compactMap { token in
            if case .placeholder(let name) = token { return name }
            return nil
        }
    }

    /// `text` with each known placeholder replaced by its value; unknown ones are left as written.
    static func expand(_ text: String, values: [String: String]) -> String {
        tokens(in: text).map { token in
            switch token {
            case .literal(let s): return s
            case .placeholder(let name): return values[name] ?? "{\(name)}"
            }
        }.joined()
    }

    enum Token: Equatable {
        case literal(String)
        case placeholder(String)
    }

    static func tokens(in text: String) -> [Token] {
        var result: [Token] = []
        var literal = ""
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            if chars[i] == "{", let close = chars[(i + 1)...].firstIndex(of: "}") {
                let name = String(chars[(i + 1)..<close])
                if isIdentifier(name) {
                    if !literal.isEmpty {
                        result.append(.literal(literal))
                        literal = ""
                    }
                    result.append(.placeholder(name))
                    i = close + 1
                    continue
                }
            }
            literal.append(chars[i])
            i += 1
        }
        if !literal.isEmpty { result.append(.literal(literal)) }
        return result
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLowercase || first == "_" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
    }
}
