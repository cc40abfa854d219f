import Foundation
import SkillsCore
import SkillsVideoClient
import Synchronization

/// The scripted responses the fault cases cut or spoil, and the byte offsets worth cutting them at.
enum FaultScript {
    /// The generation id every scripted answer carries.
    static let generationID = "gen_fault_0001"

    /// A chunked `text/event-stream` create answer: IN_QUEUE (named `status`), IN_PROGRESS, a heartbeat
    /// comment, then COMPLETED when `terminal`; one HTTP chunk per event.
    static func stream(terminal: Bool) -> [UInt8] {
        var events = [
            "event: status\ndata: {\"id\":\"\(generationID)\",\"status\":\"IN_QUEUE\"}\n\n",
            "id: 1\ndata: {\"id\":\"\(generationID)\",\ndata: \"status\":\"IN_PROGRESS\"}\n\n",
            ": keepalive\n\n",
        ]
        if terminal {
            events.append("event: status\r\ndata: {\"id\":\"\(generationID)\",\"status\":\"COMPLETED\"}\r\n\r\n")
        }
        var text =
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        for event in events { text += String(event.utf8.count, radix: 16) + "\r\n" + event + "\r\n" }
        text += "0\r\n\r\n"
        return Array(text.utf8)
    }

    /// A JSON poll answer with `Content-Length`: the generation COMPLETED.
    static let poll: [UInt8] = {
        let body =
            "{\"id\":\"\(generationID)\",\"status\":\"COMPLETED\",\"output\":{\"url\":\"https://cdn.example.invalid/v.mp4\"}}"
        let head =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
            + "Connection: close\r\n\r\n"
        return Array((head + body).utf8)
    }()

    /// The offset just after the blank line that dispatches the stream's first event (it carries the id).
    static func firstEventEnd(_ bytes: [UInt8]) -> Int {
        guard let range = bytes.firstRange(of: Array("\"}\n\n".utf8)) else { return bytes.count }
        return range.upperBound
    }

    /// Offsets to cut `bytes` at: around every line end (the head, the chunk framing, inside and between
    /// events), every `stride`-th byte elsewhere, the ends; or every offset when `exhaustive`.
    static func offsets(_ bytes: [UInt8], stride: Int, exhaustive: Bool) -> [Int] {
        guard !exhaustive else { return Array(0...bytes.count) }
        var chosen = Set([0, 1, 2, bytes.count - 1, bytes.count])
        for (index, byte) in bytes.enumerated() where byte == 0x0A || byte == 0x0D {
            for offset in index - 1...index + 2 where (0...bytes.count).contains(offset) { chosen.insert(offset) }
        }
        for offset in Swift.stride(from: 0, through: bytes.count, by: stride) { chosen.insert(offset) }
        return chosen.sorted()
    }
}

/// One client run against a fault server, and what it ended with.
struct FaultCase: Sendable, CustomStringConvertible {
    /// Which answer is spoiled.
    enum Target: String, Sendable { case create, poll, both }

    var target: Target
    var fault: Fault
    /// The create answer served (a stream with or without a terminal event).
    var stream: [UInt8]
    /// Whether the run must reach COMPLETED: the fault leaves the id delivered and the poll clean.
    var mustComplete: Bool

    var description: String { "\(target) \(fault)" }

    /// The fault server plan of this case.
    var plan: FaultServer.Plan {
        FaultServer.Plan(
            create: stream, createFault: target == .poll ? .none : fault,
            poll: FaultScript.poll, pollFault: target == .create ? .none : fault)
    }
}

/// What one run ended with: exit code, output lines, time taken, and the requests the server saw.
struct FaultRunResult: Sendable {
    var exitCode: Int32?
    var lines: [String]
    var seconds: Double
    var requests: [String]

    /// The exit codes of the seed's convention a create run may end with (1 is for a missing key only).
    static let seedExitCodes: Set<Int32> = [0, 10, 11, 20, 21, 22, 23, 24, 25]

    /// Every way the run broke the contract: the last line is a final answer whose kind matches the exit code.
    func problems(mustComplete: Bool, deadline: Double) -> [String] {
        guard let exitCode else { return ["did not finish within \(deadline) s (hung)"] }
        var found: [String] = []
        if seconds > deadline { found.append("took \(seconds) s, over the \(deadline) s deadline") }
        if !Self.seedExitCodes.contains(exitCode) { found.append("exit \(exitCode) is not one of the seed's") }
        let objects = lines.map { try? JSONValue.parse($0) }
        if let bad = objects.firstIndex(where: { $0 == nil }) { found.append("line \(bad) is not JSON: \(lines[bad])") }
        guard let last = objects.last ?? nil, let event = last["event"]?.stringValue else {
            return found + ["no final JSON line"]
        }
        switch event {
        case "terminal":
            let status = last["status"]?.stringValue ?? ""
            if !GenerationStatus.isTerminal(status) { found.append("terminal without a terminal status: \(status)") }
            let expected: Int32 = GenerationStatus.isSuccess(status) ? 0 : 10
            if exitCode != expected { found.append("terminal \(status) exits \(exitCode), not \(expected)") }
        case "timeout":
            if exitCode != 11 { found.append("timeout exits \(exitCode), not 11") }
        case "error":
            if let word = last["category"]?.stringValue, let category = ErrorCategory(rawValue: word) {
                if exitCode != category.exitCode {
                    found.append("error/\(word) exits \(exitCode), not \(category.exitCode)")
                }
            } else {
                found.append("error without a known category: \(lines.last ?? "")")
            }
        default:
            found.append("the last line is not a final answer: \(lines.last ?? "")")
        }
        if mustComplete && !(event == "terminal" && exitCode == 0) {
            found.append("the id was delivered and polls are clean, yet it ended \(event) exit \(exitCode)")
        }
        return found
    }
}

/// Collects the client's output lines from its `@Sendable` output closure.
final class LineCollector: Sendable {
    private let storage = Mutex<[String]>([])

    /// Appends one line.
    func append(_ line: String) { storage.withLock { $0.append(line) } }

    /// The lines so far.
    var lines: [String] { storage.withLock { $0 } }
}
