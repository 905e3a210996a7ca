import Foundation
import HarkCore
import HarkStore
import HarkStoreSQLite
import HarkTesting
import Testing

/// One contract, every store: the in-memory twin and SQLite must behave the same.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory, sqlite, postgres
    var testDescription: String { rawValue }

    /// A new, empty store. PostgreSQL cases are cancelled (reported as skipped) when no server is
    /// configured (`HARK_TEST_POSTGRES_URL`, which the README's test command sets).
    func make() async throws -> any InboxStore {
        switch self {
        case .memory:
            return MemoryInboxStore()
        case .sqlite:
            let dir = try Fixtures.temporaryDirectory()
            return try SQLiteInboxStore(.init(path: dir.appendingPathComponent("hark.sqlite").path))
        case .postgres:
            return try await PostgresTestServer.freshStore()
        }
    }
}

@Suite struct StoreContractTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func commitOne(_ store: any InboxStore, _ draft: MentionDraft) async throws -> IngestReceipt {
        let receipts = try await store.commit([IngestBatch(source: draft.source, items: [.mention(draft, nil)])], at: now)
        return try #require(receipts.first?.first)
    }

    @Test(arguments: StoreKind.allCases)
    func storesOnceAndAnswersDuplicates(kind: StoreKind) async throws {
        let store = try await kind.make()
        let draft = Fixtures.webhookDraft(delivery: "d1", externalID: "r1", text: "Late again")
        guard case .stored(let id) = try await commitOne(store, draft) else { Issue.record("not stored"); return }
        #expect(try await commitOne(store, draft) == .duplicate(id))
        // A new delivery of the same unchanged mention is a duplicate, not a second row.
        let again = Fixtures.webhookDraft(delivery: "d2", externalID: "r1", text: "Late again")
        #expect(try await commitOne(store, again) == .duplicate(id))
        let stored = try #require(try await store.mention(id))
        #expect(stored.text == "Late again")
        #expect(stored.status == .new)
        #expect(try await store.statistics().mentions == 1)
        #expect(try await store.rawInput(of: id)?.bytes == draft.raw.bytes)
    }

    /// A mail-like draft: the mention key covers the Message-ID and the content; the Message-ID
    /// alone is the identity claim.
    func claimDraft(delivery: String, messageID: String, text: String, place: String) -> MentionDraft {
        var draft = Fixtures.webhookDraft(source: "mail", delivery: delivery, externalID: messageID, text: text)
        draft.mentionKey = DedupKey.derive("mail", messageID, draft.contentDigest)
        draft.identityClaim = IdentityClaim(key: DedupKey.derive("mail-message-id", messageID), flag: "message_id_collision")
        draft.place = place
        return draft
    }

    @Test(arguments: StoreKind.allCases)
    func sameClaimOtherContentIsASecondFlaggedMentionAndPlacesAreListed(kind: StoreKind) async throws {
        let store = try await kind.make()
        let original = claimDraft(delivery: "INBOX/1", messageID: "m@x", text: "Pakken kom aldri", place: "INBOX")
        let copy = claimDraft(delivery: "Support/1", messageID: "m@x", text: "Pakken kom aldri", place: "Support")
        let impostor = claimDraft(delivery: "INBOX/2", messageID: "m@x", text: "Noe helt annet", place: "INBOX")
        guard case .stored(let id) = try await commitOne(store, original) else { Issue.record("not stored"); return }
        #expect(try await commitOne(store, copy) == .duplicate(id))
        guard case .stored(let second) = try await commitOne(store, impostor) else { Issue.record("merged"); return }
        #expect(second != id)
        #expect(try await store.mention(id)?.flags == [])
        #expect(try await store.mention(second)?.flags == ["message_id_collision"])
        // A third message under the same id is flagged too, and the original keeps the claim.
        let third = claimDraft(delivery: "INBOX/3", messageID: "m@x", text: "Enda en", place: "INBOX")
        guard case .stored(let thirdID) = try await commitOne(store, third) else { Issue.record("merged"); return }
        #expect(try await store.mention(thirdID)?.flags == ["message_id_collision"])
        #expect(try await store.places(of: id).map(\.place) == ["INBOX", "Support"])
        #expect(try await store.places(of: second).map(\.place) == ["INBOX"])
        // A repeated delivery adds no place twice.
        #expect(try await commitOne(store, copy) == .duplicate(id))
        #expect(try await store.places(of: id).count == 2)
        #expect(try await store.statistics().mentions == 3)
    }

    @Test(arguments: StoreKind.allCases)
    func assessmentsAreReplacedWithoutARevisionAndAudited(kind: StoreKind) async throws {
        let store = try await kind.make()
        guard case .stored(let id) = try await commitOne(store, Fixtures.webhookDraft(delivery: "a1", externalID: "a1", text: "Slow"))
        else { Issue.record("not stored"); return }
        let assessment = Assessment(
            language: "en", complaint: true, severity: .dissatisfied, category: .delivery, brands: ["B"], cues: ["c"])
        let missing = MentionID.generate(at: now)
        #expect(try await store.updateAssessments([(id, assessment), (missing, assessment)], actor: "t", at: now) == 1)
        #expect(try await store.mention(id)?.assessment == assessment)
        #expect(try await store.mention(id)?.revisions == 0)
        #expect(try await store.auditLog(limit: 5).contains { $0.action == "reassess" && $0.after == "updated=1" })
    }

    @Test(arguments: StoreKind.allCases)
    func editKeepsEarlierRevision(kind: StoreKind) async throws {
        let store = try await kind.make()
        let first = Fixtures.webhookDraft(delivery: "d1", externalID: "r1", text: "Bad")
        let edit = Fixtures.webhookDraft(delivery: "d2", externalID: "r1", text: "Very bad, cancelling")
        guard case .stored(let id) = try await commitOne(store, first) else { Issue.record("not stored"); return }
        #expect(try await commitOne(store, edit) == .revised(id))
        #expect(try await store.mention(id)?.text == "Very bad, cancelling")
        #expect(try await store.mention(id)?.revisions == 1)
        let revisions = try await store.revisions(of: id)
        #expect(revisions.map(\.text) == ["Bad"])
        #expect(try await store.statistics().mentions == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func sameDeliveryDifferentBodyIsAConflict(kind: StoreKind) async throws {
        let store = try await kind.make()
        let first = Fixtures.webhookDraft(delivery: "d1", externalID: "r1", text: "One")
        let other = Fixtures.webhookDraft(delivery: "d1", externalID: "r2", text: "Two")
        guard case .stored(let id) = try await commitOne(store, first) else { Issue.record("not stored"); return }
        guard case .conflict(let quarantine, let original) = try await commitOne(store, other) else {
            Issue.record("expected a conflict")
            return
        }
        #expect(original == id)
        #expect(try await store.mention(id)?.text == "One")
        #expect(try await store.quarantineRecord(quarantine)?.reason == "delivery_conflict")
        #expect(try await store.auditLog(limit: 10).contains { $0.action == "delivery.conflict" })
        #expect(try await store.statistics().mentions == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func quarantineIsKeptOnceAndCanBeRetried(kind: StoreKind) async throws {
        let store = try await kind.make()
        let raw = RawInput(contentType: "application/json", bytes: Data("{not json".utf8))
        let key = DedupKey.derive("webhook", "forms", "delivery", "q1")
        let draft = QuarantineDraft(
            source: SourceID("forms")!, channel: .webhook, reason: "malformed_json", detail: "x", deliveryKey: key,
            raw: raw)
        let batch = IngestBatch(source: draft.source, items: [.quarantine(draft)])
        let first = try await store.commit([batch], at: now)[0][0]
        guard case .quarantined(let qid) = first else { Issue.record("not quarantined"); return }
        #expect(try await store.commit([batch], at: now)[0][0] == .duplicateQuarantine(qid))
        #expect(try await store.quarantined(QuarantineQuery()).map(\.id) == [qid])
        let fixed = Fixtures.webhookDraft(delivery: "q1", externalID: "r9", text: "Recovered")
        let receipt = try await store.resolveQuarantine(qid, with: fixed, assessment: nil, at: now)
        guard case .stored(let id) = receipt else { Issue.record("retry did not store"); return }
        #expect(try await store.quarantineRecord(qid)?.status == .retried)
        // The delivery now points at the mention: a re-delivery of the original bytes is a duplicate.
        #expect(try await store.commit([batch], at: now)[0][0] == .duplicate(id))
    }

    @Test(arguments: StoreKind.allCases)
    func erasureKeepsKeys(kind: StoreKind) async throws {
        let store = try await kind.make()
        let draft = Fixtures.webhookDraft(delivery: "d1", externalID: "r1", text: "Rude staff", address: "Kari@Example.no")
        let keep = Fixtures.webhookDraft(delivery: "d2", externalID: "r2", text: "Other person", address: "ola@example.no")
        guard case .stored(let id) = try await commitOne(store, draft) else { Issue.record("not stored"); return }
        _ = try await commitOne(store, keep)
        let result = try await store.erase(.address("kari@example.no"), by: ChangeActor(name: "test"), at: now)
        #expect(result.mentions == 1)
        #expect(result.rawInputs == 1)
        #expect(try await store.mention(id) == nil)
        #expect(try await store.rawInput(of: id) == nil)
        #expect(try await store.statistics().mentions == 1)
        // Re-delivery, even under a new delivery id, does not bring the data back.
        #expect(try await commitOne(store, draft) == .duplicate(id))
        let redelivered = Fixtures.webhookDraft(delivery: "d3", externalID: "r1", text: "Rude staff", address: "x@y")
        #expect(try await commitOne(store, redelivered) == .duplicate(id))
        #expect(try await store.statistics().mentions == 1)
        let audit = try await store.auditLog(limit: 5)
        #expect(audit.contains { $0.action == "erase" && !($0.after ?? "").contains("kari") })
    }

    @Test(arguments: StoreKind.allCases)
    func pagesNewestFirstWithFilters(kind: StoreKind) async throws {
        let store = try await kind.make()
        var ids: [MentionID] = []
        for index in 0..<7 {
            let draft = Fixtures.webhookDraft(
                source: index.isMultiple(of: 2) ? "forms" : "reviews", delivery: "d\(index)", externalID: "r\(index)",
                text: index == 3 ? "the parcel never arrived" : "message \(index)")
            if case .stored(let id) = try await commitOne(store, draft) { ids.append(id) }
        }
        var seen: [MentionID] = []
        var cursor: MentionID?
        repeat {
            let page = try await store.mentions(MentionQuery(limit: 3, after: cursor))
            seen += page.items.map(\.id)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen == ids.sorted(by: >))
        #expect(try await store.mentions(MentionQuery(source: SourceID("reviews"))).items.count == 3)
        #expect(try await store.mentions(MentionQuery(text: "parcel")).items.map(\.id) == [ids[3]])
        #expect(try await store.mentions(MentionQuery(text: "\" OR 1=1 --")).items.isEmpty)
        #expect(try await store.mentions(MentionQuery(brandScope: ["Nordlys"])).items.isEmpty)
        #expect(MentionQuery(limit: 1_000_000_000).limit == MentionQuery.maximumLimit)
    }

    @Test(arguments: StoreKind.allCases)
    func searchFollowsEditsAndErasureBeforeAndAfterIndexing(kind: StoreKind) async throws {
        let store = try await kind.make()
        let parcel = Fixtures.webhookDraft(delivery: "d1", externalID: "r1", text: "parcel lost", address: "a@x.no")
        let pending = Fixtures.webhookDraft(delivery: "d2", externalID: "r2", text: "parcel broken", address: "b@x.no")
        guard case .stored(let id) = try await commitOne(store, parcel) else { Issue.record("not stored"); return }
        _ = try await store.indexPendingSearchText(limit: 100)
        // Edited after it was indexed: the old words leave the index, the new ones enter it.
        let edit = Fixtures.webhookDraft(delivery: "d3", externalID: "r1", text: "invoice wrong", address: "a@x.no")
        #expect(try await commitOne(store, edit) == .revised(id))
        #expect(try await store.mentions(MentionQuery(text: "invoice")).items.map(\.id) == [id])
        #expect(try await store.mentions(MentionQuery(text: "lost")).items.isEmpty)
        // One erased after indexing, one erased while still waiting for the index.
        _ = try await commitOne(store, pending)
        _ = try await store.erase(.address("a@x.no"), by: ChangeActor(name: "test"), at: now)
        _ = try await store.erase(.address("b@x.no"), by: ChangeActor(name: "test"), at: now)
        #expect(try await store.mentions(MentionQuery(text: "invoice")).items.isEmpty)
        #expect(try await store.mentions(MentionQuery(text: "parcel")).items.isEmpty)
        #expect(try await store.indexPendingSearchText(limit: 100) == 0)
        if let sqlite = store as? SQLiteInboxStore { #expect(try sqlite.integrityCheck() == ["ok"]) }
    }

    @Test(arguments: StoreKind.allCases)
    func sourceStateMovesWithTheBatch(kind: StoreKind) async throws {
        let store = try await kind.make()
        let draft = Fixtures.webhookDraft(delivery: "d1", externalID: "r1", text: "x")
        let state = SourceState(version: 1, payload: Data("uid=5".utf8))
        _ = try await store.commit([IngestBatch(source: draft.source, items: [.mention(draft, nil)], state: state)], at: now)
        #expect(try await store.sourceState(draft.source) == state)
    }

    @Test(arguments: StoreKind.allCases)
    func rawInputIsPurgedAfterRetention(kind: StoreKind) async throws {
        let store = try await kind.make()
        let draft = Fixtures.webhookDraft(delivery: "d1", externalID: "r1", text: "x")
        guard case .stored(let id) = try await commitOne(store, draft) else { Issue.record("not stored"); return }
        #expect(try await store.purgeRawInput(olderThan: now.addingTimeInterval(-1)) == 0)
        #expect(try await store.purgeRawInput(olderThan: now.addingTimeInterval(1)) == 1)
        #expect(try await store.rawInput(of: id) == nil)
        #expect(try await store.mention(id) != nil)
    }

    @Test func sqliteAuditLogIsAppendOnly() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("hark.sqlite").path
        let store = try SQLiteInboxStore(.init(path: path))
        try await store.appendAudit(AuditEvent(at: now, actor: "kari\r\n\u{1B}[31m", action: "login"))
        let event = try #require(try await store.auditLog(limit: 1).first)
        #expect(!event.actor.contains("\r") && !event.actor.contains("\u{1B}"))
        #expect(try store.integrityCheck() == ["ok"])
        #expect(
            try store.appliedMigrations() == [
                "0001-inbox", "0002-source-health", "0003-mention-places", "0004-workflow", "0005-web-sessions",
                "0006-outbox", "0007-statistics", "0008-recurrence", "0009-customer-links", "0010-leases",
            ])
        try store.close()
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") else { return }
        sqlite.arguments = [path, "DELETE FROM audit_log;"]
        let errors = Pipe()
        sqlite.standardError = errors
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus != 0)
        let reopened = try SQLiteInboxStore(.init(path: path))
        #expect(try await reopened.auditLog(limit: 5).count == 1)
    }

    @Test func sqliteBackupIsAConsistentCopy() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteInboxStore(.init(path: dir.appendingPathComponent("hark.sqlite").path))
        _ = try await commitOne(store, Fixtures.webhookDraft(delivery: "d1", externalID: "r1", text: "x"))
        let copy = dir.appendingPathComponent("copy.sqlite").path
        try store.backup(to: copy)
        let restored = try SQLiteInboxStore(.init(path: copy))
        #expect(try await restored.statistics().mentions == 1)
        #expect(try restored.integrityCheck() == ["ok"])
    }
}
