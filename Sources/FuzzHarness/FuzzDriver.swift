#if FUZZING
    /// libFuzzer's driver (`LLVMFuzzerRunDriver`, libFuzzer ≥ 11): runs the fuzzing loop with `callback`.
    ///
    /// Declared here rather than in a C header; its arguments are plain pointers and an integer, which Swift
    /// and C pass alike on the supported platforms.
    @_silgen_name("LLVMFuzzerRunDriver")
    func llvmFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    extension FuzzHarness {
        /// Hands the process over to libFuzzer with `callback` as the entry.
        ///
        /// SwiftPM links an executable target with `main` aliased to `<Target>_main`, which hides libFuzzer's own
        /// `main`; each target therefore defines `<Target>_main` (under `FUZZING`) as a call to this.
        public static func runLibFuzzer(
            argc: Int32, argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
            callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
        ) -> Int32 {
            var count = argc
            var vector = argv
            return llvmFuzzerRunDriver(&count, &vector, callback)
        }
    }
#endif
