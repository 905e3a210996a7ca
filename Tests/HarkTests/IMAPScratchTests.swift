import Foundation
import HarkMail
import HarkTesting
import Testing

@Suite struct IMAPScratchTests {
    @Test func timing() async throws {
        var t = ContinuousClock.now
        func lap(_ s: String) { print("LAP \(s): \(ContinuousClock.now - t)"); t = .now }
        let dovecot = try await Dovecot.start()
        lap("start")
        let c = try await IMAPConnection.connect(try IMAPTest.configuration(dovecot))
        lap("connect")
        _ = try await c.select(.inbox)
        lap("select")
        await c.logout()
        lap("logout")
        let c2 = try await IMAPConnection.connect(try IMAPTest.configuration(dovecot, security: .tls))
        lap("connect tls")
        await c2.logout()
        lap("logout")
        dovecot.stop()
        lap("stop")
    }
}
