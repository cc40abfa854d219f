import Foundation
import SkillsCore
import SkillsScenario
import Synchronization
import Testing

@testable import SkillsRecorder

/// The recorder's file writer: every queued call reaches its run's file, in order, before `finish` returns.
@Suite("Recorder run writer")
struct RunWriterTests {
    /// A poll answered 200 with `{"status": status}`.
    static func poll(_ status: String) -> RecordedExchange {
        RecordedExchange(
            kind: .poll, path: "/api/v1/generation/gen_1",
            answer: .reply(
                status: 200, headers: [Header("Content-Type", "application/json")],
                body: Array("{\"id\":\"gen_1\",\"status\":\"\(status)\"}".utf8)))
    }

    /// A fresh directory under the temporary one.
    static func makeDirectory() throws -> String {
        let directory = NSTemporaryDirectory() + "runwriter-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test("calls queued for five runs are all written, in the order they completed, before finish returns")
    func finishWritesEverythingQueued() throws {
        let directory = try RunWriterTests.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let failures = Mutex<[String]>([])
        let writer = RunWriter(
            directory: directory, log: { _ in }, fatal: { error in failures.withLock { $0.append("\(error)") } })
        let fingerprints = (0..<5).map { "key:00000000000\($0)" }
        for round in 0..<20 {
            for fingerprint in fingerprints {
                writer.submit(
                    RunWriterTests.poll(round == 19 ? "COMPLETED" : "IN_PROGRESS-\(round)"), fingerprint: fingerprint)
            }
        }
        writer.finish()
        #expect(failures.withLock { $0 }.isEmpty)
        for fingerprint in fingerprints {
            let path = directory + "/recorded.\(fingerprint.dropFirst("key:".count)).yaml"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.contains("(20 calls)"), "\(path) holds every call")
            let first = try #require(text.range(of: "IN_PROGRESS-0"))
            let last = try #require(text.range(of: "COMPLETED"))
            #expect(first.lowerBound < last.lowerBound, "calls keep their order")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test("a run whose file already exists is reported, not overwritten")
    func existingFileIsReported() throws {
        let directory = try RunWriterTests.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/recorded.0000000000aa.yaml"
        try "kept".write(toFile: path, atomically: false, encoding: .utf8)
        let failures = Mutex<[String]>([])
        let writer = RunWriter(
            directory: directory, log: { _ in }, fatal: { error in failures.withLock { $0.append("\(error)") } })
        writer.submit(RunWriterTests.poll("COMPLETED"), fingerprint: "key:0000000000aa")
        writer.finish()
        #expect(failures.withLock { $0 }.count == 1)
        #expect(failures.withLock { $0 }.first?.contains(path) == true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "kept")
    }
}
