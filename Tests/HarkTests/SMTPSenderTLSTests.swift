import Foundation
import HarkCurl
import HarkTesting
import Testing

/// SMTP with STARTTLS and AUTH against the real sink (aiosmtpd with a self-signed certificate):
/// the message goes over TLS as the configured user, the certificate is verified against the
/// configured CA file, a wrong password or an untrusted certificate sends nothing.
@Suite struct SMTPSenderTLSTests {
    static let user = "acks@nordlys.no"
    static let password = "s3cret-Pa55 with spaces"

    static func withTLSSink(_ body: (SMTPSink) async throws -> Void) async throws {
        try await SMTPSenderTests.withSink(tls: true, login: (user, password), body)
    }

    static func sender(_ sink: SMTPSink, password: String = password, trust: Bool = true) throws -> SMTPSender {
        SMTPSender(
            policy: try AddressPolicy(allowing: [sink.allowEntry]),
            settings: SMTPSettings(
                url: sink.url, username: user, password: password, requireTLS: true,
                certificateAuthorities: trust ? sink.certificatePath : nil))
    }

    @Test func sendsOverSTARTTLSAsTheConfiguredUser() async throws {
        try await Self.withTLSSink { sink in
            #expect(sink.certificatePath != nil)
            try await Self.sender(sink).send(SMTPSenderTests.dotty, envelope: SMTPSenderTests.envelope)
            let received = try sink.messages()
            try #require(received.count == 1, "\(sink.log())")
            #expect(received[0].tls, "the message came over TLS")
            #expect(received[0].login == Self.user)
            #expect(received[0].data == SMTPSenderTests.dotty)
        }
    }

    @Test func aWrongPasswordIsAPermanentLoginFailureAndSendsNothing() async throws {
        try await Self.withTLSSink { sink in
            let error = await SMTPSenderTests.error(
                try Self.sender(sink, password: "wrong"), SMTPSenderTests.dotty, SMTPSenderTests.envelope)
            #expect(error?.code == .loginDenied && error?.isPermanent == true, "\(String(describing: error))")
            #expect(try sink.messages().isEmpty)
        }
    }

    @Test func anUntrustedCertificateIsATLSErrorBeforeTheLogin() async throws {
        try await Self.withTLSSink { sink in
            let error = await SMTPSenderTests.error(
                try Self.sender(sink, trust: false), SMTPSenderTests.dotty, SMTPSenderTests.envelope)
            #expect(error?.code == .tlsError, "\(String(describing: error))")
            #expect(try sink.messages().isEmpty)
            #expect(!sink.log().contains("AUTH"), "no credentials offered to an unverified server")
        }
    }

    /// A sink that requires AUTH but offers no TLS: the sender, which never sends credentials in
    /// the clear, refuses instead of logging in.
    @Test func credentialsAreNeverSentWithoutTLS() async throws {
        try await SMTPSenderTests.withSink(login: (Self.user, Self.password)) { sink in
            let sender = SMTPSender(
                policy: try AddressPolicy(allowing: [sink.allowEntry]),
                settings: SMTPSettings(url: sink.url, username: Self.user, password: Self.password, requireTLS: true))
            let error = await SMTPSenderTests.error(sender, SMTPSenderTests.dotty, SMTPSenderTests.envelope)
            #expect(error?.code == .tlsError, "\(String(describing: error))")
            #expect(try sink.messages().isEmpty)
        }
    }
}
