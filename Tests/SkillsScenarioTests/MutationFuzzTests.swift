import Foundation
import SkillsTestSupport
import Testing

@testable import SkillsScenario

@Suite("Scenario loader: mutated catalogue files")
struct MutationFuzzTests {
    /// Catalogue files, sorted, as bytes.
    static func corpus() throws -> [(String, [UInt8])] {
        var errors: [ScenarioError] = []
        let files = ScenarioLoader.scenarioFiles([Corpus.catalogue], errors: &errors)
        return try files.map { ($0, Array(try Data(contentsOf: URL(fileURLWithPath: $0)))) }
    }

    /// One deterministic mutation: delete, duplicate, replace a byte, or swap two lines.
    static func mutate(_ bytes: [UInt8], _ generator: inout SplitMix64) -> [UInt8] {
        guard !bytes.isEmpty else { return bytes }
        var copy = bytes
        let at = Int(generator.next() % UInt64(copy.count))
        let alphabet = Array(" :-{}[],\"'\n\t#&*!|>x0".utf8)
        switch generator.next() % 4 {
        case 0: copy.remove(at: at)
        case 1: copy.insert(copy[at], at: at)
        case 2: copy[at] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
        default:
            var lines = copy.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            let a = Int(generator.next() % UInt64(lines.count))
            let b = Int(generator.next() % UInt64(lines.count))
            lines.swapAt(a, b)
            copy = Array(lines.joined(separator: [0x0A]))
        }
        return copy
    }

    /// Loads the catalogue once mutated by `seed`; returns how many files failed and what was wrong with the
    /// failures' problems (empty when every problem names its file, says what was expected and has a line inside
    /// the file).
    static func mutatedLoad(seed: Int) throws -> (failures: Int, wrong: [String]) {
        var generator = SplitMix64(seed: UInt64(1000 + seed))
        var failures = 0
        var wrong: [String] = []
        for (file, bytes) in try Self.corpus() {
            var mutated = bytes
            for _ in 0..<(1 + Int(generator.next() % 3)) { mutated = Self.mutate(mutated, &generator) }
            do {
                _ = try ScenarioLoader.parse(bytes: mutated, file: file)
            } catch {
                failures += 1
                if error.errors.isEmpty { wrong.append("\(file): failed without a problem") }
                let lines = mutated.split(separator: 0x0A, omittingEmptySubsequences: false).count
                for problem in error.errors {
                    if problem.file != file { wrong.append("\(problem.description): names another file than \(file)") }
                    if !problem.message.contains("(expected") {
                        wrong.append("\(problem.description): says nothing expected")
                    }
                    if let line = problem.line, !(line >= 1 && line <= lines) {
                        wrong.append("\(problem.description): line outside the file's \(lines)")
                    }
                }
            }
        }
        return (failures, wrong)
    }

    /// Runs on a thread of its own: the loads are seconds of CPU in a debug build, and on the two threads of
    /// this machine's cooperative pool they would stall every timed test beside them.
    @Test("every mutation either loads or fails with positioned, explained problems", arguments: 0..<6)
    func mutations(_ seed: Int) async throws {
        let (failures, wrong) = try await RawHTTPClient.offPool { Result { try Self.mutatedLoad(seed: seed) } }.get()
        #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
        #expect(failures > 0)
    }
}
