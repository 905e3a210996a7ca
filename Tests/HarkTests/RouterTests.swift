import Foundation
import HTTPTypes
import HarkCore
import HarkDaemon
import HarkRecurrence
import HarkServer
import HarkStore
import HarkTesting
import HarkWebhooks
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

/// The routes in-process (Hummingbird's router test mode) over the in-memory store, for what the
/// real binary cannot easily be made to do: a store that cannot commit.
@Suite struct RouterTests {
    static let secret = WebhookSecret(TestDaemon.formsSecret)

    func settings() throws -> SettingsHolder {
        var settings = ServerSettings()
        settings.endpoints[SourceID("forms")!] = WebhookEndpoint(
            source: SourceID("forms")!, verifier: try WebhookVerifier(scheme: .standardWebhooks, secrets: [Self.secret]),
            mapper: WebhookPayloadMapper())
        return SettingsHolder(settings)
    }

    func signed(_ body: Data, id: String) throws -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in try WebhookSigner.headers(
            scheme: .standardWebhooks, secret: Self.secret, body: body, timestamp: Int64(Date().timeIntervalSince1970),
            deliveryID: id)
        {
            fields[HTTPField.Name(name)!] = value
        }
        fields[.contentType] = "application/json"
        return fields
    }

    @Test func answers503WithRetryAfterWhileTheStoreCannotCommitAndRecovers() async throws {
        let store = MemoryInboxStore()
        store.setFailing(true)
        let ingestor = Ingestor(store: store, clock: SystemWallClock(), logger: Logger(label: "test"))
        let router = HarkRouter(
            .init(
                settings: try settings(), sink: ingestor, store: store, clock: SystemWallClock(),
                renderMetrics: { "" }, isReady: { ingestor.isHealthy },
                insight: RecurrenceInsight(store: store)))
        let app = Application(router: router.apiRouter(includeWebhooks: true))
        let body = TestDaemon.body(id: "r1", text: "Disk is full")
        let headers = try signed(body, id: "msg_1")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await ingestor.run() }
            try await app.test(.router) { client in
                try await client.execute(
                    uri: "/hooks/forms", method: .post, headers: headers, body: ByteBuffer(bytes: body)
                ) { response in
                    #expect(response.status == .serviceUnavailable)
                    #expect(response.headers[.retryAfter] == "5")
                }
                try await client.execute(uri: "/readyz", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                }
                #expect(try await store.statistics().mentions == 0)
                // Space is back: the sender's retry is stored, and the daemon is ready again.
                store.setFailing(false)
                try await client.execute(
                    uri: "/hooks/forms", method: .post, headers: headers, body: ByteBuffer(bytes: body)
                ) { response in
                    #expect(response.status == .accepted)
                }
                try await client.execute(uri: "/readyz", method: .get) { response in
                    #expect(response.status == .ok)
                }
            }
            group.cancelAll()
        }
        #expect(try await store.statistics().mentions == 1)
    }

    @Test func groupCommitSharesTransactionsUnderConcurrency() async throws {
        let store = CountingStore()
        let ingestor = Ingestor(store: store, clock: SystemWallClock(), logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await ingestor.run() }
            try await withThrowingTaskGroup(of: IngestReceipt.self) { senders in
                for index in 0..<200 {
                    senders.addTask {
                        let draft = Fixtures.webhookDraft(delivery: "d\(index)", externalID: "r\(index)", text: "x")
                        return try await ingestor.submit(IngestBatch(source: draft.source, items: [.mention(draft, nil)]))[0]
                    }
                }
                for try await receipt in senders {
                    guard case .stored = receipt else { Issue.record("not stored: \(receipt)"); continue }
                }
            }
            group.cancelAll()
        }
        // Every request got its own receipt, and requests shared transactions (fewer commits than requests).
        #expect(try await store.statistics().mentions == 200)
        #expect(store.commits.withLock { $0 } < 200)
        #expect(store.largestBatch.withLock { $0 } > 1)
    }

    @Test func anInputTheStoreRefusesFailsAloneNotItsBatch() async throws {
        let store = CountingStore()
        store.refusedText.withLock { $0 = "poison" }
        let ingestor = Ingestor(store: store, clock: SystemWallClock(), logger: Logger(label: "test"))
        let outcomes = await withThrowingTaskGroup(of: [String: Bool].self) { group in
            group.addTask { try await ingestor.run(); return [:] }
            let outcomes = await withTaskGroup(of: (String, Bool).self) { senders in
                for index in 0..<100 {
                    senders.addTask {
                        let text = index == 50 ? "poison" : "Late again \(index)"
                        let draft = Fixtures.webhookDraft(delivery: "d\(index)", externalID: "r\(index)", text: text)
                        let receipt = try? await ingestor.submit(IngestBatch(source: draft.source, items: [.mention(draft, nil)]))
                        if case .stored = receipt?.first { return (text, true) }
                        return (text, false)
                    }
                }
                var outcomes: [String: Bool] = [:]
                for await (text, stored) in senders { outcomes[text] = stored }
                return outcomes
            }
            group.cancelAll()
            return outcomes
        }
        #expect(outcomes["poison"] == false, "the input the store cannot hold fails")
        let others = outcomes.filter { $0.key != "poison" }
        #expect(others.count == 99 && others.values.allSatisfy { $0 }, "every other request of its batch is stored")
        #expect(try await store.statistics().mentions == 99)
        #expect(store.largestBatch.withLock { $0 } > 1, "the requests did share transactions")
    }
}

/// The in-memory store with a slow commit that counts transactions, to see group commit at work.
final class CountingStore: InboxStore {
    let inner = MemoryInboxStore()
    let commits = Mutex(0)
    let largestBatch = Mutex(0)
    /// A text this store cannot hold: a transaction with it fails, as one with an input beyond a
    /// database's limits would.
    let refusedText = Mutex<String?>(nil)

    func commit(_ batches: [IngestBatch], at now: Date) async throws -> [[IngestReceipt]] {
        commits.withLock { $0 += 1 }
        largestBatch.withLock { $0 = max($0, batches.count) }
        if let refused = refusedText.withLock({ $0 }),
            batches.contains(where: { $0.items.contains { if case .mention(let draft, _) = $0 { draft.text == refused } else { false } } })
        {
            try await Task.sleep(for: .milliseconds(5))
            throw HarkError(.storage, "the store could not commit a batch (SQLSTATE 54000)")
        }
        // Stands in for an fsync: what arrives meanwhile waits for the next transaction.
        try await Task.sleep(for: .milliseconds(5))
        return try await inner.commit(batches, at: now)
    }

    func mention(_ id: MentionID) async throws -> Mention? { try await inner.mention(id) }
    func mentions(_ query: MentionQuery) async throws -> MentionPage { try await inner.mentions(query) }
    func revisions(of id: MentionID) async throws -> [MentionRevision] { try await inner.revisions(of: id) }
    func places(of id: MentionID) async throws -> [MentionPlace] { try await inner.places(of: id) }
    func updateAssessments(_ updates: [(MentionID, Assessment)], actor: String, at now: Date) async throws -> Int {
        try await inner.updateAssessments(updates, actor: actor, at: now)
    }
    func rawInput(of id: MentionID) async throws -> RawInput? { try await inner.rawInput(of: id) }
    func sourceState(_ source: SourceID) async throws -> SourceState? { try await inner.sourceState(source) }
    func recordSourcePoll(_ report: SourcePollReport) async throws { try await inner.recordSourcePoll(report) }
    func sourceStatuses(eventsPerSource: Int) async throws -> [SourceStatus] {
        try await inner.sourceStatuses(eventsPerSource: eventsPerSource)
    }
    func quarantined(_ query: QuarantineQuery) async throws -> [QuarantineRecord] { try await inner.quarantined(query) }
    func quarantineRecord(_ id: String) async throws -> QuarantineRecord? { try await inner.quarantineRecord(id) }
    func resolveQuarantine(_ id: String, with item: MentionDraft, assessment: Assessment?, at now: Date) async throws
        -> IngestReceipt
    { try await inner.resolveQuarantine(id, with: item, assessment: assessment, at: now) }
    func appendAudit(_ event: AuditEvent) async throws { try await inner.appendAudit(event) }
    func auditLog(limit: Int) async throws -> [AuditEvent] { try await inner.auditLog(limit: limit) }
    func change(
        _ id: MentionID, _ change: MentionChange, by actor: ChangeActor, at now: Date, serviceLevels: ServiceLevelPolicy
    ) async throws -> Mention {
        try await inner.change(id, change, by: actor, at: now, serviceLevels: serviceLevels)
    }
    func addNote(to id: MentionID, text: String, by actor: ChangeActor, at now: Date) async throws -> MentionNote {
        try await inner.addNote(to: id, text: text, by: actor, at: now)
    }
    func notes(of id: MentionID) async throws -> [MentionNote] { try await inner.notes(of: id) }
    func history(of id: MentionID) async throws -> [AuditEvent] { try await inner.history(of: id) }
    func createSession(_ session: WebSession) async throws { try await inner.createSession(session) }
    func session(idHash: String, at now: Date) async throws -> WebSession? { try await inner.session(idHash: idHash, at: now) }
    func deleteSession(idHash: String) async throws { try await inner.deleteSession(idHash: idHash) }
    func purgeSessions(expiredBefore now: Date) async throws -> Int { try await inner.purgeSessions(expiredBefore: now) }
    func claimLease(_ name: String, owner: String, until expiry: Date, at now: Date) async throws -> LeaseRecord {
        try await inner.claimLease(name, owner: owner, until: expiry, at: now)
    }
    func releaseLease(_ name: String, owner: String) async throws { try await inner.releaseLease(name, owner: owner) }
    func leases() async throws -> [LeaseRecord] { try await inner.leases() }
    func inboxCounts(brandScope: [String]?, at now: Date) async throws -> InboxCounts {
        try await inner.inboxCounts(brandScope: brandScope, at: now)
    }
    func dailyComplaints(since: Date, utcOffset: Int, brandScope: [String]?) async throws -> [DailyComplaints] {
        try await inner.dailyComplaints(since: since, utcOffset: utcOffset, brandScope: brandScope)
    }
    func erase(_ subject: ErasureSubject, by actor: ChangeActor, at now: Date) async throws -> ErasureResult {
        try await inner.erase(subject, by: actor, at: now)
    }
    func purgeRawInput(olderThan cutoff: Date) async throws -> Int { try await inner.purgeRawInput(olderThan: cutoff) }
    func indexPendingSearchText(limit: Int) async throws -> Int { 0 }
    func statistics() async throws -> StoreStatistics { try await inner.statistics() }
    func enqueue(_ messages: [OutboxMessage], audit: [AuditEvent]) async throws -> [String] {
        try await inner.enqueue(messages, audit: audit)
    }
    func dueOutboxMessages(at now: Date, limit: Int) async throws -> [OutboxMessage] {
        try await inner.dueOutboxMessages(at: now, limit: limit)
    }
    func nextOutboxAttempt() async throws -> Date? { try await inner.nextOutboxAttempt() }
    func recordOutboxDelivery(_ id: String, at now: Date, audit: [AuditEvent]) async throws {
        try await inner.recordOutboxDelivery(id, at: now, audit: audit)
    }
    func recordOutboxFailure(_ id: String, error: String, retryAt: Date?, at now: Date, audit: [AuditEvent]) async throws {
        try await inner.recordOutboxFailure(id, error: error, retryAt: retryAt, at: now, audit: audit)
    }
    func outboxMessage(_ id: String) async throws -> OutboxMessage? { try await inner.outboxMessage(id) }
    func outboxMessages(about mention: MentionID) async throws -> [OutboxMessage] {
        try await inner.outboxMessages(about: mention)
    }
    func outboxCounts() async throws -> OutboxCounts { try await inner.outboxCounts() }
    func pendingRecurrence(limit: Int) async throws -> [RecurrenceInput] { try await inner.pendingRecurrence(limit: limit) }
    func fingerprintMatches(bandKeys: [Int64], limit: Int) async throws -> [FingerprintMatch] {
        try await inner.fingerprintMatches(bandKeys: bandKeys, limit: limit)
    }
    func customerIDs(for evidence: [CustomerEvidence]) async throws -> [CustomerEvidence: String] {
        try await inner.customerIDs(for: evidence)
    }
    func issueRecords(_ ids: [String]) async throws -> [String: IssueRecord] { try await inner.issueRecords(ids) }
    func applyRecurrence(_ updates: [RecurrenceUpdate], at now: Date) async throws {
        try await inner.applyRecurrence(updates, at: now)
    }
    func recurrenceSummaries(of ids: [MentionID]) async throws -> [MentionID: RecurrenceSummary] {
        try await inner.recurrenceSummaries(of: ids)
    }
    func resetRecurrence() async throws { try await inner.resetRecurrence() }
    func issues(_ query: IssueQuery) async throws -> [IssueRecord] { try await inner.issues(query) }
    func customer(_ id: String, mentionLimit: Int) async throws -> CustomerRecord? {
        try await inner.customer(id, mentionLimit: mentionLimit)
    }
    func dailyComplaints(
        by dimension: TrendDimension, since: Date, utcOffset: Int, brandScope: [String]?
    ) async throws -> [DailyCount] {
        try await inner.dailyComplaints(by: dimension, since: since, utcOffset: utcOffset, brandScope: brandScope)
    }
    func issueActivity(since: Date, at now: Date, brandScope: [String]?) async throws -> [IssueActivity] {
        try await inner.issueActivity(since: since, at: now, brandScope: brandScope)
    }
    func mergeCustomer(_ from: String, into: String, by actor: ChangeActor, at now: Date) async throws {
        try await inner.mergeCustomer(from, into: into, by: actor, at: now)
    }
    func splitCustomer(_ id: String, mentions: [MentionID], by actor: ChangeActor, at now: Date) async throws -> String {
        try await inner.splitCustomer(id, mentions: mentions, by: actor, at: now)
    }
    func checkReadable() async throws {}
}
