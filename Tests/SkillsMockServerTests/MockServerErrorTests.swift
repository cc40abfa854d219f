import Foundation
import SkillsMockServer
import Testing

/// Start-up errors are kinds callers can match, with messages that name the culprit.
@Suite struct MockServerErrorTests {
    @Test func aBadValueIsAnInvalidConfigurationNamingIt() {
        do {
            _ = try MockServer(configuration: ServerConfiguration(loops: 0))
            Issue.record("loops 0 was accepted")
        } catch let error as MockServerError where error == .invalidConfiguration {
            #expect("\(error)" == "loops must be at least 1 (got 0)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func kindsCompareEqualWhateverTheirMessages() {
        let error = MockServerError.invalidConfiguration
        #expect(error == .invalidConfiguration)
        #expect(error != .bindFailed)
        #expect(MockServerError.bindFailed != .eventLoopFailed)
        #expect(MockServerError.unusableHost != .unprotectedAdmin)
    }

    @Test func anAddressOfNoLocalInterfaceIsABindFailureNamingIt() throws {
        // 192.0.2.1 (TEST-NET-1) belongs to no interface here: bind fails with EADDRNOTAVAIL.
        let elsewhere = try MockServer(configuration: ServerConfiguration(host: "192.0.2.1", port: 0, adminToken: "t"))
        do {
            try elsewhere.start()
            elsewhere.stop()
            Issue.record("bound 192.0.2.1")
        } catch {
            #expect(MockServerError.bindFailed ~= error)
            #expect("\(error)".hasPrefix("cannot bind 192.0.2.1:0: "))
        }
        var caught = false
        do { try elsewhere.start() } catch MockServerError.bindFailed { caught = true } catch {}
        #expect(caught, "a catch clause matches the kind")
    }

    @Test func aPublicHostWithoutAdminTokenIsRefused() {
        #expect(throws: MockServerError.unprotectedAdmin) {
            let server = try MockServer(configuration: ServerConfiguration(host: "0.0.0.0", port: 0))
            try server.start()
            server.stop()
        }
    }
}
