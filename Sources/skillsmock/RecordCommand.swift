import ArgumentParser
import Foundation
import SkillsCore
import SkillsRecorder

/// `skillsmock record`: a reverse proxy in front of the platform that writes each run (API key) as a scenario.
struct RecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record runs against an upstream as scenario files (SPEC 10).",
        discussion: """
            Prints one JSON line first, {"listening": "http://HOST:PORT"}; point a client at \
            http://HOST:PORT/api/v1. Each run (API key) becomes OUT/<group>/recorded.<fingerprint>.yaml, \
            rewritten after every create or poll it completes (temporary file, then rename). Keys appear only \
            as fingerprints. Exit 2 on bad input: an upstream that is unreachable or not the API, an output \
            directory that cannot be written, a run whose file already exists.
            """)

    @Option(help: "The platform to record, e.g. https://open.skills.video or http://127.0.0.1:8080.")
    var upstream: String

    @Option(help: "Address to bind.")
    var host = "127.0.0.1"

    @Option(help: "Port to bind; 0 picks a free one.")
    var port = 0

    @Option(help: "Directory the scenario files go under.")
    var out: String

    @Option(help: "CA certificate (PEM) to verify an https upstream with, instead of the system roots.")
    var upstreamCA: String?

    @Option(help: "Sub-directory of --out (the scenario group).")
    var group = "recorded"

    @Option(help: "Upstream silence after which a stream is cut and passed on as a hang.")
    var idleCut = "30s"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be within 0...65535") }
        guard let url = URL(string: upstream), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw ValidationError("--upstream \(upstream) is not an http(s) URL")
        }
        guard let ms = DurationText.milliseconds(idleCut), ms > 0 else {
            throw ValidationError("--idle-cut \(idleCut) is not a positive duration (expected e.g. 30s, 500ms)")
        }
        guard !group.isEmpty, !group.contains("/"), group != ".", group != ".." else {
            throw ValidationError("--group \(group) must be one directory name")
        }
    }

    func run() async throws {
        let directory = out + "/" + group
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let probe = directory + "/.skillsmock-write-check"
            guard FileManager.default.createFile(atPath: probe, contents: Data()) else {
                throw RecorderError("cannot create files in \(directory)")
            }
            try FileManager.default.removeItem(atPath: probe)
        } catch {
            RecordCommand.log("error: --out \(out): cannot write scenarios to \(directory): \(error)")
            throw ExitCode(2)
        }
        do {
            try await RecordingProxy.probe(upstream: upstream, caFile: upstreamCA)
        } catch {
            RecordCommand.log("error: --upstream: \(error)")
            throw ExitCode(2)
        }
        let proxy: RecordingProxy
        do {
            proxy = try RecordingProxy(
                upstream: upstream, directory: directory, idleCutMs: DurationText.milliseconds(idleCut) ?? 30_000,
                caFile: upstreamCA, log: { RecordCommand.log("skillsmock record: \($0)") },
                fatal: { error in
                    RecordCommand.log("error: \(error)")
                    Foundation.exit(2)
                })
        } catch {
            RecordCommand.log("error: \(error)")
            throw ExitCode(2)
        }
        let baseURL: String
        do {
            baseURL = try proxy.start(host: host, port: port)
        } catch {
            RecordCommand.log("error: cannot listen on \(host):\(port): \(error)")
            throw ExitCode(2)
        }
        let termination = TerminationSignal()
        print(#"{"listening": "\#(baseURL)"}"#)
        fflush(nil)  // every output stream: C's `stdout` is a global variable Swift 6 cannot check
        RecordCommand.log("skillsmock record: forwarding to \(upstream), writing runs under \(directory)")
        await termination.wait()
        RecordCommand.log("skillsmock record: stopping")
        await proxy.stop()
    }

    static func log(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
