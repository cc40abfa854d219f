import Foundation
import NIOCore
import SkillsCore
import SkillsVideoClient
import Testing

/// `Retry-After` as the HTTP edge reads it off the wire, against an injected wall clock.
@Suite("Retry-After over HTTP")
struct RetryAfterHTTPTests {
    /// Sun, 06 Nov 1994 08:49:37 GMT.
    static let date = Date(timeIntervalSince1970: 784_111_777)

    /// A 503 answer with `Retry-After: value` and a JSON body, closing the connection.
    static func busy(retryAfter value: String) -> [UInt8] {
        let body = "{\"message\":\"busy\"}"
        let head =
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: \(value)\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n"
        return Array((head + body).utf8)
    }

    /// What `PlatformHTTP` makes of a 503 carrying `value`, seen at `now`: from a GET and from a stream's head.
    static func retryAfterSeen(_ value: String, now: Date) async throws -> (get: Double?, stream: Double?) {
        let bytes = busy(retryAfter: value)
        let server = try FaultServer(plan: .init(create: bytes, createFault: .none, poll: bytes, pollFault: .none))
        defer { server.stop() }
        let http = PlatformHTTP(apiKey: "sk-test-retry-after", streamIdleTimeout: 10, requestTimeout: 10, now: { now })
        let answer = await http.get(url: server.baseURL + "/generation/gen_1", timeout: 10)
        var streamed: Double?
        do {
            let response = try await http.openStream(
                url: server.baseURL + "/generation/sse/m", payload: ["prompt": "x"], headTimeout: 10)
            streamed = response.retryAfterSeconds
            if case .success(let collected) = await response.collect() {
                #expect(collected.retryAfterSeconds == streamed)
            }
        } catch {
            Issue.record("stream request failed: \(error)")
        }
        await http.shutdown()
        guard case .success(let got) = answer else {
            Issue.record("GET failed: \(answer)")
            return (nil, streamed)
        }
        #expect(got.status == 503)
        return (got.retryAfterSeconds, streamed)
    }

    @Test(
        "an HTTP-date Retry-After is the date minus now, in all three forms",
        arguments: ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"])
    func dateForms(value: String) async throws {
        let seen = try await Self.retryAfterSeen(value, now: Self.date.addingTimeInterval(-3))
        #expect(seen.get == 3)
        #expect(seen.stream == 3)
    }

    @Test("a past HTTP-date means at once; seconds are unaffected by the clock; garbage is none")
    func pastSecondsGarbage() async throws {
        let past = try await Self.retryAfterSeen("Sun, 06 Nov 1994 08:49:37 GMT", now: Self.date.addingTimeInterval(60))
        #expect(past.get == 0 && past.stream == 0)
        let seconds = try await Self.retryAfterSeen("4", now: Self.date)
        #expect(seconds.get == 4 && seconds.stream == 4)
        let garbage = try await Self.retryAfterSeen("Sun, 06 Nov 1994 08:49:37 PST", now: Self.date)
        #expect(garbage.get == nil && garbage.stream == nil)
    }

    @Test("the schedule keeps its own minimum after a past date")
    func pastDateKeepsBackoff() {
        let retryAfter = RetryAfter.delay("Sun, 06 Nov 1994 08:49:37 GMT", now: Self.date.addingTimeInterval(5))
        #expect(RetrySchedule.standard.decision(afterFailure: 2, retryAfter: retryAfter) == .retry(afterSeconds: 2))
        let ahead = RetryAfter.delay("Sun, 06 Nov 1994 08:49:37 GMT", now: Self.date.addingTimeInterval(-7))
        #expect(RetrySchedule.standard.decision(afterFailure: 2, retryAfter: ahead) == .retry(afterSeconds: 7))
    }
}
