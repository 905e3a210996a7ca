import Foundation
import HarkCurl
import HarkMail
import HarkTesting
import Testing

/// Helpers shared by the IMAP tests.
enum IMAPTest {
    /// Short limits, so that a hang fails fast.
    static var timeouts: IMAPTimeouts {
        IMAPTimeouts(connect: .seconds(10), command: .seconds(60), inactivity: .seconds(20))
    }

    /// A client configuration for `dovecot`, admitting exactly the address and port it uses.
    static func configuration(
        _ dovecot: Dovecot,
        security: IMAPConfiguration.Security = .none,
        authentication: IMAPConfiguration.Authentication? = nil,
        trust: Bool = true,
        allow: [String]? = nil,
        limits: IMAPLimits = IMAPLimits()
    ) throws -> IMAPConfiguration {
        let port = security == .tls ? dovecot.tlsPort : dovecot.port
        return IMAPConfiguration(
            host: dovecot.host,
            port: port,
            security: security,
            authentication: authentication ?? .password(user: dovecot.user, password: dovecot.password),
            certificateAuthorities: trust ? dovecot.certificatePath : nil,
            addressPolicy: try AddressPolicy(allowing: allow ?? ["\(dovecot.host):\(port)"]),
            timeouts: timeouts,
            limits: limits
        )
    }

    /// A client configuration for a scripted server.
    static func configuration(
        _ server: ScriptedIMAPServer,
        timeouts: IMAPTimeouts = IMAPTest.timeouts,
        limits: IMAPLimits = IMAPLimits()
    ) throws -> IMAPConfiguration {
        IMAPConfiguration(
            host: "127.0.0.1",
            port: server.port,
            security: .none,
            authentication: .password(user: "user", password: "secret"),
            addressPolicy: try AddressPolicy(allowing: [server.allowEntry]),
            timeouts: timeouts,
            limits: limits
        )
    }

    /// Runs `body` with a fresh Dovecot, stopped afterwards whatever happens.
    static func withDovecot(_ body: (Dovecot) async throws -> Void) async throws {
        let dovecot = try await Dovecot.start()
        do {
            try await body(dovecot)
        } catch {
            print("dovecot log tail:\n\(dovecot.log().suffix(2000))")
            await dovecot.stop()
            throw error
        }
        await dovecot.stop()
    }

    /// Runs `body` with a scripted server, stopped afterwards.
    static func withServer(
        _ script: [ScriptedIMAPServer.Step],
        _ body: (ScriptedIMAPServer) async throws -> Void
    )
        async throws
    {
        let server = try ScriptedIMAPServer.start(script)
        defer { server.stop() }
        try await body(server)
    }

    /// A small distinct message; `padding` adds body bytes.
    static func message(_ index: Int, padding: Int = 0, messageID: Bool = true) -> Data {
        var text = "From: Kunde \(index) <kunde\(index)@example.com>\r\nTo: support@example.com\r\n"
        if messageID { text += "Message-ID: <m\(index)@example.com>\r\n" }
        text += "Subject: Klage nr. \(index)\r\nDate: Mon, 3 Mar 2025 10:00:00 +0100\r\n\r\n"
        text += "Hei, pakken min kom aldri fram. (\(index))\r\n"
        if padding > 0 {
            let line = String(repeating: "x", count: 76) + "\r\n"
            text += String(repeating: line, count: padding / line.utf8.count + 1)
        }
        return Data(text.utf8)
    }

    /// The IMAP error an async operation throws, or `nil` (another error is a test failure).
    static func error<T>(_ body: () async throws -> T) async -> IMAPError? {
        do {
            _ = try await body()
            return nil
        } catch let error as IMAPError {
            return error
        } catch {
            Issue.record("not an IMAPError: \(error)")
            return nil
        }
    }
}

extension IMAPTest {
    /// The process's resident set size now (Linux `/proc/self/statm`), 0 when unknown.
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
    }
}
