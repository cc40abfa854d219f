#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The glue every fuzz target shares: run a property check on one input, under libFuzzer or on files.
///
/// Under libFuzzer (`-DFUZZING`), `enforce` turns a violation into a crash so libFuzzer keeps the input;
/// in normal builds the target's `main` calls `replay`, which runs the same check over files (a corpus,
/// a crash input) and reports every violation without crashing.
public enum FuzzHarness {
    /// A property check: the violations one input shows (empty when every invariant holds).
    public typealias Check = ([UInt8]) -> [FuzzViolation]

    /// Copies libFuzzer's input into an array (a null pointer means the empty input).
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// Runs `check` on `input`; on a violation prints every one to stderr and aborts, so libFuzzer saves the input.
    public static func enforce(_ input: [UInt8], target: String, check: Check) {
        let violations = check(input)
        guard !violations.isEmpty else { return }
        var message = "\(target): \(violations.count) invariant(s) broken by a \(input.count)-byte input\n"
        for violation in violations { message += "  - \(violation)\n" }
        printError(message)
        abort()
    }

    /// Writes `text` to standard error with `write(2)` (C's `stderr` is a global variable Swift 6 cannot check).
    static func printError(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(2, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    /// Runs `check` over each file named in `arguments` (directories: their regular files, sorted).
    ///
    /// Prints one line per input that breaks an invariant and a summary; returns the exit status:
    /// 0 when every input passed, 1 when one broke an invariant or could not be read, 2 without inputs.
    public static func replay(arguments: [String], target: String, check: Check) -> Int32 {
        let files = arguments.flatMap(inputFiles)
        guard !files.isEmpty else {
            printError("usage: \(target) FILE|DIRECTORY... (replays fuzz inputs through the target's checks)\n")
            return 2
        }
        var failed = 0
        for file in files {
            guard let input = readFile(file) else {
                printError("\(target): \(file): cannot be read\n")
                failed += 1
                continue
            }
            let violations = check(input)
            if !violations.isEmpty {
                failed += 1
                for violation in violations { printError("\(target): \(file): \(violation)\n") }
            }
        }
        print("\(target): \(files.count) input(s) replayed, \(failed) failed")
        return failed == 0 ? 0 : 1
    }

    /// The regular files under `path` (sorted, recursively), or `path` itself when it is not a directory.
    static func inputFiles(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [path] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." && !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted().flatMap { inputFiles(path + "/" + $0) }
    }

    /// The bytes of `path`, or nil when it cannot be opened.
    static func readFile(_ path: String) -> [UInt8]? {
        guard let handle = fopen(path, "rb") else { return nil }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, handle)
            if count > 0 { bytes.append(contentsOf: buffer[0..<count]) }
            if count < buffer.count { break }
        }
        return bytes
    }
}
