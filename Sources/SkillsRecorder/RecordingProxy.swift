import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import SkillsCore
import SkillsMockServer
import SkillsScenario

/// The recorder (`skillsmock record`, SPEC 10): a libevent front (`ForwardingServer`) in front of an upstream
/// reached with async-http-client. Each upstream chunk is forwarded the moment it is read, and the upstream's
/// ending (complete, close, reset, cut mid-event, silence past the idle cut) is passed on the same way; every
/// create and poll is added to its run's scenario file (`RunStore`).
public final class RecordingProxy: ForwardingHandler, @unchecked Sendable {
    private let upstream: String
    private let client: HTTPClient
    private let store: RunStore
    private let idleCutMs: Double
    private let log: @Sendable (String) -> Void
    private let fatal: @Sendable (RecorderError) -> Void
    private var front: ForwardingServer?

    /// A recorder forwarding to `upstream` (`http://host:port`, no path), writing runs to `directory`.
    public init(
        upstream: String, directory: String, idleCutMs: Double, caFile: String? = nil,
        log: @escaping @Sendable (String) -> Void, fatal: @escaping @Sendable (RecorderError) -> Void
    ) throws(RecorderError) {
        self.upstream = upstream.hasSuffix("/") ? String(upstream.dropLast()) : upstream
        self.store = RunStore(directory: directory)
        self.idleCutMs = idleCutMs
        self.log = log
        self.fatal = fatal
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10), read: .nanoseconds(Int64(idleCutMs * 1_000_000))))
        configuration.httpVersion = .http1Only
        configuration.connectionPool.retryConnectionEstablishment = false
        // One upstream connection per client stream: the default of 8 per host would queue the ninth stream.
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 100_000
        configuration.decompression = .disabled
        configuration.tlsConfiguration = try RecordingProxy.tls(caFile: caFile)
        client = HTTPClient(eventLoopGroup: .singletonMultiThreadedEventLoopGroup, configuration: configuration)
    }

    /// Binds the client-facing front and starts it; returns its base URL.
    public func start(host: String, port: Int) throws -> String {
        let front = try ForwardingServer(host: host, port: port, handler: self)
        self.front = front
        front.start()
        return front.baseURL
    }

    /// Stops the front and the upstream client.
    public func stop() async {
        front?.stop()
        try? await client.shutdown()
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
            let response = try await client.execute(HTTPClientRequest(url: base + "/api/v1/credits"), timeout: .seconds(5))
            outcome = .success((Int(response.status.code), Array(try await response.body.collect(upTo: 1 << 20).readableBytesView)))
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
                "upstream \(upstream) does not answer like the skills.video API (GET /api/v1/credits without a key answered \(status), expected 401 or 200 with a JSON object)")
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

    public func handle(_ request: ForwardedRequest, reply: ForwardedReply) {
        let work = Task { await self.forward(request, reply: reply) }
        reply.onClientGone { work.cancel() }
    }

    private static let hopByHop: Set<String> = ["host", "connection", "content-length", "transfer-encoding", "keep-alive", "te", "upgrade"]

    private func forward(_ request: ForwardedRequest, reply: ForwardedReply) async {
        let clock = ContinuousClock()
        let start = clock.now
        func ms() -> Double {
            let d = clock.now - start
            return Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        }
        var upstreamRequest = HTTPClientRequest(url: upstream + request.uri)
        upstreamRequest.method = HTTPMethod(rawValue: request.method)
        for header in request.headers where !RecordingProxy.hopByHop.contains(header.name.lowercased()) {
            upstreamRequest.headers.add(name: header.name, value: header.value)
        }
        if !request.body.isEmpty { upstreamRequest.body = .bytes(ByteBuffer(bytes: request.body)) }
        let kind = RecordingProxy.kind(method: request.method, uri: request.uri)
        let key = request.headers.first(where: { $0.name.lowercased() == "authorization" }).flatMap { header -> String? in
            let parts = header.value.split(separator: " ", maxSplits: 1)
            return parts.count == 2 && parts[0].lowercased() == "bearer" ? String(parts[1]) : nil
        }

        let answer: RecordedAnswer
        var delayMs = 0.0
        let response: HTTPClientResponse
        do {
            response = try await client.execute(upstreamRequest, timeout: .nanoseconds(Int64(idleCutMs * 1_000_000)))
        } catch {
            delayMs = ms()
            let end = RecordingProxy.end(of: error)
            reply.finish(end)
            switch end {
            case .reset: answer = .fault(.reset)
            case .hang: answer = .fault(.silent)
            default: answer = .fault(.close)
            }
            await save(RecordedExchange(kind: kind, path: request.uri, requestBody: request.body, delayMs: delayMs, answer: answer), key: key)
            return
        }
        delayMs = ms()
        let status = Int(response.status.code)
        let headers = response.headers.filter { !RecordingProxy.hopByHop.contains($0.name.lowercased()) }.map { Header($0.name, $0.value) }
        reply.head(status: status, headers: headers)
        let streaming = headers.contains { $0.name.lowercased() == "content-type" && $0.value.lowercased().hasPrefix("text/event-stream") }
        var splitter = SSESplitter(startMs: delayMs)
        var body: [UInt8] = []
        var end = ForwardedEnd.complete
        do {
            for try await buffer in response.body {
                let bytes = Array(buffer.readableBytesView)
                reply.send(bytes)
                if streaming { splitter.feed(bytes, atMs: ms()) } else { body += bytes }
            }
        } catch {
            end = RecordingProxy.end(of: error)
        }
        if reply.clientGone { end = .hang }
        reply.finish(end)
        if streaming {
            let (pieces, leftover) = splitter.finish()
            let streamEnd: StreamEnd
            switch end {
            case .complete: streamEnd = .complete
            case .close: streamEnd = leftover ? .truncate : .close
            case .reset: streamEnd = .reset
            case .hang: streamEnd = .hang
            }
            answer = .stream(status: status, headers: headers, pieces: pieces, end: streamEnd)
        } else {
            answer = .reply(status: status, headers: headers, body: body)
        }
        await save(RecordedExchange(kind: kind, path: request.uri, requestBody: request.body, delayMs: delayMs, answer: answer), key: key)
    }

    private func save(_ exchange: RecordedExchange, key: String?) async {
        guard exchange.kind.isCreate || exchange.kind == .poll, let key else { return }
        let fingerprint = KeyFingerprint.of(key)
        do {
            let path = try await store.record(exchange, fingerprint: fingerprint)
            log("recorded \(exchange.kind.rawValue) of \(fingerprint) into \(path)")
        } catch {
            fatal(error)
        }
    }

    /// The kind of platform call a method and target are.
    static func kind(method: String, uri: String) -> RequestKind {
        let path = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? uri
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
