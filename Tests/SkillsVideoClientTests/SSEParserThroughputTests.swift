import Testing

@testable import SkillsVideoClient

@Suite("SSEParser: throughput")
struct SSEParserThroughputTests {
    /// Builds about `size` bytes of realistic events: a status JSON, an id, a comment every 8 events.
    static func stream(size: Int) -> [UInt8] {
        var block: [UInt8] = []
        for index in 0..<64 {
            if index % 8 == 0 { block += Array(": keepalive\n\n".utf8) }
            block += Array(
                "event: status\nid: \(index)\ndata: {\"id\":\"gen-123\",\"status\":\"IN_PROGRESS\",\"progress\":\(index)}\n\n"
                    .utf8)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size + block.count)
        while bytes.count < size { bytes += block }
        return bytes
    }

    /// The stream size: 64 MiB in optimised builds; 4 MiB in debug builds, whose unoptimised parse would
    /// hold a cooperative thread for many seconds and starve the end-to-end tests running beside it.
    #if DEBUG
        static let size = 4 << 20
    #else
        static let size = 64 << 20
    #endif

    /// Parses the stream fed in 16 KiB chunks; asserts every event came out and, in release, >= 200 MB/s.
    @Test("64 MiB stream (4 MiB in debug)")
    func throughput() {
        let bytes = Self.stream(size: Self.size)
        let expected = bytes.count / Self.stream(size: 1).count * 64
        var parser = SSEParser()
        var events = 0
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            var index = 0
            while index < bytes.count {
                let end = min(index + 16_384, bytes.count)
                events += parser.feed(bytes[index..<end]).count
                index = end
            }
            events += parser.finish().count
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let megabytesPerSecond = Double(bytes.count) / 1e6 / seconds
        print("SSEParser throughput: \(Int(megabytesPerSecond)) MB/s over \(bytes.count) bytes, \(events) events")
        #expect(events == expected)
        // Speed is judged in release only (and by ci/bench): a debug build beside the parallel suites measured
        // 0.85 MB/s once in a fresh-clone CI run, which is the machine's load, not the parser.
        #if !DEBUG
            #expect(megabytesPerSecond >= 200)
        #endif
    }
}
