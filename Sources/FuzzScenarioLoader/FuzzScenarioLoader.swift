import FuzzHarness

#if canImport(Glibc)
    import Glibc
#endif

#if FUZZING
    /// libFuzzer's entry: checks the scenario loader's invariants on one input, crashing on a violation.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzScenarioLoader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        FuzzHarness.enforce(
            FuzzHarness.bytes(data, size), target: "FuzzScenarioLoader",
            check: ScenarioLoaderProperties.check)
        return 0
    }

    /// The entry SwiftPM's link names `main` (`main` is aliased to `FuzzScenarioLoader_main`): starts libFuzzer's loop.
    @_cdecl("FuzzScenarioLoader_main")
    public func fuzzScenarioLoaderMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?)
        -> Int32
    {
        FuzzHarness.runLibFuzzer(argc: argc, argv: argv, callback: fuzzScenarioLoader)
    }
#else
    /// Replays scenario fuzz inputs (files or directories given as arguments) through the same checks.
    @main
    enum FuzzScenarioLoaderMain {
        static func main() {
            let status = FuzzHarness.replay(
                arguments: Array(CommandLine.arguments.dropFirst()),
                target: "FuzzScenarioLoader", check: ScenarioLoaderProperties.check)
            exit(status)
        }
    }
#endif
