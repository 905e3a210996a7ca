import Foundation
import HarkCurl
import HarkMail
import HarkTesting
import Testing

/// The IMAP client against a real Dovecot on loopback: login, TLS, the address guard, `EXAMINE`.
@Suite(.enabled(if: Dovecot.isInstalled, "\(Dovecot.missingReason)"))
struct IMAPDovecotTests {
    @Test func logsInPlainWithStartTLSAndWithTLSTrustingExactlyTheTestCertificate() async throws {
        try await IMAPTest.withDovecot { dovecot in
            for security in [IMAPConfiguration.Security.none, .startTLS, .tls] {
                let connection = try await IMAPConnection.connect(
                    try IMAPTest.configuration(dovecot, security: security)
                )
                #expect(connection.capabilities.contains("IDLE"))
                #expect(connection.capabilities.contains("IMAP4REV1"))
                let status = try await connection.select(.inbox)
                #expect(status.exists == 0)
                await connection.logout()
            }
        }
    }

    @Test func refusesBadCredentialsWithoutNamingThem() async throws {
        try await IMAPTest.withDovecot { dovecot in
            for security in [IMAPConfiguration.Security.none, .tls] {
                let configuration = try IMAPTest.configuration(
                    dovecot,
                    security: security,
                    authentication: .password(user: dovecot.user, password: "wrong-secret")
                )
                let error = await IMAPTest.error { try await IMAPConnection.connect(configuration) }
                #expect(error?.code == .authFailed, "\(String(describing: error))")
                #expect(error?.message.contains("wrong-secret") == false)
                #expect(error?.message.contains(dovecot.user) == false)
            }
        }
    }

    @Test func logsInWithAnXOAuth2BearerToken() async throws {
        try await IMAPTest.withDovecot { dovecot in
            // This Dovecot checks XOAUTH2 tokens against the passdb, so the password is the token.
            let good = try IMAPTest.configuration(
                dovecot,
                security: .tls,
                authentication: .xoauth2(user: dovecot.user, token: dovecot.password)
            )
            let connection = try await IMAPConnection.connect(good)
            #expect(try await connection.select(.inbox).uidValidity > 0)
            await connection.logout()
            let bad = try IMAPTest.configuration(
                dovecot,
                security: .tls,
                authentication: .xoauth2(user: dovecot.user, token: "expired-token")
            )
            let error = await IMAPTest.error { try await IMAPConnection.connect(bad) }
            #expect(error?.code == .authFailed, "\(String(describing: error))")
            #expect(error?.message.contains("expired-token") == false)
        }
    }

    @Test func tlsFailsUnlessTheTestCertificateIsTrusted() async throws {
        try await IMAPTest.withDovecot { dovecot in
            for security in [IMAPConfiguration.Security.tls, .startTLS] {
                let configuration = try IMAPTest.configuration(dovecot, security: security, trust: false)
                let error = await IMAPTest.error { try await IMAPConnection.connect(configuration) }
                #expect(error?.code == .tlsError, "\(String(describing: error))")
            }
            // The certificate names 127.0.0.1 and localhost; another name for the host fails.
            var renamed = try IMAPTest.configuration(dovecot, security: .tls)
            renamed.host = "127.0.0.2"
            renamed.addressPolicy = try .init(allowing: ["127.0.0.0/8"])
            let error = await IMAPTest.error { try await IMAPConnection.connect(renamed) }
            #expect(error?.code == .tlsError || error?.code == .connectError, "\(String(describing: error))")
        }
    }

    @Test func theAddressGuardAdmitsExactlyTheAllowedPort() async throws {
        try await IMAPTest.withDovecot { dovecot in
            for allow in [[], ["127.0.0.1:\(dovecot.tlsPort)"], ["10.0.0.0/8"]] {
                let configuration = try IMAPTest.configuration(dovecot, allow: allow)
                let error = await IMAPTest.error { try await IMAPConnection.connect(configuration) }
                #expect(error?.code == .blockedAddress, "\(allow): \(String(describing: error))")
                #expect(error?.message.contains("127.0.0.1") == true)
            }
            let allowed = try IMAPTest.configuration(dovecot, allow: ["127.0.0.1:\(dovecot.port)"])
            try await IMAPConnection.connect(allowed).logout()
        }
    }

    @Test func examineReportsUIDValidityUIDNextAndMissingMailboxes() async throws {
        try await IMAPTest.withDovecot { dovecot in
            try await dovecot.append((1...3).map { IMAPTest.message($0) })
            let connection = try await IMAPConnection.connect(try IMAPTest.configuration(dovecot))
            let status = try await connection.select(.inbox)
            #expect(status.uidValidity == (try await dovecot.uidValidity()))
            #expect(status.uidNext == 4)
            #expect(status.exists == 3)
            #expect(status.readOnly)
            let again = try await connection.select(.inbox, expectedUIDValidity: status.uidValidity)
            #expect(again == status)
            let stale = await IMAPTest.error {
                try await connection.select(.inbox, expectedUIDValidity: status.uidValidity &+ 1)
            }
            #expect(stale?.code == .uidValidityChanged)
            let missing = await IMAPTest.error { try await connection.select(try IMAPMailboxName("Finnes ikke")) }
            #expect(missing?.code == .mailboxMissing)
            // A NO leaves the connection usable.
            #expect(try await connection.select(.inbox).exists == 3)
            await connection.logout()
        }
    }
}
