import Foundation
import SkillsTestSupport

/// Throwaway TLS files made with the `openssl` CLI in a temporary directory: a CA, a server certificate for
/// 127.0.0.1 signed by it with its key, and an unrelated key (for mismatch checks). Removed when released.
final class TLSTestFiles: Sendable {
    /// The directory holding the files.
    let directory: String

    /// Why the files could not be made.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Makes every file on a thread of its own (the `openssl` runs block; the cooperative pool has two threads
    /// here and every other test needs them); throws when `openssl` fails.
    static func make() async throws -> TLSTestFiles {
        try await RawHTTPClient.offPool { Result { try TLSTestFiles() } }.get()
    }

    /// Makes every file, blocking the calling thread; throws when `openssl` fails.
    private init() throws {
        directory = NSTemporaryDirectory() + "skillsmock-tls-serve-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
        let script = """
            set -e
            cd "\(directory)"
            openssl req -x509 \(ec) -keyout ca.key -out ca.pem -days 1 -subj /CN=skillsmock-serve-test-ca 2>/dev/null
            openssl req \(ec) -keyout server.key -out server.csr -subj /CN=127.0.0.1 2>/dev/null
            printf 'subjectAltName=IP:127.0.0.1\\nbasicConstraints=CA:FALSE\\n' > ext.cnf
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 1 \
              -extfile ext.cnf 2>/dev/null
            openssl genpkey -algorithm ec -pkeyopt ec_paramgen_curve:prime256v1 -out other.key 2>/dev/null
            openssl pkey -in server.key -aes256 -passout pass:secret -out encrypted.key 2>/dev/null
            printf 'not a certificate\\n' > junk.pem
            """
        let process = try SpawnedProcess(executable: "/bin/sh", arguments: ["-c", script])
        _ = process.stdout.readToEnd()
        let errors = process.stderr.readToEnd()
        guard process.waitForExit() == 0 else {
            throw Failure(description: "openssl failed: \(String(decoding: errors, as: UTF8.self))")
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// The CA certificate clients trust (`curl --cacert`).
    var caFile: String { directory + "/ca.pem" }
    /// The server certificate for 127.0.0.1.
    var certificateFile: String { directory + "/server.pem" }
    /// The server certificate's key.
    var keyFile: String { directory + "/server.key" }
    /// A key that belongs to no certificate here.
    var otherKeyFile: String { directory + "/other.key" }
    /// The server key encrypted with a passphrase (which `serve` has no way to be given).
    var encryptedKeyFile: String { directory + "/encrypted.key" }
    /// A file that is no PEM at all.
    var junkFile: String { directory + "/junk.pem" }
    /// A path where no file is.
    var missingFile: String { directory + "/missing.pem" }
}
