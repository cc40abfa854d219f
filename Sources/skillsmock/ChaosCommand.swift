import ArgumentParser
import Foundation
import SkillsConformance
import SkillsScenario

/// `skillsmock chaos`: write the scenarios a chaos run of a seed generates, as files `validate` accepts (SPEC 11).
struct ChaosCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chaos",
        abstract: "Write N scenarios generated from the chaos grammar and a seed, one file each.",
        discussion:
            "The same seed writes byte-identical files; `conform --chaos N --seed S` runs the same scenarios. Exit 2 on bad input."
    )

    @Option(help: "The seed (default: from the clock; printed).") var seed: UInt64?
    @Option(help: "How many scenarios to write.") var count: Int
    @Option(help: "The directory to write them to (created when missing).") var out: String

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1 (got \(count))") }
    }

    func run() async throws {
        let seed = seed ?? ChaosSuite.freshSeed()
        let suite = ChaosSuite(seed: seed, count: count)
        for scenario in suite.scenarios {
            do { _ = try ChaosSuite.write(scenario, to: out) } catch {
                FileHandle.standardError.write(Data("skillsmock chaos: \(error.description)\n".utf8))
                throw ExitCode(2)
            }
        }
        print("chaos seed \(seed): wrote \(count) scenario(s) to \(out)")
    }
}
