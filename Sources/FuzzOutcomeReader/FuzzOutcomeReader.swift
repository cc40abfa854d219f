#if canImport(Glibc)
    import Glibc
#endif
#if canImport(FuzzHarness)
    import FuzzHarness
#endif

#if FUZZING
    /// libFuzzer's entry: checks the outcome reader's invariants on one client output, crashing on a violation.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOutcomeReader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        FuzzHarness.enforce(
            FuzzHarness.bytes(data, size), target: "FuzzOutcomeReader", check: OutcomeReaderProperties.check)
        return 0
    }

    /// The entry SwiftPM's link names `main` (`main` is aliased to `FuzzOutcomeReader_main`): starts libFuzzer's loop.
    @_cdecl("FuzzOutcomeReader_main")
    public func fuzzOutcomeReaderMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?)
        -> Int32
    {
        FuzzHarness.runLibFuzzer(argc: argc, argv: argv, callback: fuzzOutcomeReader)
    }
#else
    /// Replays client outputs (files or directories given as arguments) through the same checks.
    @main
    enum FuzzOutcomeReaderMain {
        static func main() {
            let status = FuzzHarness.replay(
                arguments: Array(CommandLine.arguments.dropFirst()),
                target: "FuzzOutcomeReader", check: OutcomeReaderProperties.check)
            exit(status)
        }
    }
#endif
