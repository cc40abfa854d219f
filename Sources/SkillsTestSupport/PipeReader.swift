import Foundation
import Synchronization

/// Reads the read end of a pipe with plain `read(2)`, retrying on `EINTR`; owns the descriptor.
///
/// Foundation's `FileHandle.readData(ofLength:)` and `readDataToEndOfFile()` end the process with a `try!`
/// when a read is interrupted by a signal (a child exiting delivers SIGCHLD), which happens in tests that
/// run child processes side by side.
public final class PipeReader: Sendable {
    /// The descriptor; -1 once closed.
    private let fd: Mutex<Int32>

    /// Takes over `fd`.
    public init(fd: Int32) { self.fd = Mutex(fd) }

    deinit { close() }

    /// Closes the descriptor; later reads see end of file. Idempotent.
    public func close() {
        fd.withLock { fd in
            if fd >= 0 { _ = Foundation.close(fd) }
            fd = -1
        }
    }

    /// The next byte, or nil at end of file (or on a read error other than `EINTR`).
    public func readByte() -> UInt8? {
        var byte: UInt8 = 0
        return read(into: &byte, count: 1) == 1 ? byte : nil
    }

    /// Everything up to end of file.
    public func readToEnd() -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(into: $0.baseAddress!, count: $0.count) }
            guard n > 0 else { return out }
            out.append(contentsOf: chunk[0..<n])
        }
    }

    /// One `read`, retried on `EINTR`: bytes read, 0 at end of file or on error.
    private func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
        let fd = self.fd.withLock { $0 }
        guard fd >= 0 else { return 0 }
        while true {
            let n = Foundation.read(fd, buffer, count)
            if n < 0, errno == EINTR { continue }
            return max(0, n)
        }
    }
}
