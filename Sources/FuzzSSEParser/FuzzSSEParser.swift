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
#else
/// Replays SSE fuzz inputs (files or directories given as arguments) through the same checks.
@main
enum FuzzSSEParserMain {
    static func main() {
        let status = FuzzHarness.replay(arguments: Array(CommandLine.arguments.dropFirst()), target: "FuzzSSEParser",
                                        check: SSEParserProperties.check)
        exit(status)
    }
}
#endif
