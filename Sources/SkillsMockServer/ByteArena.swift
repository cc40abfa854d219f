/// Where a piece of text lives in a `ByteArena`.
struct ArenaText: Sendable {
    var chunk: Int32
    var offset: Int32
    var count: Int32

    /// No bytes.
    static let empty = ArenaText(chunk: 0, offset: 0, count: 0)
}

/// Append-only bytes in chunks of 1 MiB that never move: the journal keeps request text here, so recording a
/// request copies its bytes once and makes no allocation of its own (one `malloc` per MiB).
///
/// Not thread-safe: its owner (the journal) serialises access.
///
/// `@unchecked Sendable`: it owns raw memory (`UnsafeMutableRawBufferPointer` chunks), which the compiler cannot
/// check; it is safe because it lives inside the journal's `Mutex` state and is only touched under that lock.
final class ByteArena: @unchecked Sendable {
    /// Size of an ordinary chunk; longer texts get a chunk of their own.
    static let chunkSize = 1 << 20

    private var chunks: [UnsafeMutableRawBufferPointer] = []
    /// Bytes used in the last chunk.
    private var used = 0

    deinit {
        for chunk in chunks { chunk.deallocate() }
    }

    /// Reserves `count` bytes and lets `fill` write all of them.
    func append(count: Int, _ fill: (UnsafeMutableRawBufferPointer) -> Void) -> ArenaText {
        guard count > 0 else { return .empty }
        if chunks.isEmpty || used + count > chunks[chunks.count - 1].count {
            chunks.append(.allocate(byteCount: max(ByteArena.chunkSize, count), alignment: 1))
            used = 0
        }
        let chunk = chunks.count - 1
        let offset = used
        fill(UnsafeMutableRawBufferPointer(rebasing: chunks[chunk][offset..<offset + count]))
        used += count
        return ArenaText(chunk: Int32(chunk), offset: Int32(offset), count: Int32(count))
    }

    /// Copies a string's UTF-8 bytes in.
    func append(_ text: String) -> ArenaText {
        var text = text
        return text.withUTF8 { bytes in
            append(count: bytes.count) { $0.copyMemory(from: UnsafeRawBufferPointer(bytes)) }
        }
    }

    /// Copies bytes in.
    func append(_ bytes: [UInt8]) -> ArenaText {
        bytes.withUnsafeBytes { source in append(count: source.count) { $0.copyMemory(from: source) } }
    }

    /// The bytes of a text.
    func bytes(_ text: ArenaText) -> UnsafeRawBufferPointer {
        guard text.count > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        let start = Int(text.offset)
        return UnsafeRawBufferPointer(rebasing: chunks[Int(text.chunk)][start..<start + Int(text.count)])
    }

    /// A text decoded as UTF-8 (invalid bytes replaced).
    func string(_ text: ArenaText) -> String {
        String(decoding: bytes(text), as: UTF8.self)
    }
}
