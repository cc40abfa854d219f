import Foundation
import SkillsMockServer
import SkillsTestSupport
import Testing

/// A server started under a small soft open-file limit raises it, so it holds more streams than that limit.
@Suite struct OpenFileLimitTests {
    @Test func raisingNeverLowersTheSoftLimit() {
        let before = OpenFileLimit.current
        let after = OpenFileLimit.raiseToHardLimit()
        #expect(after >= before.soft)
        #expect(after == OpenFileLimit.current.soft)
    }

    /// `skillsmock serve` started with `ulimit -S -n 64` still holds 120 open connections at once.
    @Test func serveStartedUnderASmallSoftLimitHoldsMoreConnectionsThanIt() async throws {
        let hard = OpenFileLimit.current.hard
        try #require(hard >= 512, "this machine's hard open-file limit (\(hard)) is too small to show the raise")
        let process = try SpawnedProcess(
            executable: "/bin/sh",
            arguments: ["-c", "ulimit -S -n 64 && exec \"$0\" serve --port 0", RepoPaths.executable("skillsmock").path])
        defer { process.terminate() }
        let reader = process.stdout
        let line = await RawHTTPClient.offPool { () -> String in
            var bytes: [UInt8] = []
            while let byte = reader.readByte(), byte != UInt8(ascii: "\n") { bytes.append(byte) }
            return String(decoding: bytes, as: UTF8.self)
        }
        let port = try #require(SecurityServeProcess.port(of: line), "no listening line: \(line)")
        let count = 120
        let request = RawHTTPClient.request(
            "GET", "/api/v1/credits", headers: [("Authorization", "Bearer sk-limit")], keepAlive: true)
        let answered = await RawHTTPClient.offPool { () -> (Int, [RawConnection]) in
            var held: [RawConnection] = []
            var answered = 0
            for _ in 0..<count {
                guard let connection = try? RawConnection(port: port) else { continue }
                held.append(connection)
                guard connection.send(request) == nil else { continue }
                if let response = try? connection.readResponse(timeout: 10), response.status == 200 { answered += 1 }
            }
            return (answered, held)
        }
        #expect(answered.0 == count, "every connection answered while all of them stay open")
        let health = TestScenarios.body(await RawHTTPClient(port: port).send("GET", "/__admin/health"))
        #expect((health?["connections"]?.intValue ?? 0) >= count, "\(String(describing: health))")
        for connection in answered.1 { connection.close() }
    }
}
