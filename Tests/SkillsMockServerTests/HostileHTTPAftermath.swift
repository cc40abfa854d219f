import Foundation
import SkillsCore
import SkillsMockServer
import SkillsTestSupport

/// What every hostile case must leave behind: a server that still answers, a consistent journal, and no
/// descriptor it forgot to close.
///
/// Descriptors are counted per server, not per process: the sockets of this process (`/proc/self/fd`) whose
/// local port is the server's and that are not the listening ones (`/proc/net/tcp*`). Swift Testing runs other
/// suites in the same process at the same time, so the whole process's count moves for reasons of its own;
/// the server's own connections must come back to zero exactly.
enum HostileHTTPAftermath {
    /// Accepted connections of the server on `port` still open in this process.
    static func serverConnections(port: Int) -> Int {
        let inodes = socketInodes()
        var count = 0
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            guard let text = try? String(contentsOfFile: table, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard fields.count > 9,
                    let localPort = fields[1].split(separator: ":").last.flatMap({ Int($0, radix: 16) }),
                    localPort == port, fields[3] != "0A", inodes.contains(String(fields[9]))
                else { continue }
                count += 1
            }
        }
        return count
    }

    /// Descriptors open in this process.
    static func openDescriptors() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
    }

    /// Waits (up to `timeout` seconds) until the server holds no accepted connection; returns how many remain.
    static func settleConnections(port: Int, timeout: Double = 10) async -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let open = serverConnections(port: port)
            if open == 0 || Date() >= deadline { return open }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// A normal request, answered 200 on a fresh connection.
    static func probe(port: Int) async -> Int? {
        await probeExchange(port: port).response?.status
    }

    /// The probe's whole exchange, for a message that says how it ended when it did not get its answer.
    static func probeExchange(port: Int) async -> RawExchange {
        await RawHTTPClient(port: port).send("GET", "/api/v1/credits", key: "sk-hostile-probe", totalTimeout: 10)
    }

    /// Problems with the journal: every entry ended, `seq` strictly increasing, exactly `expected` entries.
    static func journalProblems(_ server: MockServer, expected: Int) async -> [String] {
        let entries = await server.awaitSettled(timeout: .seconds(10))
        var problems: [String] = []
        if entries.count != expected {
            problems.append("journal holds \(entries.count) entries, expected \(expected): \(entries.map(\.path))")
        }
        if let open = entries.first(where: { $0.end == nil }) {
            problems.append("entry \(open.seq) \(open.path) has no end")
        }
        for (previous, next) in zip(entries, entries.dropFirst()) where next.seq <= previous.seq {
            problems.append("seq not increasing: \(previous.seq) then \(next.seq)")
        }
        return problems
    }

    /// Socket inodes of this process's descriptors.
    private static func socketInodes() -> Set<String> {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return [] }
        var inodes = Set<String>()
        for name in names {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + name),
                target.hasPrefix("socket:[")
            else { continue }
            inodes.insert(String(target.dropFirst("socket:[".count).dropLast()))
        }
        return inodes
    }
}
