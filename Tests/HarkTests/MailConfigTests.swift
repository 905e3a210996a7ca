import Foundation
import HarkCore
import HarkDaemon
import HarkMail
import Testing

/// The `imap` source keys: what is accepted, what is refused with a clear line, and the settings
/// the mail source runs with.
@Suite struct MailConfigTests {
    static func parse(_ source: String, limits: String = "") throws(ConfigurationError) -> HarkConfiguration {
        try HarkConfiguration.parse(
            yaml: """
                storage: { sqlite: "/tmp/x.sqlite" }
                sources:
                  - \(source)
                \(limits)
                """,
            path: "test.yaml")
    }

    static func problems(_ source: String) -> [String] {
        do {
            _ = try parse(source)
            return []
        } catch {
            return error.problems
        }
    }

    @Test func aFullSourceGivesItsSettings() throws {
        let config = try Self.parse(
            """
            { id: "support", kind: "imap", url: "imaps://imap.example.com:1993/INBOX", username: "s@example.com",
              password_env: "IMAP_PW", folders: ["INBOX", "Klager/Viktig", "Æøå"], interval: "2m", move_to: "Hark/Ferdig" }
            """, limits: "limits: { mail_message_bytes: 1048576, mail_batch_messages: 100 }")
        let settings = try #require(
            try config.mailSettings(environment: ["IMAP_PW": "hemmelig"], configPath: "test.yaml").first)
        #expect(settings.id == SourceID("support"))
        #expect(settings.connection.host == "imap.example.com" && settings.connection.port == 1993)
        #expect(settings.connection.security == .tls)
        #expect(settings.connection.authentication == .password(user: "s@example.com", password: "hemmelig"))
        #expect(settings.folders.map(\.name) == ["INBOX", "Klager/Viktig", "Æøå"])
        #expect(settings.folders[2].encoded == "&AMYA+ADl-")
        #expect(settings.afterCommit == .move(to: try IMAPMailboxName("Hark/Ferdig")))
        #expect(settings.interval == .seconds(120))
        #expect(settings.batchSize == 100)
        #expect(settings.connection.limits.maximumLiteralSize == 1_048_576)
        #expect("\(settings.connection.authentication)".contains("hemmelig") == false)
    }

    @Test func defaultsAreReadOnlyStartTLSAndTheURLFolder() throws {
        let config = try Self.parse(
            #"{ id: "m", kind: "imap", url: "imap://mail.example.com/Support%20Mail", username: "u", token_file: "/dev/null" }"#)
        let source = try #require(config.sources.first)
        #expect(source.effectiveFolders == ["Support Mail"])
        #expect(source.markSeen == false && source.moveTo == nil)
        // The token file is empty: the secret cannot be used, and the message says which file.
        #expect(throws: ConfigurationError.self) { try config.mailSettings(environment: [:], configPath: "test.yaml") }
        do {
            _ = try config.mailSettings(environment: [:], configPath: "test.yaml")
        } catch {
            #expect(error.problems.first?.contains("/dev/null") == true)
        }
    }

    @Test(arguments: [
        (#"{ id: "m", kind: "imap", url: "https://mail.example.com/INBOX", username: "u", password_file: "p" }"#, "url"),
        (#"{ id: "m", kind: "imap", url: "imaps://mail.example.com/INBOX", password_file: "p" }"#, "username"),
        (#"{ id: "m", kind: "imap", url: "imaps://mail.example.com/INBOX", username: "u" }"#, "password_file"),
        (#"{ id: "m", kind: "imap", url: "imaps://mail.example.com/", username: "u", password_file: "p", token_file: "t" }"#, "not both"),
        (#"{ id: "m", kind: "imap", url: "imaps://u:pw@mail.example.com/", username: "u", password_file: "p" }"#, "credentials"),
        (#"{ id: "m", kind: "imap", url: "imap://mail.example.com/", username: "u", password_file: "p", tls: "none" }"#, "loopback"),
        (#"{ id: "m", kind: "imap", url: "imaps://mail.example.com/", username: "u", password_file: "p", tls: "starttls" }"#, "imaps://"),
        (#"{ id: "m", kind: "imap", url: "imaps://h.example/", username: "u", password_file: "p", folders: ["A\r\nA1 DELETE INBOX"] }"#, "CR, LF"),
        (#"{ id: "m", kind: "imap", url: "imaps://h.example/", username: "u", password_file: "p", folders: [] }"#, "at least one"),
        (#"{ id: "m", kind: "imap", url: "imaps://h.example/", username: "u", password_file: "p", folders: ["INBOX", "inbox"] }"#, "twice"),
        (#"{ id: "m", kind: "imap", url: "imaps://h.example/", username: "u", password_file: "p", mark_seen: true, move_to: "Done" }"#, "not both"),
        (#"{ id: "m", kind: "imap", url: "imaps://h.example/", username: "u", password_file: "p", move_to: "INBOX" }"#, "folders read"),
        (#"{ id: "m", kind: "imap", url: "imaps://h.example/", username: "u", password_file: "p", mark_seen: "maybe" }"#, "true or false"),
        (#"{ id: "m", kind: "imap", url: "imaps://h.example/", username: "u", password_file: "p", tls: "ssl3" }"#, "one of"),
    ])
    func badSourcesAreRefusedWithAClearLine(_ source: String, _ expected: String) {
        let problems = Self.problems(source)
        #expect(!problems.isEmpty, "accepted: \(source)")
        #expect(problems.contains { $0.contains(expected) }, "\(problems)")
    }

    @Test func plainIMAPIsAllowedOnLoopbackOnly() {
        #expect(Self.problems(#"{ id: "m", kind: "imap", url: "imap://127.0.0.1:1143/", username: "u", password_file: "p", tls: "none" }"#).isEmpty)
        #expect(Self.problems(#"{ id: "m", kind: "imap", url: "imap://[::1]:1143/", username: "u", password_file: "p", tls: "none" }"#).isEmpty)
        #expect(Self.problems(#"{ id: "m", kind: "imap", url: "imap://localhost/", username: "u", password_file: "p", tls: "none" }"#).isEmpty)
        #expect(!Self.problems(#"{ id: "m", kind: "imap", url: "imap://10.0.0.1/", username: "u", password_file: "p", tls: "none" }"#).isEmpty)
    }
}
