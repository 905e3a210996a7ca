import Foundation
import HarkCore
import HarkMail
import HarkStore
import HarkTesting
import Logging
import Testing

/// The mail source against hostile input, end to end into the store: a hostile IMAP server (H7:
/// an error on the source, no partial mention, the checkpoint unmoved) and the MIME battery
/// APPENDed into a real Dovecot (H8: every message is a mention or a quarantine record, with
/// clean text and single-line headers).
@Suite struct MailSourceHostileTests {
    typealias Step = ScriptedIMAPServer.Step

    /// Commits to an in-memory store.
    struct Sink: MentionSink {
        let store: MemoryInboxStore
        func submit(_ batch: IngestBatch) async throws -> [IngestReceipt] {
            try await store.commit([batch], at: Date()).first ?? []
        }
    }

    /// Syncs once against a scripted server that logs in, answers `EXAMINE` and `UID SEARCH`
    /// (UIDs 1-3), then plays `fetch`. The time limits are the patient ones of the IMAP tests
    /// unless the attack only ends by a limit: an attack that ends by itself (a `BYE`, a bad
    /// literal) is checked for its own error, which a short limit could pre-empt on a loaded
    /// machine.
    static func syncAgainst(
        _ fetch: [Step], timeouts: IMAPTimeouts = IMAPTest.timeouts
    ) async throws -> (Result<MailPoller.Outcome, MailPoller.Failure>, MemoryInboxStore) {
        let script =
            ScriptedIMAPServer.loginAndExamine(exists: 3)
            + [.command("UID", reply: "* SEARCH 1 2 3\r\n{tag} OK done\r\n")] + fetch + [.waitForClose(timeout: .seconds(5))]
        let store = MemoryInboxStore()
        var result: Result<MailPoller.Outcome, MailPoller.Failure>?
        try await IMAPTest.withServer(script) { server in
            let settings = MailSourceSettings(
                id: SourceID("hostile")!, connection: try IMAPTest.configuration(server, timeouts: timeouts))
            let poller = MailPoller(
                settings: settings, sink: Sink(store: store), clock: SystemWallClock(), logger: Logger(label: "test"))
            let connection = try await IMAPConnection.connect(settings.connection)
            defer { connection.close() }
            var state = MailState()
            do throws(MailPoller.Failure) {
                result = .success(try await poller.sync(connection, state: &state))
            } catch {
                result = .failure(error)
            }
        }
        return (try #require(result), store)
    }

    static func expectNothingCommitted(_ store: MemoryInboxStore) async throws {
        #expect(try await store.statistics().mentions == 0, "no partial mention")
        let state = MailState(try await store.sourceState(SourceID("hostile")!))
        #expect(state.folder("INBOX").lastUID == 0, "the checkpoint did not move")
    }

    @Test func byeMidFetchCommitsNothing() async throws {
        let message = "From: a@b.example\r\nSubject: x\r\n\r\nhello\r\n"
        let reply = "* 1 FETCH (UID 1 RFC822.SIZE \(message.utf8.count) BODY[] {\(message.utf8.count)}\r\n\(message))\r\n* BYE going away\r\n"
        let (result, store) = try await Self.syncAgainst([.command("UID", reply: reply)])
        guard case .failure(.connection(let error)) = result else {
            Issue.record("expected a connection failure, got \(result)")
            return
        }
        #expect(error.code == .connectionLost)
        try await Self.expectNothingCommitted(store)
    }

    @Test func aLiteralLongerThanAnnouncedIsAProtocolErrorAndCommitsNothing() async throws {
        let reply = "* 1 FETCH (UID 1 BODY[] {5}\r\nhello world and more)\r\n{tag} OK done\r\n"
        let (result, store) = try await Self.syncAgainst([.command("UID", reply: reply)])
        guard case .failure(.connection(let error)) = result else {
            Issue.record("expected a connection failure, got \(result)")
            return
        }
        #expect(error.code == .protocolError, "\(error)")
        try await Self.expectNothingCommitted(store)
    }

    @Test func anEndlessUntaggedStreamEndsAndCommitsNothing() async throws {
        let (result, store) = try await Self.syncAgainst(
            [.command("UID", reply: ""), .repeated("* 1 EXISTS\r\n", times: 2_000_000)],
            timeouts: IMAPHostileServerTests.quick)
        guard case .failure(.connection(let error)) = result else {
            Issue.record("expected a connection failure, got \(result)")
            return
        }
        #expect([.protocolError, .timeout].contains(error.code), "\(error)")
        try await Self.expectNothingCommitted(store)
    }

    @Test func aHugeAnnouncedLiteralIsQuarantinedNotHeld() async throws {
        // 40 MB announced (over the 25 MiB cap) and sent: drained, reported, quarantined.
        let size = 40 << 20
        let (result, store) = try await Self.syncAgainst([
            .command("UID", reply: "* 1 FETCH (UID 1 RFC822.SIZE \(size) BODY[] {\(size)}\r\n"),
            .filler(count: size, byte: 0x61),
            .send(")\r\n{tag} OK done\r\n"),
        ])
        guard case .success(let outcome) = result else {
            Issue.record("expected a sync, got \(result)")
            return
        }
        #expect(outcome.quarantined == 1 && outcome.ingested == 0)
        let records = try await store.quarantined(QuarantineQuery())
        #expect(records.map(\.reason) == ["message_too_large"])
        #expect(records.first?.raw.bytes.isEmpty == true, "the body was never held")
        // UIDs 2 and 3 no longer exist: the checkpoint passes them.
        #expect(MailState(try await store.sourceState(SourceID("hostile")!)).folder("INBOX").lastUID == 3)
    }

    /// H8: every hostile and odd message of the fixtures APPENDed into Dovecot becomes a mention or
    /// a quarantine record; text is clean and single-line fields have no line breaks.
    @Test(.enabled(if: Dovecot.isInstalled, "\(Dovecot.missingReason)"))
    func theMIMEBatteryThroughDovecot() async throws {
        var battery: [Data] = try MailFixtures.all.map { Data(try MailFixtures.bytes($0)) }
        battery.append(Data(MailFixtures.message("Subject: " + String(repeating: "A", count: 1_000_000) + "\nFrom: a@b.example\n\nbody")))
        var deep = "From: a@b.example\nSubject: deep\nContent-Type: multipart/mixed; boundary=b0\n\n"
        for level in 1..<200 { deep += "--b\(level - 1)\nContent-Type: multipart/mixed; boundary=b\(level)\n\n" }
        battery.append(Data(MailFixtures.message(deep + "innermost\n")))
        var parts = "From: a@b.example\nSubject: parts\nContent-Type: multipart/mixed; boundary=p\n\n"
        for index in 0..<5_000 { parts += "--p\nContent-Type: text/plain\n\npart \(index)\n" }
        battery.append(Data(MailFixtures.message(parts + "--p--\n")))
        battery.append(Data("\u{0}\u{1}\u{2} not a message at all \r\n\r\n\u{7f}".utf8))
        battery.append(Data([0xff, 0xfe, 0x00, 0x41, 0x0d, 0x0a, 0x0d, 0x0a, 0xc3, 0x28]))

        try await IMAPTest.withDovecot { dovecot in
            try await dovecot.append(battery)
            let store = MemoryInboxStore()
            let settings = MailSourceSettings(id: SourceID("battery")!, connection: try IMAPTest.configuration(dovecot))
            let poller = MailPoller(settings: settings, sink: Sink(store: store), clock: SystemWallClock(), logger: Logger(label: "test"))
            let connection = try await IMAPConnection.connect(settings.connection)
            defer { connection.close() }
            var state = MailState()
            let outcome = try await poller.sync(connection, state: &state)
            #expect(outcome.fetched == battery.count)
            let stats = try await store.statistics()
            #expect(stats.deliveries == battery.count, "every message accounted for")
            // The battery holds no two messages with the same content: each is one mention or one
            // quarantine record.
            #expect(stats.mentions + stats.quarantined == battery.count, "\(stats)")
            #expect(outcome.ingested == stats.mentions && outcome.quarantined == stats.quarantined)
            let page = try await store.mentions(MentionQuery(limit: MentionQuery.maximumLimit))
            #expect(page.items.count == stats.mentions)
            for mention in page.items {
                let single = [mention.subject, mention.author.name, mention.author.address, mention.externalID].compactMap { $0 }
                #expect(single.allSatisfy { !$0.contains("\r") && !$0.contains("\n") }, "\(single)")
                #expect(!mention.text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
                #expect(!mention.text.unicodeScalars.contains { $0.value == 0x7f || (0x80...0x9f).contains($0.value) })
            }
        }
    }
}
