import Foundation
import SkillsTestSupport
import Testing

/// `skillsmock serve --tls-cert FILE --tls-key FILE` as a child process: the https listening line, and bad TLS
/// input refused with exit 2 and a message naming the file or flag.
@Suite struct TLSServeCommandTests {
    @Test func serveWithTLSPrintsAnHTTPSListeningLineAndAnswersOverHTTPS() async throws {
        let files = try await TLSTestFiles.make()
        let serve = try SecurityServeProcess([
            "--port", "0", "--tls-cert", files.certificateFile, "--tls-key", files.keyFile,
        ])
        let line = await serve.firstLine()
        let port = try #require(line.flatMap(SecurityServeProcess.port(of:)), "no listening line: \(line ?? "EOF")")
        #expect(line == #"{"listening": "https://127.0.0.1:\#(port)"}"#)
        let credits = await CurlRun.run(
            "https://127.0.0.1:\(port)/api/v1/credits", ["-H", "Authorization: Bearer sk-cli"], caFile: files.caFile)
        #expect(credits.code == 0 && credits.text == #"{"credits":100}"#, "\(credits.code) \(credits.stderr)")
        let reset = await CurlRun.createSSE(
            "https://127.0.0.1:\(port)", id: "sse-breaks.reset-after-progress", caFile: files.caFile)
        #expect(
            reset.code == 56 && reset.stderr.contains("reset by peer"),
            "a catalogue reset over https: \(reset.code) \(reset.stderr)")
        #expect(reset.text.contains("IN_PROGRESS"), "the events before the reset arrived: \(reset.text)")
        _ = await serve.finish()
    }

    /// Bad TLS arguments: each case's arguments and what the message must name.
    enum BadInput: String, CaseIterable, Sendable {
        case missingCertificate, missingKey, certificateIsADirectory, certificateNotPEM, keyNotPEM, encryptedKey
        case keyOfAnotherCertificate, certificateOnly, keyOnly

        /// `serve` arguments for this case, and the text the error must contain.
        func arguments(_ files: TLSTestFiles) -> (arguments: [String], names: String) {
            switch self {
            case .missingCertificate:
                return (["--tls-cert", files.missingFile, "--tls-key", files.keyFile], files.missingFile)
            case .missingKey:
                return (["--tls-cert", files.certificateFile, "--tls-key", files.missingFile], files.missingFile)
            case .certificateIsADirectory:
                return (
                    ["--tls-cert", files.directory, "--tls-key", files.keyFile],
                    "--tls-cert: TLS file \(files.directory)"
                )
            case .encryptedKey:
                return (
                    ["--tls-cert", files.certificateFile, "--tls-key", files.encryptedKeyFile], files.encryptedKeyFile
                )
            case .certificateNotPEM:
                return (["--tls-cert", files.junkFile, "--tls-key", files.keyFile], files.junkFile)
            case .keyNotPEM:
                return (["--tls-cert", files.certificateFile, "--tls-key", files.junkFile], files.junkFile)
            case .keyOfAnotherCertificate:
                return (
                    ["--tls-cert", files.certificateFile, "--tls-key", files.otherKeyFile],
                    "--tls-key: TLS key \(files.otherKeyFile) does not belong"
                )
            case .certificateOnly: return (["--tls-cert", files.certificateFile], "--tls-key")
            case .keyOnly: return (["--tls-key", files.keyFile], "--tls-cert")
            }
        }
    }

    @Test(arguments: BadInput.allCases)
    func badTLSInputExits2NamingTheCulprit(_ input: BadInput) async throws {
        let files = try await TLSTestFiles.make()
        let (arguments, names) = input.arguments(files)
        let serve = try SecurityServeProcess(["--port", "0"] + arguments)
        let first = await serve.firstLine()
        let (code, stderr) = await serve.finish()
        #expect(code == 2, "exit code \(code); stderr: \(stderr)")
        #expect(first == nil, "nothing may be served: \(first ?? "")")
        #expect(stderr.contains(names), "the message names \(names): \(stderr)")
    }
}
