import Foundation
import SkillsProcess
import Testing

#if canImport(Glibc)
    import Glibc
#endif

struct ProcessSpawnTests {
    /// Runs `sh -c SCRIPT` and returns its stdout and exit code.
    private func run(_ script: String) throws -> (output: String, code: Int32) {
        let child = try ProcessSpawn.start(argv: ["/bin/sh", "-c", script], environment: ["PATH": "/usr/bin:/bin"])
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(child.stdoutFD, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            output += chunk[0..<n]
        }
        close(child.stdoutFD)
        close(child.stderrFD)
        var status: Int32 = 0
        while waitpid(child.pid, &status, 0) < 0, errno == EINTR {}
        return (String(decoding: output, as: UTF8.self), ProcessSpawn.exitCode(status))
    }

    @Test func aChildInheritsNoDescriptorBeyondItsStandardThree() throws {
        // A socket without close-on-exec, as a test client's or an accepted connection's may be.
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(socket > 2)
        defer { close(socket) }
        let (output, code) = try run("ls /proc/$$/fd")
        #expect(code == 0)
        let descriptors = output.split(separator: "\n").compactMap { Int($0) }.sorted()
        #expect(descriptors == [0, 1, 2], "the child holds \(descriptors); this process had socket \(socket) open")
    }

    @Test func exitCodesAndSignalsComeBackAsTheShellWouldShowThem() throws {
        #expect(try run("exit 3").code == 3)
        #expect(try run("kill -TERM $$").code == 128 + SIGTERM)
        #expect(try run("printf hi").output == "hi")
    }

    @Test func aMissingProgramIsAnErrorNamingTheCommandAndWhy() {
        #expect {
            _ = try ProcessSpawn.start(argv: ["/nonexistent/program", "-x"], environment: [:], searchPath: false)
        } throws: { error in
            let spawn = error as? SpawnError
            return spawn?.command == "/nonexistent/program -x" && spawn?.reason == "No such file or directory"
                && "\(error)" == "cannot start `/nonexistent/program -x`: No such file or directory"
        }
        #expect(throws: SpawnError(command: "", reason: "empty command line")) {
            _ = try ProcessSpawn.start(argv: [], environment: [:])
        }
    }
}
