import FuzzHarness
#if canImport(Glibc)
import Glibc
#endif

#if FUZZING
/// libFuzzer's entry: checks the scenario loader's invariants on one input, crashing on a violation.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenarioLoader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzHarness.enforce(FuzzHarness.bytes(data, size), target: "FuzzScenarioLoader",
                        check: ScenarioLoaderProperties.check)
    return 0
}
#else
/// Replays scenario fuzz inputs (files or directories given as arguments) through the same checks.
@main
enum FuzzScenarioLoaderMain {
    static func main() {
        let status = FuzzHarness.replay(arguments: Array(CommandLine.arguments.dropFirst()),
                                        target: "FuzzScenarioLoader", check: ScenarioLoaderProperties.check)
        exit(status)
    }
}
#endif
