import Foundation
import SkillsCore
import SkillsScenario

/// The runs the recorder saw, one per API key, each written to `DIRECTORY/<id>.yaml` after every call it
/// completes (temporary file, then rename: a recorder killed mid-run leaves every written file whole).
/// Keys are kept only as fingerprints. Used from one thread at a time (`RunWriter`'s).
final class RunStore {
    private struct Run {
        var id: String
        var fingerprint: String
        var exchanges: [RecordedExchange] = []
        var generationID: String?
    }

    let directory: String
    private var runs: [String: Run] = [:]

    init(directory: String) {
        self.directory = directory
    }

    /// Adds a completed call to the run of `fingerprint` and rewrites its file; returns the file's path.
    func record(_ exchange: RecordedExchange, fingerprint: String) throws(RecorderError) -> String {
        var run =
            runs[fingerprint] ?? Run(id: "recorded.\(fingerprint.dropFirst("key:".count))", fingerprint: fingerprint)
        let path = directory + "/" + run.id + ".yaml"
        if runs[fingerprint] == nil, FileManager.default.fileExists(atPath: path) { throw .exists(path) }
        run.exchanges.append(exchange)
        if run.generationID == nil, exchange.kind.isCreate {
            run.generationID = RunStore.generationID(in: exchange.answer)
        }
        runs[fingerprint] = run
        let recording = ScenarioRecording(
            id: run.id,
            title: "Run \(fingerprint) as recorded through skillsmock record (\(run.exchanges.count) calls)",
            generationID: run.generationID, exchanges: run.exchanges)
        let text = recording.yaml(
            comment: "Recorded by skillsmock record: what run \(fingerprint) was served. Delays are measured real ms.")
        let temporary = directory + "/." + run.id + ".yaml.tmp"
        try RunStore.writeFile(text, to: temporary)
        guard rename(temporary, path) == 0 else {
            throw .unwritable(path, String(cString: strerror(errno)))
        }
        return path
    }

    /// Writes `text` to a new file at `path` with plain `write(2)` calls and no `fsync` (Foundation's `Data.write`
    /// fsyncs even when not atomic): the rename after it is what keeps files whole when the recorder is killed (the
    /// kernel keeps written pages), and a flush to disk per recorded call would put device waits beside the
    /// streams being relayed.
    private static func writeFile(_ text: String, to path: String) throws(RecorderError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .unwritable(path, String(cString: strerror(errno))) }
        defer { close(fd) }
        var failure: Int32 = 0
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        guard failure == 0 else { throw .unwritable(path, String(cString: strerror(failure))) }
    }

    /// The generation id a create answer carried (JSON body or the first SSE event naming one).
    static func generationID(in answer: RecordedAnswer) -> String? {
        switch answer {
        case .reply(_, _, let body):
            return (try? JSONValue.parse(body)).flatMap { GenerationStatus.findID(in: $0)?.value }
        case .stream(_, _, let pieces, _):
            var parser = SSEParser()
            for piece in pieces {
                for event in parser.feed(piece.bytes) {
                    if let value = try? JSONValue.parse(event.data), let id = GenerationStatus.findID(in: value)?.value
                    {
                        return id
                    }
                }
            }
            return nil
        case .fault:
            return nil
        }
    }
}
