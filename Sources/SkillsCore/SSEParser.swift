/// An incremental `text/event-stream` parser following the WHATWG rules, fed raw bytes; no I/O.
///
/// Lines end with LF, CR or CRLF (a CRLF split across chunks counts once); a UTF-8 BOM is stripped
/// once at the very start; bytes are decoded only per complete field, so UTF-8 sequences may be
/// split anywhere. ``finish()`` discards an event left incomplete at the end of the stream.
public struct SSEParser: Sendable {
    /// The reconnection time announced by the last valid `retry:` field, in milliseconds.
    public private(set) var reconnectionTimeMs: Int?
    /// How many comment lines (`:` first) were seen: heartbeats the caller may treat as liveness.
    public private(set) var commentCount = 0
    /// How many events were dispatched so far.
    public private(set) var dispatchedCount = 0
    /// How many bytes were fed so far.
    public private(set) var byteCount = 0

    /// Bytes of the line being read, when it spans chunks.
    private var pending: [UInt8] = []
    /// The previous chunk ended with CR: a leading LF in the next chunk belongs to it.
    private var skipLeadingLF = false
    /// Bytes seen while the stream start is still checked for a BOM (at most 3).
    private var bomProbe: [UInt8] = []
    private var bomChecked = false
    /// The data buffer (lines each followed by LF) and whether any `data` field was seen.
    private var dataBuffer: [UInt8] = []
    private var hasData = false
    private var eventTypeBuffer: [UInt8] = []
    private var lastEventIDBuffer: [UInt8] = []
    /// The last decoded event type and its bytes: streams repeat the same type, so it is decoded once.
    private var typeTextBytes: [UInt8] = []
    private var typeText = "message"
    /// The last event id, decoded when the `id` field changes it.
    private var lastEventIDText = ""

    /// Creates a parser at the start of a stream.
    public init() {}

    /// Feeds the next bytes of the stream; returns the events completed by them, in order.
    public mutating func feed<C: Collection>(_ bytes: C) -> [SSEEvent] where C.Element == UInt8 {
        byteCount += bytes.count
        var events: [SSEEvent] = []
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            consume(buffer, into: &events)
        }
        if handled == nil {
            Array(bytes).withUnsafeBufferPointer { consume($0, into: &events) }
        }
        return events
    }

    /// Ends the stream: an unterminated line and an undispatched event are discarded (WHATWG).
    ///
    /// Always returns no events; it exists so callers state the end of the stream explicitly.
    public mutating func finish() -> [SSEEvent] {
        pending.removeAll()
        bomProbe.removeAll()
        bomChecked = true
        skipLeadingLF = false
        resetEventBuffers()
        return []
    }

    private mutating func consume(_ input: UnsafeBufferPointer<UInt8>, into events: inout [SSEEvent]) {
        guard !input.isEmpty else { return }
        if !bomChecked {
            bomProbe.append(contentsOf: input)
            guard let start = bomProbeResolution() else { return }
            let probe = bomProbe
            bomProbe = []
            bomChecked = true
            probe.withUnsafeBufferPointer { scan(UnsafeBufferPointer(rebasing: $0[start...]), into: &events) }
            return
        }
        scan(input, into: &events)
    }

    /// Where content starts in `bomProbe` once it is known whether the stream opens with a BOM.
    private func bomProbeResolution() -> Int? {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        for (index, byte) in bomProbe.prefix(3).enumerated() where byte != bom[index] { return 0 }
        return bomProbe.count >= 3 ? 3 : nil
    }

    /// Splits `input` into lines; complete lines are processed, the tail waits in `pending`.
    private mutating func scan(_ input: UnsafeBufferPointer<UInt8>, into events: inout [SSEEvent]) {
        var index = 0
        let end = input.count
        if skipLeadingLF, index < end {
            skipLeadingLF = false
            if input[index] == 0x0A { index += 1 }
        }
        var lineStart = index
        while index < end {
            let byte = input[index]
            if byte != 0x0A && byte != 0x0D {
                index += 1
                continue
            }
            let line = UnsafeBufferPointer(rebasing: input[lineStart..<index])
            if pending.isEmpty {
                processLine(line, into: &events)
            } else {
                pending.append(contentsOf: line)
                let joined = pending
                pending.removeAll(keepingCapacity: true)
                joined.withUnsafeBufferPointer { processLine($0, into: &events) }
            }
            index += 1
            if byte == 0x0D {
                if index < end {
                    if input[index] == 0x0A { index += 1 }
                } else {
                    skipLeadingLF = true
                }
            }
            lineStart = index
        }
        if lineStart < end {
            pending.append(contentsOf: UnsafeBufferPointer(rebasing: input[lineStart..<end]))
        }
    }

    /// Interprets one line (without its line end).
    private mutating func processLine(_ line: UnsafeBufferPointer<UInt8>, into events: inout [SSEEvent]) {
        if line.isEmpty {
            dispatch(into: &events)
            return
        }
        if line[0] == 0x3A {
            commentCount += 1
            return
        }
        var colon = 0
        while colon < line.count, line[colon] != 0x3A { colon += 1 }
        let name = UnsafeBufferPointer(rebasing: line[0..<colon])
        var valueStart = colon + 1
        if valueStart < line.count, line[valueStart] == 0x20 { valueStart += 1 }
        let value =
            valueStart < line.count
            ? UnsafeBufferPointer(rebasing: line[valueStart...]) : UnsafeBufferPointer(rebasing: line[0..<0])
        processField(name: name, value: value)
    }

    private mutating func processField(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
        switch name.count {
        case 4 where name[0] == 0x64 && name[1] == 0x61 && name[2] == 0x74 && name[3] == 0x61:  // data
            dataBuffer.append(contentsOf: value)
            dataBuffer.append(0x0A)
            hasData = true
        case 5 where name[0] == 0x65 && name[1] == 0x76 && name[2] == 0x65 && name[3] == 0x6E && name[4] == 0x74:
            eventTypeBuffer.removeAll(keepingCapacity: true)
            eventTypeBuffer.append(contentsOf: value)
        case 2 where name[0] == 0x69 && name[1] == 0x64:  // id
            if !value.contains(0), !value.elementsEqual(lastEventIDBuffer) {
                lastEventIDBuffer.removeAll(keepingCapacity: true)
                lastEventIDBuffer.append(contentsOf: value)
                lastEventIDText = String(decoding: value, as: UTF8.self)
            }
        case 5 where name[0] == 0x72 && name[1] == 0x65 && name[2] == 0x74 && name[3] == 0x72 && name[4] == 0x79:
            if !value.isEmpty, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                var milliseconds = 0
                for digit in value {
                    let (times, overflowA) = milliseconds.multipliedReportingOverflow(by: 10)
                    let (sum, overflowB) = times.addingReportingOverflow(Int(digit - 0x30))
                    if overflowA || overflowB { return }
                    milliseconds = sum
                }
                reconnectionTimeMs = milliseconds
            }
        default:
            break
        }
    }

    private mutating func dispatch(into events: inout [SSEEvent]) {
        guard hasData else {
            resetEventBuffers()
            return
        }
        dataBuffer.removeLast()
        let type: String
        if eventTypeBuffer.isEmpty {
            type = "message"
        } else {
            if eventTypeBuffer != typeTextBytes {
                typeTextBytes.removeAll(keepingCapacity: true)
                typeTextBytes.append(contentsOf: eventTypeBuffer)
                typeText = String(decoding: typeTextBytes, as: UTF8.self)
            }
            type = typeText
        }
        events.append(
            SSEEvent(
                type: type, data: String(decoding: dataBuffer, as: UTF8.self),
                lastEventID: lastEventIDText))
        dispatchedCount += 1
        resetEventBuffers()
    }

    private mutating func resetEventBuffers() {
        dataBuffer.removeAll(keepingCapacity: true)
        eventTypeBuffer.removeAll(keepingCapacity: true)
        hasData = false
    }
}
