import Foundation
import SkillsTestSupport

/// One run of the `curl` CLI: its exit code, the body it wrote and its error text.
struct CurlRun: Sendable {
    /// curl's exit code (0 ok, 18 partial transfer, 28 timeout, 52 empty reply, 56 receive failure...).
    let code: Int32
    /// What curl wrote to stdout: the response body as received.
    let body: [UInt8]
    /// curl's own messages (`-sS`: errors only).
    let stderr: String

    /// The body as text.
    var text: String { String(decoding: body, as: UTF8.self) }

    /// Runs `curl -sS -N ARGUMENTS URL` (unbuffered, errors shown) trusting `caFile` when given, for at most
    /// `maxTime` seconds.
    static func run(_ url: String, _ arguments: [String] = [], caFile: String? = nil, maxTime: Double = 20) async
        -> CurlRun
    {
        var argv = ["-sS", "-N", "--max-time", String(maxTime)]
        if let caFile { argv += ["--cacert", caFile] }
        argv += arguments + [url]
        let command = argv
        return await RawHTTPClient.offPool {
            do {
                let process = try SpawnedProcess(executable: "/usr/bin/env", arguments: ["curl"] + command)
                let body = process.stdout.readToEnd()
                let errors = process.stderr.readToEnd()
                return CurlRun(code: process.waitForExit(), body: body, stderr: String(decoding: errors, as: UTF8.self))
            } catch {
                return CurlRun(code: -1, body: [], stderr: "cannot start curl: \(error)")
            }
        }
    }

    /// `POST` to the SSE create endpoint of `base` with the key of scenario `id` and a small JSON payload.
    static func createSSE(_ base: String, id: String, caFile: String? = nil, maxTime: Double = 20) async -> CurlRun {
        await run(
            base + TestScenarios.ssePath,
            [
                "-X", "POST", "-H", "Authorization: Bearer sk-test-\(id)", "-H", "Accept: text/event-stream",
                "-H", "Content-Type: application/json", "--data", #"{"prompt":"x"}"#,
            ],
            caFile: caFile, maxTime: maxTime)
    }
}
