import Foundation
import SkillsTestSupport

/// `skillsmock serve` as a child process: its first stdout line, its exit code and everything it logged.
final class SecurityServeProcess: Sendable {
    private let process: SpawnedProcess

    /// The built `skillsmock` next to the test bundle (`.build/<config>/`).
    static var binary: URL { RepoPaths.executable("skillsmock") }

    /// Starts `skillsmock serve ARGUMENTS` in the package root.
    init(_ arguments: [String]) throws {
        process = try SpawnedProcess(
            executable: SecurityServeProcess.binary.path, arguments: ["serve"] + arguments, directory: RepoPaths.root)
    }

    /// The first stdout line (the `{"listening": ...}` line of a server that started), or nil at EOF.
    func firstLine() async -> String? {
        let reader = process.stdout
        return await RawHTTPClient.offPool {
            var line: [UInt8] = []
            while true {
                guard let first = reader.readByte() else {
                    return line.isEmpty ? nil : String(decoding: line, as: UTF8.self)
                }
                if first == UInt8(ascii: "\n") { return String(decoding: line, as: UTF8.self) }
                line.append(first)
            }
        }
    }

    /// The port of the `{"listening": "http://127.0.0.1:PORT"}` line.
    static func port(of line: String) -> Int? {
        guard let colon = line.range(of: ":", options: .backwards) else { return nil }
        return Int(line[colon.upperBound...].prefix(while: \.isNumber))
    }

    /// Stops the server (SIGTERM) unless it exited, and returns its exit code and everything it wrote to stderr.
    func finish() async -> (code: Int32, stderr: String) {
        if process.isRunning { process.terminate() }
        let process = self.process
        return await RawHTTPClient.offPool {
            let text = String(decoding: process.stderr.readToEnd(), as: UTF8.self)
            return (process.waitForExit(), text)
        }
    }
}
