import Foundation
import HarkCore
import HarkCurl
import HarkMail
import HarkStore
import HarkStoreSQLite
import HarkTesting
import Logging
import Synchronization
import Testing

/// The mail source against a real Dovecot and a real SQLite store: D8 of reliability.md
/// (redelivery, a second watched folder, `UIDVALIDITY` changes, missing and colliding
/// Message-IDs), the opt-in after-commit actions, size caps and backfill in batches.
@Suite(.enabled(if: Dovecot.isInstalled, "\(Dovecot.missingReason)"))
struct MailSourceTests {
    /// A store in a temporary directory, and a sink that commits to it.
    final class Harness: Sendable {
        let directory: URL
        let store: SQLiteInboxStore
        let dovecot: Dovecot

        init(_ dovecot: Dovecot) throws {
            self.dovecot = dovecot
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("hark-mail-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            store = try SQLiteInboxStore(.init(path: directory.appendingPathComponent("hark.sqlite").path))
        }

        func remove() {
            try? store.close()
            try? FileManager.default.removeItem(at: directory)
        }

        struct Sink: MentionSink {
            let store: SQLiteInboxStore
            func submit(_ batch: IngestBatch) async throws -> [IngestReceipt] {
                try await store.commit([batch], at: Date()).first ?? []
            }
        }

        func settings(
            folders: [String] = ["INBOX"], afterCommit: MailSourceSettings.AfterCommit = .nothing,
            limits: IMAPLimits = IMAPLimits(), batchSize: Int = 250
        ) throws -> MailSourceSettings {
            var settings = MailSourceSettings(
                id: SourceID("support")!, connection: try IMAPTest.configuration(dovecot, limits: limits),
                folders: try folders.map { try IMAPMailboxName($0) })
            settings.afterCommit = afterCommit
            settings.batchSize = batchSize
            return settings
        }

        /// One sync from the committed state, as `hark poll` does it.
        @discardableResult
        func sync(
            _ settings: MailSourceSettings, progress: (@Sendable (MailPoller.Progress) -> Void)? = nil
        ) async throws -> MailPoller.Outcome {
            let poller = MailPoller(
                settings: settings, sink: Sink(store: store), clock: SystemWallClock(), logger: Logger(label: "test"))
            var state = MailState(try await store.sourceState(settings.id))
            let connection = try await IMAPConnection.connect(settings.connection)
            defer { connection.close() }
            return try await poller.sync(connection, state: &state, progress: progress)
        }

        func state() async throws -> MailState {
            MailState(try await store.sourceState(SourceID("support")!))
        }

        func mentions() async throws -> [Mention] {
            var all: [Mention] = []
            var query = MentionQuery(limit: MentionQuery.maximumLimit)
            while true {
                let page = try await store.mentions(query)
                all += page.items
                guard let next = page.nextCursor else { return all }
                query.after = next
            }
        }
    }

    static func withHarness(_ body: (Harness) async throws -> Void) async throws {
        try await IMAPTest.withDovecot { dovecot in
            let harness = try Harness(dovecot)
            defer { harness.remove() }
            try await body(harness)
        }
    }

    static func mail(id: String?, from: String = "kari@example.no", subject: String, body: String, date: String = "Mon, 3 Mar 2025 10:00:00 +0100")
        -> Data
    {
        var text = "From: Kari Nordmann <\(from)>\r\nTo: support@example.com\r\n"
        if let id { text += "Message-ID: <\(id)>\r\n" }
        text += "Subject: \(subject)\r\nDate: \(date)\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\(body)\r\n"
        return Data(text.utf8)
    }

    @Test func redeliveryCopiesAndRenumberingGiveOneMentionPerMessage() async throws {
        try await Self.withHarness { h in
            let dovecot = h.dovecot
            let first = Self.mail(id: "a1@example.no", subject: "Strømmen er borte", body: "Tredje gang denne uka.")
            let second = Self.mail(id: "a2@example.no", subject: "Faktura", body: "Fakturaen er feil.")
            let noID = Self.mail(id: nil, subject: "Uten id", body: "Ingen Message-ID her.")
            // The same message APPENDed twice, and the same id-less message twice.
            try await dovecot.append([first, first, second, noID, noID])
            try await dovecot.createMailbox("Support")
            try await dovecot.append([first, second], to: "Support")
            let settings = try h.settings(folders: ["INBOX", "Support"])

            let outcome = try await h.sync(settings)
            #expect(outcome.fetched == 7)
            #expect(outcome.ingested == 3, "first, second, and the id-less message")
            var mentions = try await h.mentions()
            #expect(mentions.count == 3)
            #expect(Set(mentions.compactMap(\.externalID)) == ["a1@example.no", "a2@example.no"])
            #expect(mentions.allSatisfy { $0.channel == .mail && $0.flags.isEmpty })
            // One mention seen in two places.
            let a1 = try #require(mentions.first { $0.externalID == "a1@example.no" })
            #expect(try await h.store.places(of: a1.id).map(\.place) == ["INBOX", "Support"])
            let idLess = try #require(mentions.first { $0.externalID == nil })
            #expect(try await h.store.places(of: idLess.id).map(\.place) == ["INBOX"])
            let state = try await h.state()
            #expect(state.folder("INBOX").lastUID == 5)
            #expect(state.folder("Support").lastUID == 2)
            #expect(state.folder("INBOX").uidValidity == (try await dovecot.uidValidity("INBOX")))

            // Nothing new: nothing fetched.
            #expect((try await h.sync(settings)).fetched == 0)

            // The folder is deleted and recreated with the same messages (and one new one):
            // UIDVALIDITY changes, the folder is read again, and only the new message is added.
            let oldValidity = try await dovecot.uidValidity("Support")
            try await dovecot.deleteMailbox("Support")
            try await dovecot.createMailbox("Support")
            let third = Self.mail(id: "a3@example.no", subject: "Ny sak", body: "Måleren er ødelagt.")
            try await dovecot.append([second, first, third], to: "Support")
            let newValidity = try await dovecot.uidValidity("Support")
            #expect(newValidity != oldValidity)
            let rescan = try await h.sync(settings)
            #expect(rescan.fetched == 3)
            #expect(rescan.ingested == 1)
            #expect(rescan.events.map(\.kind) == ["uidvalidity_changed"])
            #expect(rescan.events.first?.details["to"] == "\(newValidity)")
            mentions = try await h.mentions()
            #expect(mentions.count == 4, "0 duplicates after the renumbering")
            let support = try await h.state().folder("Support")
            #expect(support.uidValidity == newValidity && support.lastUID == 3 && support.uidValidityChanges == 1)
        }
    }

    @Test func idLessMailIsDeduplicatedByContentAndCollidingIDsAreFlagged() async throws {
        try await Self.withHarness { h in
            let dovecot = h.dovecot
            let thanks1 = Self.mail(id: nil, subject: "Takk", body: "Takk for hjelpen.", date: "Mon, 3 Mar 2025 10:00:00 +0100")
            let thanks2 = Self.mail(id: nil, subject: "Takk", body: "Takk for hjelpen.", date: "Tue, 4 Mar 2025 10:00:00 +0100")
            let original = Self.mail(id: "same@example.no", subject: "Klage", body: "Pakken kom aldri.")
            let impostor = Self.mail(id: "same@example.no", subject: "Annet", body: "Helt annen tekst.")
            try await dovecot.append([thanks1, thanks1, thanks2, original, impostor, original])
            try await h.sync(try h.settings())
            let mentions = try await h.mentions()
            #expect(mentions.count == 4, "two id-less messages on different days, and two under one Message-ID")
            let same = mentions.filter { $0.externalID == "same@example.no" }
            #expect(same.count == 2)
            #expect(same.filter { $0.flags.contains(MailDrafts.collisionFlag) }.count == 1, "the later one is flagged")
            #expect(same.first { !$0.flags.contains(MailDrafts.collisionFlag) }?.subject == "Klage")
        }
    }

    @Test func mailIsNeverChangedByDefaultAndTheOptInActionsHappenAfterCommit() async throws {
        try await Self.withHarness { h in
            let dovecot = h.dovecot
            try await dovecot.append((1...4).map { Self.mail(id: "s\($0)@x", subject: "S \($0)", body: "Tekst \($0)") })
            try await h.sync(try h.settings())
            var flags = try await dovecot.flags()
            #expect(flags.count == 4 && flags.values.allSatisfy { !$0.contains("\\Seen") }, "no \\Seen by default")

            try await dovecot.append((5...6).map { Self.mail(id: "s\($0)@x", subject: "S \($0)", body: "Tekst \($0)") })
            try await h.sync(try h.settings(afterCommit: .markSeen))
            flags = try await dovecot.flags()
            #expect((1...4).allSatisfy { flags[$0]?.contains("\\Seen") == false }, "mail read before the opt-in stays as it was")
            #expect((5...6).allSatisfy { flags[$0]?.contains("\\Seen") == true })

            try await dovecot.createMailbox("Done")
            try await dovecot.append((7...9).map { Self.mail(id: "s\($0)@x", subject: "S \($0)", body: "Tekst \($0)") })
            let done = try IMAPMailboxName("Done")
            try await h.sync(try h.settings(afterCommit: .move(to: done)))
            flags = try await dovecot.flags()
            #expect(flags.keys.sorted() == Array(1...6), "7-9 moved away")
            #expect((try await dovecot.flags("Done")).count == 3)
            #expect((try await h.mentions()).count == 9)
        }
    }

    @Test func aMessageOverTheCapIsQuarantinedAndTheRestAreRead() async throws {
        try await Self.withHarness { h in
            let dovecot = h.dovecot
            let big = Self.mail(id: "big@x", subject: "Stor", body: String(repeating: "vedlegg ", count: 40_000))
            try await dovecot.append([Self.mail(id: "m1@x", subject: "En", body: "en"), big, Self.mail(id: "m3@x", subject: "Tre", body: "tre")])
            var limits = IMAPLimits()
            limits.maximumLiteralSize = 100_000
            let settings = try h.settings(limits: limits)
            let outcome = try await h.sync(settings)
            #expect(outcome.ingested == 2 && outcome.quarantined == 1)
            let records = try await h.store.quarantined(QuarantineQuery())
            #expect(records.count == 1)
            #expect(records.first?.reason == "message_too_large")
            #expect(records.first?.metadata["uid"] == "2")
            #expect(records.first?.metadata["folder"] == "INBOX")
            #expect(try await h.state().folder("INBOX").lastUID == 3)
            // Read again (a new UIDVALIDITY would do this): not quarantined twice.
            var state = try await h.state()
            state.folders["INBOX"]?.lastUID = 0
            _ = try await h.store.commit([IngestBatch(source: settings.id, items: [], state: state.sourceState)], at: Date())
            let again = try await h.sync(settings)
            #expect(again.ingested == 0 && again.quarantined == 0)
            #expect((try await h.store.quarantined(QuarantineQuery())).count == 1)
        }
    }

    @Test func aBackfillIsReadInBatchesWithProgress() async throws {
        try await Self.withHarness { h in
            let messages = (1...600).map { IMAPTest.message($0, padding: $0 * 53 % 4000, messageID: $0 % 5 != 0) }
            try await h.dovecot.append(messages)
            let seen = ProgressLog()
            let outcome = try await h.sync(try h.settings(batchSize: 64), progress: { seen.add($0) })
            #expect(outcome.fetched == 600 && outcome.ingested == 600)
            let steps = seen.all
            #expect(steps.count == 10, "600 messages in batches of 64")
            #expect(steps.last == MailPoller.Progress(folder: "INBOX", done: 600, total: 600))
            #expect(zip(steps, steps.dropFirst()).allSatisfy { $0.done < $1.done })
            #expect((try await h.mentions()).count == 600)
            #expect(try await h.state().folder("INBOX").lastUID == 600)
        }
    }

    @Test func aMissingFolderIsReportedAndTheOthersAreRead() async throws {
        try await Self.withHarness { h in
            try await h.dovecot.append(Self.mail(id: "x1@x", subject: "En", body: "en"))
            let outcome = try await h.sync(try h.settings(folders: ["Nowhere", "INBOX"]))
            #expect(outcome.folderFailures.map(\.folder) == ["Nowhere"])
            #expect(outcome.folderFailures.first?.error.code == .mailboxMissing)
            #expect(outcome.ingested == 1)
            let state = try await h.state()
            #expect(state.folder("Nowhere").lastError?.hasPrefix("mailbox_missing") == true)
            #expect(state.folder("INBOX").lastSuccessAt != nil)
        }
    }
}

/// Progress callbacks, collected.
final class ProgressLog: Sendable {
    private let steps = Mutex<[MailPoller.Progress]>([])
    func add(_ step: MailPoller.Progress) { steps.withLock { $0.append(step) } }
    var all: [MailPoller.Progress] { steps.withLock { $0 } }
}

/// The mail source as it runs in the daemon: one connection, `IDLE` for news, errors recorded on
/// the source and retried.
@Suite struct MailSourceServiceTests {
    /// Waits (bounded) until `condition` holds.
    static func eventually(_ limit: Duration, _ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if (try? await condition()) == true { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestingError("gave up after \(limit) waiting for \(what)")
    }

    @Test(.enabled(if: Dovecot.isInstalled, "\(Dovecot.missingReason)"))
    func newMailIsPickedUpByIdleLongBeforeTheInterval() async throws {
        try await IMAPTest.withDovecot { dovecot in
            let store = MemoryInboxStore()
            var settings = MailSourceSettings(id: SourceID("live")!, connection: try IMAPTest.configuration(dovecot))
            // Without IDLE the second batch would wait ten minutes.
            settings.interval = .seconds(600)
            let source = MailSource(
                poller: MailPoller(
                    settings: settings, sink: MailSourceHostileTests.Sink(store: store), clock: SystemWallClock(),
                    logger: Logger(label: "test")),
                ledger: StoreSourceLedger(store: store))
            let running = Task { await source.pollUntilCancelled() }
            defer { running.cancel() }
            try await dovecot.append((1...3).map { IMAPTest.message($0) })
            try await Self.eventually(.seconds(120), "the first three") { try await store.statistics().mentions == 3 }
            try await dovecot.append((4...5).map { IMAPTest.message($0) })
            try await Self.eventually(.seconds(120), "two more, woken by IDLE") {
                try await store.statistics().mentions == 5
            }
            let status = try #require(try await store.sourceStatuses(eventsPerSource: 5).first)
            #expect(status.kind == "imap" && status.errorStreak == 0 && status.lastSuccessAt != nil)
            running.cancel()
            await running.value
        }
    }

    @Test func aServerThatIsNotThereIsRecordedAndRetried() async throws {
        let store = MemoryInboxStore()
        // Port 1 on loopback: nothing listens there.
        let connection = IMAPConfiguration(
            host: "127.0.0.1", port: 1, security: .none,
            authentication: .password(user: "u", password: "p"),
            addressPolicy: try AddressPolicy(allowing: ["127.0.0.1:1"]), timeouts: IMAPTest.timeouts)
        let source = MailSource(
            poller: MailPoller(
                settings: MailSourceSettings(id: SourceID("down")!, connection: connection),
                sink: MailSourceHostileTests.Sink(store: store), clock: SystemWallClock(), logger: Logger(label: "test")),
            ledger: StoreSourceLedger(store: store))
        let running = Task { await source.pollUntilCancelled() }
        defer { running.cancel() }
        // 1 s, then 2 s of backoff: the third attempt fails within a few seconds.
        try await Self.eventually(.seconds(60), "two failed attempts") {
            (try await store.sourceStatuses(eventsPerSource: 1).first?.errorStreak ?? 0) >= 2
        }
        let status = try #require(try await store.sourceStatuses(eventsPerSource: 1).first)
        #expect(status.lastError?.contains("connect_error") == true || status.lastError?.contains("refused") == true, "\(status)")
        #expect(status.lastSuccessAt == nil && status.nextPollAt != nil)
        running.cancel()
        await running.value
    }
}
