import SkillsCore

/// Writes the client's output — one JSON object per line for events, indented one-shot reports — with the API key scrubbed.
public struct EventSink: Sendable {
    /// What replaces the key wherever it would appear.
    public static let redaction = "[redacted]"

    private let write: @Sendable (String) -> Void
    private let secrets: [String]

    /// Creates a sink; `secret` (the API key), raw and JSON-escaped, never leaves it.
    public init(secret: String?, write: @escaping @Sendable (String) -> Void) {
        self.write = write
        if let secret, !secret.isEmpty {
            var forms = [secret]
            let escaped = String(JSONValue.string(secret).jsonText.dropFirst().dropLast())
            if escaped != secret { forms.append(escaped) }
            secrets = forms
        } else {
            secrets = []
        }
    }

    /// Emits one event on one line, as ``ClientEvent/json`` encodes it.
    public func emit(_ event: ClientEvent) {
        line(event.json)
    }

    /// Emits any JSON value on one line.
    public func line(_ value: JSONValue) {
        text(value.jsonText)
    }

    /// Emits a one-shot report (`ensure-key`, `classify`) as the seed's scripts print it: `json.dumps(indent=2)`.
    public func document(_ value: JSONValue) {
        text(IndentedJSON.render(value, indent: 2))
    }

    /// Emits text as it is (already formatted), after scrubbing.
    public func text(_ text: String) {
        write(scrub(text))
    }

    /// The text with every occurrence of the key replaced.
    public func scrub(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingAll($1, with: EventSink.redaction) }
    }
}
