import Foundation
import HarkCore
import HarkDaemon
import HarkStore
import HarkStoreSQLite
import HarkTesting
import Testing

/// `hark reassess` reads each mention's raw input again through its channel (MIME, the feed item's
/// HTML, the webhook source's mapping) while it is kept, and falls back to the stored text once it
/// is purged. The stored texts here are deliberately bland so the difference shows.
@Suite struct ReassessFromRawTests {
    static let complaintMail = """
        From: Kari <kari@example.com>\r
        To: support@example.com\r
        Subject: =?utf-8?q?M=C3=A5leren?=\r
        Message-ID: <m1@example.com>\r
        Date: Mon, 23 Nov 2026 10:00:00 +0100\r
        Content-Type: text/plain; charset=utf-8\r
        Content-Transfer-Encoding: quoted-printable\r
        \r
        Tredje gang jeg skriver om den =C3=B8delagte m=C3=A5leren. Jeg g=C3=A5r til Forbrukerr=C3=A5det.\r

        """

    @Test func mentionsAreReassessedFromTheirRawInputUntilItIsPurged() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("hark.sqlite").path
        let configPath = directory.appendingPathComponent("hark.yaml").path
        try """
            storage: { sqlite: "\(database)" }
            sources:
              - { id: "forms", kind: "webhook", scheme: "none" }
              - { id: "reviews", kind: "feed", url: "https://reviews.example.com/feed.xml" }
              - { id: "support", kind: "imap", url: "imaps://imap.example.com/INBOX", username: "s", password_env: "X" }
            server: { listen: "127.0.0.1:0" }
            """.write(toFile: configPath, atomically: true, encoding: .utf8)

        let now = Date()
        func draft(_ channel: Channel, _ source: String, _ raw: RawInput) -> MentionDraft {
            MentionDraft(
                channel: channel, source: SourceID(source)!, externalID: source, author: Author(name: "Kari"),
                publishedAt: nil, subject: nil, title: nil, text: "(no text)", link: nil,
                deliveryKey: DedupKey.derive("test", source, "delivery"), mentionKey: DedupKey.derive("test", source),
                raw: raw)
        }
        let mail = draft(.mail, "support", RawInput(contentType: "message/rfc822", bytes: Data(Self.complaintMail.utf8)))
        let item: [String: Any] = [
            "text": "old text", "title": "Avoid",
            "html": "<p>The heater caught <b>fire</b> and my son was burned. It is dangerous.</p>",
        ]
        let feed = draft(
            .feed, "reviews",
            RawInput(contentType: "application/vnd.hark.feed-item+json", bytes: try JSONSerialization.data(withJSONObject: item)))
        let hook = Fixtures.webhookDraft(
            delivery: "w1", externalID: "w1", text: "(no text)",
            body: #"{"id":"w1","text":"Charged twice for the same order and nobody answers. I want my money back."}"#)
        do {
            let store = try SQLiteInboxStore(.init(path: database))
            let batches = [mail, feed, hook].map { IngestBatch(source: $0.source, items: [.mention($0, nil)]) }
            _ = try await store.commit(batches, at: now)
            try store.close()
        }

        let commands = try await StoreCommands.open(configPath: configPath)
        let outcome = try await commands.reassess(MentionQuery())
        #expect(outcome.assessed == 3 && outcome.fromRaw == 3 && outcome.changed == 3, "\(outcome)")
        let reader = try SQLiteInboxStore(.init(path: database, readonly: true))
        let mentions = try await reader.mentions(MentionQuery()).items
        let bySource = Dictionary(uniqueKeysWithValues: mentions.map { ($0.source.rawValue, $0) })
        #expect(bySource["support"]?.assessment?.severity == .veryDissatisfied, "\(bySource["support"]?.assessment?.cues ?? [])")
        #expect(bySource["support"]?.assessment?.language == "no")
        #expect(bySource["reviews"]?.assessment?.severity == .veryDissatisfied)
        #expect(bySource["forms"]?.assessment?.complaint == true)
        #expect(bySource["forms"]?.assessment?.category == .billing)
        // The stored texts are what they were: reassessment changes the assessment only.
        #expect(mentions.allSatisfy { $0.text == "(no text)" })

        // Once raw input is gone, the stored (bland) text decides.
        let writer = try SQLiteInboxStore(.init(path: database))
        #expect(try await writer.purgeRawInput(olderThan: Date().addingTimeInterval(3600)) == 3)
        try writer.close()
        let again = try await commands.reassess(MentionQuery())
        #expect(again.fromRaw == 0 && again.changed == 3, "\(again)")
        let after = try await reader.mentions(MentionQuery()).items
        #expect(after.allSatisfy { $0.assessment?.complaint == false })
    }
}
