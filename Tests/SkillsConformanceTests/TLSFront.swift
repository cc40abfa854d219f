import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import SkillsTestSupport

/// A throwaway https front for tests: a certificate authority and a server certificate for 127.0.0.1 made with
/// `openssl` at test time, and a TLS listener that pipes each connection's bytes to a plain port.
final class TLSFront: Sendable {
    /// The CA certificate (PEM) that signs the front's certificate.
    let caFile: String
    /// `https://127.0.0.1:PORT`.
    let baseURL: String
    private let channel: Channel
    private let directory: String

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Makes the certificates in a temporary directory and listens, piping to `127.0.0.1:targetPort`.
    init(targetPort: Int) throws {
        directory = NSTemporaryDirectory() + "skillsmock-tls-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let d = directory
        let script = """
            set -e
            cd "\(d)"
            openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 1 -subj /CN=skillsmock-test-ca 2>/dev/null
            openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1 2>/dev/null
            printf 'subjectAltName=IP:127.0.0.1\\nbasicConstraints=CA:FALSE\\n' > ext.cnf
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 1 -extfile ext.cnf 2>/dev/null
            """
        let process = try SpawnedProcess(executable: "/bin/sh", arguments: ["-c", script])
        let errors = process.stderr.readToEnd()
        _ = process.stdout.readToEnd()
        guard process.waitForExit() == 0 else {
            throw Failure(description: "openssl failed: \(String(decoding: errors, as: UTF8.self))")
        }
        caFile = directory + "/ca.pem"
        let chain = try NIOSSLCertificate.fromPEMFile(directory + "/server.pem").map {
            NIOSSLCertificateSource.certificate($0)
        }
        let key = try NIOSSLPrivateKey(file: directory + "/server.key", format: .pem)
        let context = try NIOSSLContext(
            configuration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
        channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.autoRead, value: false)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                }.flatMap {
                    ClientBootstrap(group: child.eventLoop)
                        .channelInitializer { upstream in
                            upstream.eventLoop.makeCompletedFuture {
                                try upstream.pipeline.syncOperations.addHandler(BytePipe(partner: child))
                            }
                        }
                        .connect(host: "127.0.0.1", port: targetPort)
                }.flatMap { upstream in
                    child.eventLoop.makeCompletedFuture {
                        try child.pipeline.syncOperations.addHandler(BytePipe(partner: upstream))
                    }.flatMap { child.setOption(ChannelOptions.autoRead, value: true) }
                }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
        baseURL = "https://127.0.0.1:\(channel.localAddress?.port ?? 0)"
    }

    /// Stops listening and removes the certificates.
    func stop() {
        try? channel.close().wait()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// Writes every byte read to its partner channel; closes the partner when its own side closes.
private final class BytePipe: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let partner: Channel

    init(partner: Channel) { self.partner = partner }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        partner.writeAndFlush(unwrapInboundIn(data), promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        partner.close(promise: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
