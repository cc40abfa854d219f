import Foundation

/// Journal entries as an HTTP Archive (HAR 1.2, the format browser devtools and HAR tools read). Pure.
///
/// One HAR entry per request: method, URL, headers and body as the server read them (the key only as its
/// fingerprint), the status and body it answered, SSE bodies as the event text served, timings from the
/// server's clock, and how the connection ended in `_end` (with `_events`, `_scenario`, `_key` and `_seq`).
public enum HARLog {
    /// Where a journal's server-clock milliseconds sit in wall-clock time: `wallClock` is the moment of
    /// server-clock millisecond `atMs`.
    public struct ClockAnchor: Sendable {
        public var atMs: Double
        public var wallClock: Date

        public init(atMs: Double, wallClock: Date) {
            self.atMs = atMs
            self.wallClock = wallClock
        }

        /// The wall-clock moment of server-clock millisecond `ms`.
        public func date(ms: Double) -> Date { wallClock.addingTimeInterval((ms - atMs) / 1000) }
    }

    /// The HAR document for `entries`, whose paths are relative to `origin` (`http://127.0.0.1:PORT`).
    public static func document(entries: [JournalEntry], origin: String, clock: ClockAnchor) -> JSONValue {
        document(harEntries: entries.map { entry($0, origin: origin, clock: clock) })
    }

    /// The HAR document holding entries already made by `entry`.
    public static func document(harEntries: [JSONValue]) -> JSONValue {
        .object([
            (
                "log",
                .object([
                    ("version", .string("1.2")),
                    ("creator", .object([("name", .string("skillsmock")), ("version", .string("1"))])),
                    ("pages", .array([])),
                    ("entries", .array(harEntries)),
                ])
            )
        ])
    }

    /// One request and its answer as a HAR entry.
    public static func entry(_ e: JournalEntry, origin: String, clock: ClockAnchor) -> JSONValue {
        let answered = e.answeredMs ?? e.endedMs ?? e.tMs
        let ended = Swift.max(answered, e.endedMs ?? answered)
        let wait = Swift.max(0, answered - e.tMs)
        let receive = Swift.max(0, ended - answered)
        var members: [(String, JSONValue)] = [
            ("startedDateTime", .string(isoDate(clock.date(ms: e.tMs)))),
            ("time", .number(rounded(wait + receive))),
            ("request", request(e, origin: origin)),
            ("response", response(e)),
            ("cache", .object([])),
            (
                "timings",
                .object([
                    ("send", .number(0)), ("wait", .number(rounded(wait))), ("receive", .number(rounded(receive))),
                ])
            ),
            ("_seq", .number(Double(e.seq))),
            ("_end", e.end.map { .string($0.rawValue) } ?? .null),
            ("_kind", .string(e.kind.rawValue)),
        ]
        if let scenario = e.scenario { members.append(("_scenario", .string(scenario))) }
        if let key = e.key { members.append(("_key", .string(key))) }
        if !e.events.isEmpty {
            members.append(
                (
                    "_events",
                    .array(
                        e.events.map { event in
                            var fields: [(String, JSONValue)] = [("t_ms", .number(rounded(event.tMs - e.tMs)))]
                            if let name = event.event { fields.append(("event", .string(name))) }
                            if let data = event.data { fields.append(("data", .string(data))) }
                            if let id = event.id { fields.append(("id", .string(id))) }
                            return .object(fields)
                        })
                ))
        }
        return .object(members)
    }

    static func request(_ e: JournalEntry, origin: String) -> JSONValue {
        let headers = e.headers.compactMap { pair -> JSONValue? in
            guard pair.count == 2 else { return nil }
            return .object([("name", .string(pair[0])), ("value", .string(pair[1]))])
        }
        var members: [(String, JSONValue)] = [
            ("method", .string(e.method)),
            ("url", .string(origin + e.path)),
            ("httpVersion", .string("HTTP/1.1")),
            ("cookies", .array([])),
            ("headers", .array(headers)),
            ("queryString", .array(queryString(e.path))),
            ("headersSize", .number(-1)),
            ("bodySize", .number(Double(e.body.utf8.count))),
        ]
        if !e.body.isEmpty {
            let type = e.header("Content-Type") ?? "application/octet-stream"
            members.append(("postData", .object([("mimeType", .string(type)), ("text", .string(e.body))])))
        }
        return .object(members)
    }

    static func response(_ e: JournalEntry) -> JSONValue {
        let (text, type) = content(e)
        return .object([
            ("status", .number(Double(e.status ?? 0))),
            ("statusText", .string(e.status.map(HTTPReason.phrase) ?? "")),
            ("httpVersion", .string("HTTP/1.1")),
            ("cookies", .array([])),
            (
                "headers",
                .array(type.isEmpty ? [] : [.object([("name", .string("Content-Type")), ("value", .string(type))])])
            ),
            (
                "content",
                .object([
                    ("size", .number(Double(text.utf8.count))), ("mimeType", .string(type)), ("text", .string(text)),
                ])
            ),
            ("redirectURL", .string("")),
            ("headersSize", .number(-1)),
            ("bodySize", .number(e.status == nil ? -1 : Double(text.utf8.count))),
        ])
    }

    /// The answer's body and type: the served events as SSE text for a stream, else the body as answered.
    static func content(_ e: JournalEntry) -> (text: String, mimeType: String) {
        if !e.events.isEmpty || (e.kind == .createSSE && e.responseBody == nil && e.status == 200) {
            let text = e.events.map { event -> String in
                var block = ""
                if let name = event.event { block += "event: \(name)\n" }
                if let id = event.id { block += "id: \(id)\n" }
                for line in (event.data ?? "").split(separator: "\n", omittingEmptySubsequences: false) {
                    block += "data: \(line)\n"
                }
                return block + "\n"
            }.joined()
            return (text, "text/event-stream")
        }
        guard let body = e.responseBody else { return ("", "") }
        let json = (try? JSONValue.parse(body)) != nil
        return (body, json ? "application/json" : "text/plain")
    }

    static func queryString(_ path: String) -> [JSONValue] {
        guard let mark = path.firstIndex(of: "?") else { return [] }
        return path[path.index(after: mark)...].split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            return .object([("name", .string(name)), ("value", .string(value))])
        }
    }

    /// `2026-12-03T07:20:00.123Z`: ISO 8601 with milliseconds, as HAR wants.
    static func isoDate(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    static func rounded(_ ms: Double) -> Double { (ms * 1000).rounded() / 1000 }
}
