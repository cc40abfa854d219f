import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import SkillsCore
import SkillsMockServer
import SkillsScenario
import Synchronization

/// The recorder (`skillsmock record`, SPEC 10): a libevent front (`ForwardingServer`) in front of an upstream
/// reached with async-http-client. Each upstream chunk is forwarded the moment it is read, and the upstream's
/// ending (complete, close, reset, cut mid-event, silence past the idle cut) is passed on the same way; every
/// create and poll is added to its run's scenario file (`RunStore`).
public final class RecordingProxy: ForwardingHandler, Sendable {
    private let upstream: String
    private let client: HTTPClient
    /// The upstream client's event loop (one thread, the recorder's own).
    private let loops: MultiThreadedEventLoopGroup
    private let writer: RunWriter
    /// The client-facing front, once started.
    private let front = Mutex<ForwardingServer?>(nil)

    /// A recorder forwarding to `upstream` (`http://host:port`, no path), writing runs to `directory`.
    public init(
        upstream: String, directory: String, idleCutMs: Double, caFile: String? = nil,
        log: @escaping @Sendable (String) -> Void, fatal: @escaping @Sendable (RecorderError) -> Void
    ) throws(RecorderError) {
        self.upstream = upstream.hasSuffix("/") ? String(upstream.dropLast()) : upstream
        self.writer = RunWriter(directory: directory, log: log, fatal: fatal)
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10), read: .nanoseconds(Int64(idleCutMs * 1_000_000))))
        configuration.httpVersion = .http1Only
        configuration.connectionPool.retryConnectionEstablishment = false
        // One upstream connection per client stream: the default of 8 per host would queue the ninth stream.
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 100_000
        // A few upstream connections kept open ahead of need: a new client stream then starts on one at once
        // instead of waiting for a TCP connect (and a TLS handshake) to the upstream.
        configuration.connectionPool.preWarmedHTTP1ConnectionCount = 4
        configuration.decompression = .disabled
        configuration.tlsConfiguration = try RecordingProxy.tls(caFile: caFile)
        // One event loop thread: the front's loop and it are the only threads a chunk crosses, and on a small
        // machine a second loop thread is one more wake-up to wait for.
        loops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        client = HTTPClient(eventLoopGroup: loops, configuration: configuration)
    }

    /// Binds the client-facing front and starts it; returns its base URL.
    public func start(host: String, port: Int) throws -> String {
        let front = try ForwardingServer(host: host, port: port, handler: self)
        self.front.withLock { $0 = front }
        front.start()
        return front.baseURL
    }

    /// Stops the front and the upstream client, then writes every call still queued for its run's file.
    public func stop() async {
        front.withLock { $0 }?.stop()
        try? await client.shutdown()
        try? await loops.shutdownGracefully()
        writer.finish()
    }

    /// Whether `upstream` answers like the platform: `GET /api/v1/credits` without a key gives 401 or 200 with
    /// a JSON object. Throws a `RecorderError` naming the URL otherwise.
    public static func probe(upstream: String, caFile: String? = nil) async throws(RecorderError) {
        let base = upstream.hasSuffix("/") ? String(upstream.dropLast()) : upstream
        var configuration = HTTPClient.Configuration()
        configuration.tlsConfiguration = try tls(caFile: caFile)
        let client = HTTPClient(eventLoopGroup: .singletonMultiThreadedEventLoopGroup, configuration: configuration)
        let outcome: Result<(Int, [UInt8]), any Error>
        do {
            let response = try await client.execute(
                HTTPClientRequest(url: base + "/api/v1/credits"), timeout: .seconds(5))
            outcome = .success(
                (Int(response.status.code), Array(try await response.body.collect(upTo: 1 << 20).readableBytesView)))
        } catch {
            outcome = .failure(error)
        }
        try? await client.shutdown()
        let status: Int
        let body: [UInt8]
        switch outcome {
        case .success(let (code, bytes)): (status, body) = (code, bytes)
        case .failure(let error): throw RecorderError("upstream \(upstream) is unreachable: \(error)")
        }
        guard [200, 401].contains(status), case .object? = try? JSONValue.parse(body) else {
            throw RecorderError(
                "upstream \(upstream) does not answer like the skills.video API (GET /api/v1/credits without a key answered \(status), expected 401 or 200 with a JSON object)"
            )
        }
    }

    /// TLS for https upstreams: the system roots, or only the certificates of `caFile` (PEM).
    static func tls(caFile: String?) throws(RecorderError) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caFile {
            do {
                let certificates = try NIOSSLCertificate.fromPEMFile(caFile)
                guard !certificates.isEmpty else { throw RecorderError("no certificate in it") }
                tls.trustRoots = .certificates(certificates)
            } catch {
                throw RecorderError("--upstream-ca \(caFile): cannot read a PEM certificate (\(error))")
            }
        }
        return tls
    }

    // MARK: - Forwarding

    /// Starts the upstream request at once from the front's loop thread; the answer is relayed from the
    /// upstream connection's event loop (`UpstreamRelay`) and saved when it ended.
    public func handle(_ request: ForwardedRequest, reply: ForwardedReply) {
        let relay = UpstreamRelay(reply: reply)
        let kind = RecordingProxy.kind(method: request.method, uri: request.uri)
        let key = request.headers.value(named: "Authorization").flatMap(BearerToken.parse)
        let recorded = { @Sendable (answer: RecordedAnswer) in
            let exchange = RecordedExchange(
                kind: kind, path: request.uri, requestBody: request.body, delayMs: relay.delayMs, answer: answer)
            self.save(exchange, key: key)
        }
        var headers = HTTPHeaders()
        for header in request.headers where !RecordingProxy.isHopByHop(header.name) {
            headers.add(name: header.name, value: header.value)
        }
        let task: HTTPClient.Task<RecordedAnswer>
        do {
            let upstreamRequest = try HTTPClient.Request(
                url: upstream + request.uri, method: HTTPMethod(rawValue: request.method), headers: headers,
                body: request.body.isEmpty ? nil : .bytes(request.body))
            // Any loop: an idle (pre-warmed) connection is taken wherever it lives, and the relay runs on its loop.
            task = client.execute(request: upstreamRequest, delegate: relay, eventLoop: .indifferent)
        } catch {
            client.eventLoopGroup.next().execute { recorded(relay.finish(RecordingProxy.end(of: error))) }
            return
        }
        task.futureResult.whenComplete { result in
            switch result {
            case .success(let answer): recorded(answer)
            case .failure(let error): recorded(relay.finish(RecordingProxy.end(of: error)))
            }
        }
        reply.onClientGone { task.cancel() }
    }

    private static let hopByHop: Set<String> = [
        "host", "connection", "content-length", "transfer-encoding", "keep-alive", "te", "upgrade",
    ]

    /// Whether a header belongs to one connection only and is not passed on.
    static func isHopByHop(_ name: String) -> Bool { hopByHop.contains(name.lowercased()) }

    /// Queues a create or poll for its run's file (other calls are not part of a run).
    private func save(_ exchange: RecordedExchange, key: String?) {
        guard exchange.kind.isCreate || exchange.kind == .poll, let key else { return }
        writer.submit(exchange, fingerprint: KeyFingerprint.of(key))
    }

    /// The kind of platform call a method and target are.
    static func kind(method: String, uri: String) -> RequestKind {
        let path =
            uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? uri
        guard let range = path.range(of: "/generation/") else { return path.hasSuffix("/credits") ? .credits : .other }
        let rest = path[range.upperBound...]
        switch method {
        case "POST": return rest.hasPrefix("sse/") ? .createSSE : .createPoll
        case "GET": return .poll
        default: return .other
        }
    }

    /// How an upstream failure is passed on: a reset as a reset, silence as a hang, anything else as a close.
    static func end(of error: any Error) -> ForwardedEnd {
        if let client = error as? HTTPClientError {
            switch client {
            case .readTimeout, .deadlineExceeded, .cancelled: return .hang
            default: break
            }
        }
        if error is CancellationError { return .hang }
        if let io = error as? IOError, io.errnoCode == ECONNRESET { return .reset }
        let text = String(describing: error).lowercased()
        if text.contains("reset") { return .reset }
        return .close
    }
}
