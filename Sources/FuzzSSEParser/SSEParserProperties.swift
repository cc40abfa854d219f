#if canImport(SkillsCore)
    import SkillsCore
#endif
#if canImport(FuzzHarness)
    import FuzzHarness
#endif

/// The invariants the SSE parser must keep on any byte stream.
enum SSEParserProperties {
    /// What one way of feeding the parser produced.
    struct Run: Equatable {
        var events: [SSEEvent] = []
        var comments = 0
        var retryMs: Int?
        var dispatched = 0
        var bytes = 0
    }

    /// Every broken invariant for `input`.
    ///
    /// - the events are the oracle's (``ReferenceSSEParser``): every event had a `data` field, and none is
    ///   dispatched before its blank line; an unterminated last event is discarded;
    /// - the same events whatever the chunking: all at once, byte by byte, uneven chunks taken from the
    ///   input itself, and through a non-contiguous collection;
    /// - the counters agree (dispatched events, bytes fed), no type is empty, no id holds NUL;
    /// - after `finish()`, a blank line dispatches nothing (the pending event was dropped).
    static func check(_ input: [UInt8]) -> [FuzzViolation] {
        var findings = FuzzFindings()
        let expected = ReferenceSSEParser.parse(input)
        let whole = run(input, chunks: [input.count])
        findings.expect(
            whole.events == expected.events, "the events are the WHATWG oracle's",
            "parser \(whole.events) vs oracle \(expected.events)")
        findings.expect(
            whole.comments == expected.comments, "comment lines are counted",
            "parser \(whole.comments) vs oracle \(expected.comments)")
        findings.expect(
            whole.retryMs == expected.retryMs, "retry takes the last all-digit value",
            "parser \(String(describing: whole.retryMs)) vs oracle \(String(describing: expected.retryMs))")
        findings.expect(
            whole.dispatched == whole.events.count, "dispatchedCount counts the events returned",
            "\(whole.dispatched) counted, \(whole.events.count) returned")
        findings.expect(
            whole.bytes == input.count, "byteCount counts the bytes fed", "\(whole.bytes) of \(input.count)")
        for event in whole.events {
            findings.expect(!event.type.isEmpty, "an event type is never empty", "\(event)")
            findings.expect(!event.lastEventID.unicodeScalars.contains("\0"), "an event id never holds NUL", "\(event)")
        }
        let chunkings: [(String, [Int])] = [
            ("byte by byte", Array(repeating: 1, count: input.count)),
            ("uneven chunks", unevenChunks(input)),
            ("pairs", Array(repeating: 2, count: (input.count + 1) / 2)),
        ]
        for (name, sizes) in chunkings {
            let chunked = run(input, chunks: sizes)
            findings.expect(
                chunked == whole, "the same result whatever the chunking (\(name))",
                "chunks \(sizes.prefix(16)): \(chunked.events) vs whole \(whole.events)")
        }
        var lazy = SSEParser()
        let lazyEvents = lazy.feed(input.lazy.map { $0 })
        findings.expect(
            lazyEvents == whole.events, "a non-contiguous collection parses the same",
            "\(lazyEvents) vs \(whole.events)")
        var finished = SSEParser()
        _ = finished.feed(input)
        let atEnd = finished.finish()
        let afterEnd = finished.feed([0x0A, 0x0A])
        findings.expect(
            atEnd.isEmpty && afterEnd.isEmpty, "finish() discards the incomplete event",
            "finish gave \(atEnd), a blank line after it gave \(afterEnd)")
        return findings.violations
    }

    /// Feeds `input` in chunks of the given sizes (the last chunk takes whatever remains).
    static func run(_ input: [UInt8], chunks sizes: [Int]) -> Run {
        var parser = SSEParser()
        var result = Run()
        var start = 0
        for size in sizes where start < input.count {
            let end = min(input.count, start + max(1, size))
            result.events += parser.feed(input[start..<end])
            start = end
        }
        if start < input.count { result.events += parser.feed(input[start...]) }
        result.events += parser.finish()
        result.comments = parser.commentCount
        result.retryMs = parser.reconnectionTimeMs
        result.dispatched = parser.dispatchedCount
        result.bytes = parser.byteCount
        return result
    }

    /// Chunk sizes 1...7 read from the input's own bytes, so every input also tries its own split points.
    static func unevenChunks(_ input: [UInt8]) -> [Int] {
        var sizes: [Int] = []
        var covered = 0
        var index = 0
        while covered < input.count {
            let size = Int(input[index % input.count] % 7) + 1
            sizes.append(size)
            covered += size
            index += 1
        }
        return sizes
    }
}
