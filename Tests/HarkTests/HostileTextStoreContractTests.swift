import Foundation
import HarkCore
import HarkStore
import HarkTesting
import Testing

/// Text with NUL and other control characters reaches every store operation that keeps text, and
/// every store keeps the same cleaned text. PostgreSQL `text` cannot hold U+0000 at all, so an
/// uncleaned field there would fail the whole transaction; SQLite and the memory store would keep
/// it and hand it to logs and mail headers. Raw input bytes stay byte for byte.
@Suite struct HostileTextStoreContractTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    /// NUL, a C0 control, a C1 control, a line break and a noncharacter.
    let hostile = "a\u{0}b\u{1}c\u{85}d\ne\u{FFFF}"
    /// What a single-line field keeps of ``hostile``.
    let cleanedLine = "a b c d e\u{FFFF}"

    func noControls(_ text: String?, _ comment: Comment? = nil) {
        let controls = text?.unicodeScalars.filter { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) } ?? []
        #expect(controls.isEmpty, comment)
    }

    @Test(arguments: StoreKind.allCases)
    func mentionsQuarantineAndAssessmentsKeepCleanText(kind: StoreKind) async throws {
        let store = try await kind.make()
        let draft = Fixtures.webhookDraft(
            delivery: "d\u{0}1", externalID: "e\u{0}1", text: "Text \(hostile)", title: hostile, address: hostile,
            handle: hostile
        )
        let assessment = Assessment(
            language: "en", complaint: true, severity: .dissatisfied, category: .billing, brands: [hostile, "\u{0}"],
            cues: [hostile]
        )
        let rawBytes = Data([0x7B, 0x00, 0x01, 0xFF, 0x7D])
        let quarantine = QuarantineDraft(
            source: draft.source, channel: .webhook, reason: "bad\u{0}json", detail: "at \(hostile)", deliveryKey: nil,
            raw: RawInput(contentType: "application/json\u{0}; x", bytes: rawBytes), metadata: [hostile: hostile, "\u{0}": "x"]
        )
        let receipts = try await store.commit(
            [IngestBatch(source: draft.source, items: [.mention(draft, assessment), .quarantine(quarantine)])], at: now
        )
        guard case .stored(let id) = receipts[0][0] else { Issue.record("not stored: \(receipts)"); return }
        let mention = try #require(try await store.mention(id))
        #expect(mention.title == cleanedLine)
        #expect(mention.author.handle == cleanedLine)
        #expect(mention.author.address == cleanedLine.lowercased())
        #expect(mention.text == "Text abc\u{85}d\ne\u{FFFF}".replacingOccurrences(of: "\u{85}", with: ""))
        #expect(mention.assessment?.brands == [cleanedLine])
        #expect(mention.assessment?.cues == [cleanedLine])

        let again = try await store.commit([IngestBatch(source: draft.source, items: [.mention(draft, assessment)])], at: now)
        #expect(again[0][0] == .duplicate(id), "the same hostile delivery is a duplicate, not a second mention")

        let records = try await store.quarantined(QuarantineQuery(source: draft.source))
        let record = try #require(records.first)
        #expect(record.reason == "bad json")
        #expect(record.detail == "at \(cleanedLine)")
        #expect(record.metadata == [cleanedLine: cleanedLine])
        #expect(record.raw.contentType == "application/json ; x")
        #expect(record.raw.bytes == rawBytes, "raw bytes are kept exactly, NUL included")

        let page = try await store.mentions(MentionQuery(text: "text\u{0}abc", limit: 5))
        #expect(page.items.map(\.id) == [id], "a NUL in a search separates words")

        let updated = try await store.updateAssessments([(id, assessment)], actor: "cli\u{0}x", at: now)
        #expect(updated == 1)
        for event in try await store.auditLog(limit: 50) {
            for field in [event.actor, event.action, event.object, event.before, event.after, event.requestID] {
                noControls(field, "audit \(event.action)")
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func workflowSourcesOutboxAndSessionsKeepCleanText(kind: StoreKind) async throws {
        let store = try await kind.make()
        let draft = Fixtures.webhookDraft(delivery: "d1", externalID: "e1", text: "Late again")
        let receipts = try await store.commit([IngestBatch(source: draft.source, items: [.mention(draft, nil)])], at: now)
        guard case .stored(let id) = receipts[0][0] else { Issue.record("not stored: \(receipts)"); return }
        let actor = ChangeActor(name: "token:\(hostile)", role: "admin\u{0}", requestID: "r\u{0}1", sourceIP: "127.0.0.1\u{0}")
        #expect(actor.name == "token:\(cleanedLine)")

        let note = try await store.addNote(to: id, text: "Called \(hostile)", by: actor, at: now)
        #expect(note.author == "token:\(cleanedLine)")
        #expect(try await store.notes(of: id).map(\.text) == [note.text])
        noControls(note.text.replacingOccurrences(of: "\n", with: ""), "note")

        await #expect(throws: HarkError.self, "a NUL in an assignee is refused, as any control is") {
            _ = try await store.change(id, MentionChange(assignee: "kari\u{0}"), by: actor, at: now, serviceLevels: ServiceLevelPolicy())
        }
        let changed = try await store.change(id, MentionChange(assignee: "kari"), by: actor, at: now, serviceLevels: ServiceLevelPolicy())
        #expect(changed.assignee == "kari")
        for event in try await store.history(of: id) {
            for field in [event.actor, event.role, event.requestID, event.sourceIP] { noControls(field, "history") }
        }

        let source = try #require(SourceID("news"))
        try await store.recordSourcePoll(
            SourcePollReport(
                source: source, kind: "feed", at: now, outcome: .failure(code: "http\u{0}", message: "server said \(hostile)"),
                movedTo: "https://example.test/\u{0}", events: [SourceEvent(kind: "feed_gap\u{0}", at: now, details: [hostile: hostile])]
            )
        )
        let status = try #require(try await store.sourceStatuses(eventsPerSource: 5).first { $0.source == source })
        noControls(status.lastError, "source error")
        #expect(status.lastError?.contains(cleanedLine) == true)
        #expect(status.recentEvents.map(\.kind) == ["feed_gap"])
        #expect(status.recentEvents.first?.details == [cleanedLine: cleanedLine])

        let message = OutboxMessage(
            id: "o1", target: "ops", kind: .veryDissatisfied, mentionID: id, payload: Data([0, 1, 2]),
            recipient: "ops\u{0}@example.test", createdAt: now
        )
        #expect(try await store.enqueue([message], audit: []) == ["o1"])
        try await store.recordOutboxFailure("o1", error: "550 \(hostile)", retryAt: nil, at: now, audit: [])
        let failed = try #require(try await store.outboxMessage("o1"))
        #expect(failed.payload == Data([0, 1, 2]))
        noControls(failed.recipient, "recipient")
        noControls(failed.lastError, "outbox error")

        let erased = try await store.erase(.address("nobody\u{0}@example.test"), by: actor, at: now)
        #expect(erased.mentions == 0)

        let session = WebSession(
            idHash: "h1", tokenName: "kari\u{0}", tokenFingerprint: "f\u{0}", csrf: "c1", createdAt: now,
            expiresAt: now.addingTimeInterval(3600)
        )
        try await store.createSession(session)
        let found = try #require(try await store.session(idHash: "h1", at: now))
        noControls(found.tokenName, "session token name")
    }
}

extension HostileTextStoreContractTests {
    /// Filters and identifiers from a request may hold a NUL: they name nothing stored, on every store.
    @Test(arguments: StoreKind.allCases)
    func lookupsWithNULFindNothing(kind: StoreKind) async throws {
        let store = try await kind.make()
        let draft = Fixtures.webhookDraft(delivery: "d1", externalID: "e1", text: "Late again", address: "kari@example.test")
        _ = try await store.commit([IngestBatch(source: draft.source, items: [.mention(draft, nil)])], at: now)
        var queries: [MentionQuery] = []
        for set in [
            { (q: inout MentionQuery) in q.assignee = "k\u{0}" }, { $0.authorAddress = "kari@example.test\u{0}" },
            { $0.authorHandle = "\u{0}" }, { $0.customerID = "c\u{0}" }, { $0.issueID = "i\u{0}" }, { $0.language = "e\u{0}" },
            { $0.brand = "b\u{0}" }, { $0.brandScope = ["b\u{0}"] },
        ] as [(inout MentionQuery) -> Void] {
            var query = MentionQuery()
            set(&query)
            queries.append(query)
        }
        for query in queries {
            #expect(try await store.mentions(query).items.isEmpty, "\(query)")
        }
        #expect(try await store.customer("c\u{0}", mentionLimit: 5) == nil)
        #expect(try await store.quarantineRecord("q\u{0}") == nil)
        #expect(try await store.outboxMessage("o\u{0}") == nil)
        #expect(try await store.issueRecords(["i\u{0}"]).isEmpty)
        #expect(try await store.session(idHash: "h\u{0}", at: now) == nil)
        #expect(try await store.notes(of: try #require(MentionID("01a20ee2-9b35-7abd-ad7e-7505de1acb51"))).isEmpty)
    }
}

extension HostileTextStoreContractTests {
    @Test(arguments: StoreKind.allCases)
    func changesToUnknownNULIdentifiersAreNotFound(kind: StoreKind) async throws {
        let store = try await kind.make()
        let actor = ChangeActor(name: "cli")
        let draft = Fixtures.webhookDraft(delivery: "d1", externalID: "e1", text: "Late again")
        let calls: [@Sendable () async throws -> Void] = [
            { try await store.mergeCustomer("c\u{0}", into: "c2", by: actor, at: now) },
            { _ = try await store.splitCustomer("c\u{0}", mentions: [try #require(MentionID("01a20ee2-9b35-7abd-ad7e-7505de1acb51"))], by: actor, at: now) },
            { _ = try await store.resolveQuarantine("q\u{0}", with: draft, assessment: nil, at: now) },
        ]
        for call in calls {
            let error = await #expect(throws: HarkError.self) { try await call() }
            #expect(error?.code == .notFound, "\(String(describing: error))")
        }
    }
}

extension HostileTextStoreContractTests {
    /// Distinct, incompressible words: `count` of them, the same on every run.
    static func distinctWords(_ count: Int) -> [String] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        return (0..<count).map { _ in
            String((0..<7).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return letters[Int(state >> 33) % letters.count]
            })
        }
    }

    /// Sizes no index or search vector can hold whole (PostgreSQL refuses btree entries over 2,704
    /// bytes and tsvectors over 1 MiB) are stored all the same, on every store, and alone in their
    /// batch or not: one such input must never fail the mentions committed with it.
    @Test(arguments: StoreKind.allCases)
    func oversizedFieldsAndTextsAreStored(kind: StoreKind) async throws {
        let store = try await kind.make()
        let noise = Self.distinctWords(3_000).joined()
        let text = "Refund please " + Self.distinctWords(130_000).joined(separator: " ")
        #expect(text.utf8.count > 1_000_000)
        let drafts = [
            Fixtures.webhookDraft(delivery: "d1", externalID: "e1", text: "Late again", address: noise + "@example.test"),
            Fixtures.webhookDraft(delivery: "d2", externalID: "e2", text: "Late again", handle: noise),
            Fixtures.webhookDraft(delivery: "d3", externalID: "e3", text: text, title: noise),
            Fixtures.webhookDraft(delivery: "d4", externalID: "e4", text: "An ordinary complaint"),
        ]
        let receipts = try await store.commit(
            [IngestBatch(source: drafts[0].source, items: drafts.map { .mention($0, nil) })], at: now)
        var ids: [MentionID] = []
        for receipt in receipts[0] {
            guard case .stored(let id) = receipt else { Issue.record("not stored: \(receipt)"); return }
            ids.append(id)
        }
        let first = try #require(try await store.mention(ids[0]))
        #expect(first.author.address?.utf8.count == Author.maximumFieldBytes)
        #expect(try await store.mention(ids[1])?.author.handle?.utf8.count == Author.maximumFieldBytes)
        #expect(try await store.mention(ids[2])?.text == text, "the text itself is kept whole")
        #expect(try await store.mentions(MentionQuery(text: "refund")).items.map(\.id) == [ids[2]])
        var byAddress = MentionQuery()
        byAddress.authorAddress = first.author.address
        #expect(try await store.mentions(byAddress).items.map(\.id) == [ids[0]])
    }
}
