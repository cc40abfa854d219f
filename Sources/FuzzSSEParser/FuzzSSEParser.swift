#if canImport(Glibc)
    import Glibc
#endif
#if canImport(FuzzHarness)
    import FuzzHarness
#endif

#if FUZZING
    /// libFuzzer's entry: checks the SSE parser's invariants on one input, crashing on a violation.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzSSEParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        FuzzHarness.enforce(FuzzHarness.bytes(data, size), target: "FuzzSSEParser", check: SSEParserProperties.check)
        return 0
    }

    /// The entry SwiftPM's link names `main` (`main` is aliased to `FuzzSSEParser_main`): starts libFuzzer's loop.
    @_cdecl("FuzzSSEParser_main")
    public func fuzzSSEParserMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
        FuzzHarness.runLibFuzzer(argc: argc, argv: argv, callback: fuzzSSEParser)
    }
#else
    /// Replays SSE fuzz inputs (files or directories given as arguments) through the same checks.
    @main
    enum FuzzSSEParserMain {
        static func main() {
            let status = FuzzHarness.replay(
                arguments: Array(CommandLine.arguments.dropFirst()), target: "FuzzSSEParser",
                check: SSEParserProperties.check)
            exit(status)
        }
    }
#endif
