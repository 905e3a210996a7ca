import Foundation
import HarkCore
import HarkRecurrence
import HarkStore
import HarkStoreSQLite
import HarkTesting
import Testing

/// A SQLite store file holding a row of every kind `hark migrate` copies, made through the store's
/// public API, and the ids to compare two stores by.
struct MigrateFixture {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let actor = ChangeActor(name: "token:ops", role: "admin", requestID: "req-1", sourceIP: "192.0.2.7")

    let directory: URL
    var path: String { directory.appendingPathComponent("hark.sqlite").path }
    var ids: [MentionID] = []
    var erased: [MentionID] = []
    var quarantineIDs: [String] = []
    var outboxIDs: [String] = []
    let sources = ["forms", "open", "mail", "news", "shop"].compactMap(SourceID.init)

    /// Fills a new store: the recurrence seeds decided into customers and issues, `filler` more
    /// mentions, revisions, places and a flagged mail, a quarantined conflict, source state and
    /// events, workflow changes and notes, a merge of customers, outbox messages, audit records, a
    /// web session, a lease, an erased person, and mentions still waiting for recurrence (one of
    /// them decided before and put back by a correction, so its pending version is not 0).
    static func make(filler: Int = 120) async throws -> MigrateFixture {
        var fixture = MigrateFixture(directory: try Fixtures.temporaryDirectory("hark-migrate"))
        let store = try SQLiteInboxStore(.init(path: fixture.path))
        defer { try? store.close() }
        var named: [String: MentionID] = [:]
        for (index, seed) in (RecurrenceEngineTests.seeds + erasable).enumerated() {
            let draft = Fixtures.webhookDraft(
                source: seed.source, delivery: seed.name, externalID: seed.name, text: seed.text, address: seed.address,
                handle: seed.handle)
            let assessment = seed.category.map {
                Assessment(
                    language: "no", complaint: true, severity: .dissatisfied, category: $0, brands: ["Nordlys Energi"],
                    cues: ["faktura"])
            }
            let id = try await fixture.commit(store, draft, assessment, at: start.addingTimeInterval(Double(index) * 3600))
            named[seed.name] = id
        }
        try await fixture.addFiller(filler, to: store)
        try await fixture.addMail(to: store)
        while try await RecurrenceEngine(store: store).processPending(limit: 50, at: start) > 0 {}

        // People at work: a correction (decided again later), an assignment, notes, a merge.
        let danish = try #require(named["danish"])
        _ = try await store.change(
            danish, MentionChange(category: .service), by: actor, at: start, serviceLevels: ServiceLevelPolicy())
        _ = try await store.change(
            fixture.ids[10], MentionChange(status: .inProgress, assignee: "kari", complaint: false), by: actor,
            at: start.addingTimeInterval(60), serviceLevels: ServiceLevelPolicy())
        _ = try await store.addNote(to: danish, text: "Ringte kunden", by: actor, at: start.addingTimeInterval(120))
        _ = try await store.addNote(to: danish, text: "Venter på svar", by: actor, at: start.addingTimeInterval(180))
        let summaries = try await store.recurrenceSummaries(of: [try #require(named["original"]), try #require(named["paraphrase"])])
        if let kari = summaries[named["original"]!]?.customer?.id, let other = summaries[named["paraphrase"]!]?.customer?.id,
            kari != other
        {
            try await store.mergeCustomer(other, into: kari, by: actor, at: start.addingTimeInterval(240))
        }

        try await fixture.addOperations(to: store, about: danish)
        let erasure = try await store.erase(.address("gone@example.no"), by: actor, at: start.addingTimeInterval(900))
        #expect(erasure.mentions == 2)
        fixture.erased = [named["gone-1"], named["gone-2"]].compactMap { $0 }
        let late = Fixtures.webhookDraft(delivery: "late", externalID: "late", text: "Kom etter beslutningen")
        // Assessed as no complaint, then corrected by a person while still waiting (a correction
        // only applies to an assessed mention).
        let calm = Assessment(language: "no", complaint: false, severity: .none, category: .none, brands: [], cues: [])
        let waiting = try await fixture.commit(store, late, calm, at: start.addingTimeInterval(1000))
        let corrected = try await store.change(
            waiting, MentionChange(complaint: true, category: .billing), by: actor, at: start.addingTimeInterval(1100),
            serviceLevels: ServiceLevelPolicy())
        #expect(corrected.effectiveAssessment?.category == .billing)
        return fixture
    }

    /// A person whose two mentions are erased after recurrence decided them.
    static let erasable = [
        RecurrenceEngineTests.Seed(name: "gone-1", text: "Fakturaen er feil igjen", address: "gone@example.no"),
        RecurrenceEngineTests.Seed(name: "gone-2", text: "Fortsatt feil faktura", address: "gone@example.no", source: "open"),
    ]

    /// Commits one draft and notes its id.
    @discardableResult
    mutating func commit(_ store: any InboxStore, _ draft: MentionDraft, _ assessment: Assessment?, at: Date) async throws
        -> MentionID
    {
        let receipts = try await store.commit([IngestBatch(source: draft.source, items: [.mention(draft, assessment)])], at: at)
        switch try #require(receipts.first?.first) {
        case .stored(let id), .revised(let id), .duplicate(let id):
            if !ids.contains(id) { ids.append(id) }
            return id
        default:
            throw TestingError("\(draft.source) not stored")
        }
    }

    /// Mentions in batches of 40 on two sources, every third a complaint with brands; the first
    /// five edited once (revisions), one batch carrying source state.
    mutating func addFiller(_ count: Int, to store: any InboxStore) async throws {
        var drafts: [(MentionDraft, Assessment?)] = []
        for index in 0..<count {
            var draft = Fixtures.webhookDraft(
                source: index % 4 == 0 ? "open" : "forms", delivery: "f\(index)", externalID: "f\(index)",
                text: "Melding nummer \(index) om strømmen, æøå \u{1F50C}", title: index % 5 == 0 ? "Tittel \(index)" : nil,
                address: index % 7 == 0 ? "kunde\(index % 3)@example.no" : nil)
            draft.publishedAt = index % 2 == 0 ? Self.start.addingTimeInterval(Double(-index)) : nil
            let assessment =
                index % 3 == 0
                ? Assessment(
                    language: "no", complaint: true, severity: index % 2 == 0 ? .veryDissatisfied : .dissatisfied,
                    category: .delivery, brands: ["Nordlys Energi", "Fjord Nett"], cues: ["strøm", "brudd"])
                : nil
            drafts.append((draft, assessment))
        }
        for (offset, chunk) in stride(from: 0, to: drafts.count, by: 40).enumerated() {
            let items = drafts[chunk..<min(drafts.count, chunk + 40)]
            let source = SourceID("forms")!
            let batch = IngestBatch(
                source: source, items: items.map { .mention($0.0, $0.1) },
                state: offset == 0 ? SourceState(version: 1, payload: Data([0, 1, 2, 254, 255])) : nil)
            let receipts = try await store.commit([batch], at: Self.start.addingTimeInterval(Double(7200 + offset * 60)))
            for receipt in receipts.flatMap({ $0 }) {
                if case .stored(let id) = receipt { ids.append(id) }
            }
        }
        for index in 0..<min(5, count) {
            let edit = Fixtures.webhookDraft(
                source: index % 4 == 0 ? "open" : "forms", delivery: "f\(index)-edit", externalID: "f\(index)",
                text: "Endret melding \(index)")
            try await commit(store, edit, nil, at: Self.start.addingTimeInterval(9000))
        }
    }

    /// A mail seen in two folders, a second mail under the same Message-ID (flagged), and a
    /// delivery reused with another body (quarantined).
    mutating func addMail(to store: any InboxStore) async throws {
        func mail(_ delivery: String, _ text: String, _ place: String) -> MentionDraft {
            var draft = Fixtures.webhookDraft(source: "mail", delivery: delivery, externalID: "m@x", text: text)
            draft.mentionKey = DedupKey.derive("mail", "m@x", draft.contentDigest)
            draft.identityClaim = IdentityClaim(key: DedupKey.derive("mail-message-id", "m@x"), flag: "message_id_collision")
            draft.place = place
            return draft
        }
        try await commit(store, mail("INBOX/1", "Pakken kom aldri", "INBOX"), nil, at: Self.start)
        try await commit(store, mail("Support/1", "Pakken kom aldri", "Support"), nil, at: Self.start.addingTimeInterval(5))
        try await commit(store, mail("INBOX/2", "Noe helt annet", "INBOX"), nil, at: Self.start.addingTimeInterval(9))
        let other = Fixtures.webhookDraft(delivery: "f1", externalID: "other", text: "Samme levering, annen kropp")
        let receipts = try await store.commit([IngestBatch(source: other.source, items: [.mention(other, nil)])], at: Self.start)
        guard case .conflict(let quarantine, _) = try #require(receipts.first?.first) else {
            throw TestingError("the reused delivery was not quarantined")
        }
        quarantineIDs.append(quarantine)
    }

    /// Source health and events, outbox messages in each state, audit records, a web session and
    /// a lease.
    mutating func addOperations(to store: any InboxStore, about mention: MentionID) async throws {
        let start = Self.start
        try await store.recordSourcePoll(
            SourcePollReport(
                source: SourceID("news")!, kind: "feed", at: start, outcome: .success(ingested: 2),
                nextPollAt: start.addingTimeInterval(300), movedTo: "https://example.org/new.xml",
                events: [SourceEvent(kind: "feed_gap", at: start, details: ["estimated_missed": "30", "window": "1h"])]))
        try await store.recordSourcePoll(
            SourcePollReport(
                source: SourceID("shop")!, kind: "feed", at: start, outcome: .failure(code: "http_410", message: "gone"),
                nextPollAt: start.addingTimeInterval(86400), gone: true, events: [SourceEvent(kind: "feed_gone", at: start)]))
        outboxIDs = ["ob-pending", "ob-delivered", "ob-failed"]
        let messages = outboxIDs.map {
            OutboxMessage(
                id: $0, target: "ops-mail", kind: .handoff, mentionID: mention, payload: Data("{\"id\":\"\($0)\"}".utf8),
                recipient: "ops@example.no", createdAt: start)
        }
        _ = try await store.enqueue(messages, audit: [AuditEvent(at: start, actor: "notifier", action: "outbox.enqueue")])
        try await store.recordOutboxDelivery("ob-delivered", at: start.addingTimeInterval(30), audit: [])
        try await store.recordOutboxFailure(
            "ob-failed", error: "550 mailbox unavailable", retryAt: nil, at: start.addingTimeInterval(40), audit: [])
        try await store.appendAudit(
            AuditEvent(at: start, actor: "cli", role: "admin", action: "backup", object: "hark.sqlite", outcome: "ok"))
        try await store.createSession(
            WebSession(
                idHash: "session-hash-1", tokenName: "ops", tokenFingerprint: "fp-1", csrf: "csrf-1", createdAt: start,
                expiresAt: start.addingTimeInterval(3600)))
        _ = try await store.claimLease(
            LeaseName.source(SourceID("news")!), owner: "host-a", until: start.addingTimeInterval(60), at: start)
    }
}
