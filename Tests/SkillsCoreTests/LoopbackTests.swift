import SkillsCore
import Testing

/// One loopback answer for `serve --host` and the admin API's peer check.
@Suite struct LoopbackTests {
    @Test(arguments: [
        "localhost", "LOCALHOST", "::1", "127.0.0.1", "127.1.2.3", "127.5.6.7", "::ffff:127.0.0.1",
        "::FFFF:127.9.9.9", "0:0:0:0:0:0:0:1", "0::1", "::ffff:7f00:1", "0:0:0:0:0:ffff:127.0.0.1",
    ])
    func loopback(_ address: String) {
        #expect(Loopback.contains(address))
    }

    @Test(arguments: [
        "0.0.0.0", "10.0.0.1", "128.0.0.1", "::", "::ffff:10.0.0.1", "127.0.0", "127.0.0.1.5", "127.example.com",
        "localhost.evil.com", "1270.0.0.1", "", "0x7f000001", "127.1", "::2", "::ffff:128.0.0.1",
        "::127.0.0.1", "fe80::1", ":::1", "127.0.0.256",
    ])
    func notLoopback(_ address: String) {
        #expect(!Loopback.contains(address))
    }
}
