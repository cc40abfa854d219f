import Foundation
import SkillsVideoClient

/// `skills-bench`: in-process micro benchmarks used by `ci/bench` (release builds only matter).
@main
enum SkillsBench {
    static func main() {
        let args = CommandLine.arguments.dropFirst()
        guard args.count == 2, args.first == "sse-parser", let path = args.last else {
            FileHandle.standardError.write(Data("usage: skills-bench sse-parser FILE\n".utf8))
            exit(2)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            FileHandle.standardError.write(Data("skills-bench: cannot read \(path)\n".utf8))
            exit(2)
        }
        let bytes = [UInt8](data)
        print(parse(bytes))
    }

    /// Feeds the bytes in 16 KiB chunks (as a socket would deliver them); best of three passes.
    static func parse(_ bytes: [UInt8]) -> String {
        var best = Double.infinity
        var events = 0
        for _ in 0..<3 {
            var parser = SSEParser()
            var count = 0
            let start = DispatchTime.now().uptimeNanoseconds
            var index = 0
            while index < bytes.count {
                let end = min(index + 16_384, bytes.count)
                count += parser.feed(bytes[index..<end]).count
                index = end
            }
            count += parser.finish().count
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            best = min(best, seconds)
            events = count
        }
        let mbPerS = Double(bytes.count) / best / 1e6
        return #"{"bytes": \#(bytes.count), "events": \#(events), "seconds": \#(best), "mb_per_s": \#(mbPerS)}"#
    }
}
