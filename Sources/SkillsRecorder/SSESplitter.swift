import SkillsScenario

/// Cuts a stream's bytes, as they arrive, into pieces that each end with a blank line (one event or comment
/// block), timed by the arrival of the bytes that completed them. Pure: the caller passes the times.
struct SSESplitter {
    private var buffer: [UInt8] = []
    /// Where the current line starts in `buffer`.
    private var lineStart = 0
    private var lastCutMs: Double
    private var lastArrivalMs: Double
    private(set) var pieces: [RecordedPiece] = []

    /// A splitter whose first piece's delay counts from `startMs` (the head).
    init(startMs: Double) {
        lastCutMs = startMs
        lastArrivalMs = startMs
    }

    /// Takes bytes that arrived at `atMs`; a blank line (LF or CRLF endings) closes a piece.
    mutating func feed(_ bytes: [UInt8], atMs: Double) {
        lastArrivalMs = atMs
        for byte in bytes {
            buffer.append(byte)
            guard byte == 0x0A else { continue }
            let line = buffer[lineStart..<(buffer.count - 1)]
            let blank = line.isEmpty || (line.count == 1 && line.first == 0x0D)
            lineStart = buffer.count
            if blank {
                pieces.append(RecordedPiece(delayMs: atMs - lastCutMs, bytes: buffer))
                buffer = []
                lineStart = 0
                lastCutMs = atMs
            }
        }
    }

    /// The pieces, with bytes left after the last blank line as a final piece; whether there were such bytes.
    func finish() -> (pieces: [RecordedPiece], leftover: Bool) {
        guard !buffer.isEmpty else { return (pieces, false) }
        return (pieces + [RecordedPiece(delayMs: lastArrivalMs - lastCutMs, bytes: buffer)], true)
    }
}
