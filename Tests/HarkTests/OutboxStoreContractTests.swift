import Foundation
import HarkCore
import HarkStore
import HarkStoreSQLite
import HarkTesting
import Testing

/// The durable outbox through both stores: enqueued with the mention in one transaction, once per
/// id, due in order, retried and given up as told, and gone with an erased mention.
@Suite struct OutboxStoreContractTests {
    let received = Date(timeIntervalSince1970: 1_800_000_000)

    /// One alert per new very dissatisfied mention, as the notifier's rules do.
    struct AlertEveryAngryMention: OutboxRules {
        func messages(for mention: Mention, from draft: MentionDraft, at now: Date) -> [OutboxMessage] {
            guard mention.assessment?.severity == .veryDissatisfied else { return [] }
            return [
                OutboxMessage(
                    id: OutboxMessage.stableID("very_dissatisfied", "ops", mention.id.rawValue), target: "ops",
                    kind: .veryDissatisfied, mentionID: mention.id, payload: Data(#"{"a":1}"#.utf8), createdAt: now)
            ]
        }
    }

    func commit(_ store: any InboxStore, id: String, severity: Severity, address: String? = nil, at time: Date? = nil)
        async throws -> IngestReceipt
    {
        let draft = Fixtures.webhookDraft(delivery: id, externalID: id, text: "Fakturaen er feil", address: address)
        let assessment = Assessment(language: "no", complaint: severity != .none, severity: severity, category: .billing)
        var batch = IngestBatch(source: draft.source, items: [.mention(draft, assessment)])
        batch.outboxRules = AlertEveryAngryMention()
        return try #require(try await store.commit([batch], at: time ?? received).first?.first)
    }

    @Test(arguments: StoreKind.allCases)
    func aNewAngryMentionEnqueuesItsAlertOnce(kind: StoreKind) async throws {
        let store = try await kind.make()
        guard case .stored(let angry) = try await commit(store, id: "a", severity: .veryDissatisfied) else {
            throw TestingError("not stored")
        }
        _ = try await commit(store, id: "b", severity: .dissatisfied)
        // The same delivery again, and the same mention revised: no second alert.
        #expect(try await commit(store, id: "a", severity: .veryDissatisfied) == .duplicate(angry))
        let due = try await store.dueOutboxMessages(at: received, limit: 10)
        #expect(due.map(\.mentionID) == [angry])
        #expect(due.first?.kind == .veryDissatisfied && due.first?.attempts == 0 && due.first?.isPending == true)
        #expect(try await store.outboxCounts() == OutboxCounts(pending: 1, oldestPendingAt: received))
        #expect(try await store.outboxMessages(about: angry).count == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func enqueueKeepsTheFirstMessageOfAnId(kind: StoreKind) async throws {
        let store = try await kind.make()
        let first = OutboxMessage(id: "msg_1", target: "helpdesk", kind: .handoff, mentionID: nil, payload: Data("1".utf8), createdAt: received)
        var second = first
        second.payload = Data("2".utf8)
        let audit = AuditEvent(at: received, actor: "token:kari", action: "mention.handoff", object: "x")
        #expect(try await store.enqueue([first], audit: [audit]) == ["msg_1"])
        #expect(try await store.enqueue([second], audit: []) == [])
        #expect(try await store.outboxMessage("msg_1")?.payload == Data("1".utf8))
        #expect(try await store.auditLog(limit: 10).filter { $0.action == "mention.handoff" }.count == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func failuresAreRetriedThenGivenUpAndDeliveriesLeaveThePendingSet(kind: StoreKind) async throws {
        let store = try await kind.make()
        let messages = (1...3).map { index in
            OutboxMessage(
                id: "msg_\(index)", target: "ops", kind: .slaBreach, mentionID: nil, payload: Data(),
                createdAt: received.addingTimeInterval(Double(index)))
        }
        _ = try await store.enqueue(messages, audit: [])
        let later = received.addingTimeInterval(60)
        #expect(try await store.dueOutboxMessages(at: later, limit: 2).map(\.id) == ["msg_1", "msg_2"])
        #expect(try await store.nextOutboxAttempt() == received.addingTimeInterval(1))

        try await store.recordOutboxFailure("msg_1", error: "HTTP 503", retryAt: later.addingTimeInterval(30), at: later, audit: [])
        try await store.recordOutboxDelivery("msg_2", at: later, audit: [])
        try await store.recordOutboxFailure(
            "msg_3", error: "HTTP 410", retryAt: nil, at: later,
            audit: [AuditEvent(at: later, actor: "notifier", action: "notify.sla_breach", object: "msg_3", outcome: "failed")])

        #expect(try await store.dueOutboxMessages(at: later, limit: 10).isEmpty)
        let retried = try #require(try await store.outboxMessage("msg_1"))
        #expect(retried.attempts == 1 && retried.lastError == "HTTP 503" && retried.nextAttemptAt == later.addingTimeInterval(30))
        #expect(try await store.dueOutboxMessages(at: later.addingTimeInterval(30), limit: 10).map(\.id) == ["msg_1"])
        #expect(try await store.outboxMessage("msg_2")?.deliveredAt == later)
        #expect(try await store.outboxMessage("msg_3")?.failedAt == later)
        #expect(try await store.nextOutboxAttempt() == later.addingTimeInterval(30))
        let counts = try await store.outboxCounts()
        #expect(counts.pending == 1 && counts.delivered == 1 && counts.failed == 1)
        #expect(try await store.auditLog(limit: 10).contains { $0.action == "notify.sla_breach" && $0.outcome == "failed" })
    }

    @Test(arguments: StoreKind.allCases)
    func erasingAMentionRemovesItsMessages(kind: StoreKind) async throws {
        let store = try await kind.make()
        guard case .stored(let angry) = try await commit(store, id: "e", severity: .veryDissatisfied, address: "kari@example.no")
        else { throw TestingError("not stored") }
        #expect(try await store.outboxMessages(about: angry).count == 1)
        _ = try await store.erase(.address("kari@example.no"), by: ChangeActor(name: "cli"), at: received)
        #expect(try await store.outboxMessages(about: angry).isEmpty)
        #expect(try await store.dueOutboxMessages(at: received, limit: 10).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func theSameMentionTwiceInOneCommitAlertsOnce(kind: StoreKind) async throws {
        let store = try await kind.make()
        let draft = Fixtures.webhookDraft(delivery: "f", externalID: "f", text: "Fakturaen er feil")
        let assessment = Assessment(language: "no", complaint: true, severity: .veryDissatisfied, category: .billing)
        var batch = IngestBatch(source: draft.source, items: [.mention(draft, assessment)])
        batch.outboxRules = AlertEveryAngryMention()
        _ = try await store.commit([batch, batch], at: received)
        #expect(try await store.outboxCounts().pending == 1)
    }

    @Test func aFailedCommitEnqueuesNothing() async throws {
        let store = MemoryInboxStore()
        store.setFailing(true)
        await #expect(throws: HarkError.self) { _ = try await commit(store, id: "g", severity: .veryDissatisfied) }
        store.setFailing(false)
        #expect(try await store.outboxCounts().pending == 0)
    }
}
