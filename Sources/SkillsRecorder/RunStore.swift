import Foundation
import SkillsCore
import SkillsScenario

/// The runs the recorder saw, one per API key, each written to `DIRECTORY/<id>.yaml` after every call it
/// completes (temporary file, then rename: a recorder killed mid-run leaves every written file whole).
/// Keys are kept only as fingerprints.
actor RunStore {
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
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else {
            throw .unwritable(temporary, "the file could not be created")
        }
        guard rename(temporary, path) == 0 else {
            throw .unwritable(path, String(cString: strerror(errno)))
        }
        return path
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
