import Foundation
import HarkCore
import Synchronization

/// An in-memory twin of the SQLite store, for tests. Same rules, same contract tests.
///
/// A commit applies to a copy of the state and swaps it in, so a failing batch leaves nothing.
public final class MemoryInboxStore: InboxStore {
    let state = Mutex(MemoryState())
    /// When set, every commit fails with `.unavailable` (to test 503 paths).
    let failing = Mutex(false)

    public init() {}

    /// Makes commits fail (or succeed again), as a full disk would.
    public func setFailing(_ value: Bool) {
        failing.withLock { $0 = value }
    }

    public func commit(_ batches: [IngestBatch], at now: Date) async throws -> [[IngestReceipt]] {
        if failing.withLock({ $0 }) { throw HarkError(.unavailable, "the store is set to fail") }
        return try state.withLock { current in
            var copy = current
            let receipts = try batches.map { try IngestApplier.apply($0, to: &copy, at: now) }
            current = copy
            return receipts
        }
    }

    public func mention(_ id: MentionID) async throws -> Mention? {
        state.withLock { $0.mentions[id]?.mention }
    }

    public func mentions(_ query: MentionQuery) async throws -> MentionPage {
        guard !query.namesNothing else { return MentionPage(items: [], nextCursor: nil) }
        return state.withLock { state in
            var items = state.mentions.values.map(\.mention).filter(query.matches)
            if let customer = query.customerID.map({ state.recurrence.aliases[$0] ?? $0 }) {
                items = items.filter { state.recurrence.customers[$0.id]?.id == customer }
            }
            if let issue = query.issueID { items = items.filter { state.recurrence.mentionIssues[$0.id] == issue } }
            if let after = query.after { items = items.filter { $0.id < after } }
            items.sort { $0.id > $1.id }
            let page = Array(items.prefix(query.limit))
            let next = items.count > query.limit ? page.last?.id : nil
            return MentionPage(items: page, nextCursor: next)
        }
    }

    public func revisions(of id: MentionID) async throws -> [MentionRevision] {
        state.withLock { $0.mentions[id]?.revisions ?? [] }
    }

    public func updateAssessments(_ updates: [(MentionID, Assessment)], actor: String, at now: Date) async throws -> Int {
        state.withLock { state in
            var count = 0
            for (id, assessment) in updates {
                guard let before = state.mentions[id]?.mention else { continue }
                state.mentions[id]?.mention.assessment = assessment
                if let after = state.mentions[id]?.mention { state.recurrence.reconsider(before, after) }
                count += 1
            }
            state.audit.append(
                AuditEvent(
                    at: now, actor: actor, action: "reassess", object: "mentions", after: "updated=\(count)",
                    outcome: "ok", sequence: Int64(state.audit.count + 1)))
            return count
        }
    }

    public func places(of id: MentionID) async throws -> [MentionPlace] {
        state.withLock { $0.mentions[id]?.places ?? [] }
    }

    public func rawInput(of id: MentionID) async throws -> RawInput? {
        state.withLock { $0.mentions[id]?.raw }
    }

    public func sourceState(_ source: SourceID) async throws -> SourceState? {
        state.withLock { $0.sourceStates[source] }
    }

    public func recordSourcePoll(_ report: SourcePollReport) async throws {
        if failing.withLock({ $0 }) { throw HarkError(.unavailable, "the store is set to fail") }
        state.withLock { state in
            var status = state.sourceStatuses[report.source] ?? SourceStatus(source: report.source)
            status.apply(report)
            state.sourceStatuses[report.source] = status
            state.sourceEvents[report.source, default: []].append(contentsOf: report.events)
        }
    }

    public func sourceStatuses(eventsPerSource: Int) async throws -> [SourceStatus] {
        state.withLock { state in
            let ids = Set(state.sourceStatuses.keys).union(state.sourceStates.keys)
            return ids.sorted().map { id in
                var status = state.sourceStatuses[id] ?? SourceStatus(source: id)
                status.recentEvents = Array((state.sourceEvents[id] ?? []).reversed().prefix(eventsPerSource))
                return status
            }
        }
    }

    public func quarantined(_ query: QuarantineQuery) async throws -> [QuarantineRecord] {
        state.withLock { state in
            state.quarantine.values
                .filter { query.source == nil || $0.source == query.source }
                .filter { query.status == nil || $0.status == query.status }
                .sorted { $0.id > $1.id }
                .prefix(query.limit)
                .map { $0 }
        }
    }

    public func quarantineRecord(_ id: String) async throws -> QuarantineRecord? {
        state.withLock { $0.quarantine[id] }
    }

    public func resolveQuarantine(
        _ id: String, with item: MentionDraft, assessment: Assessment?, at now: Date
    ) async throws -> IngestReceipt {
        try state.withLock { current in
            guard var record = current.quarantine[id] else {
                throw HarkError(.notFound, "no quarantine record \(id)")
            }
            var copy = current
            let receipt = try IngestApplier.storeOrRevise(item, assessment: assessment, to: &copy, at: now)
            record.status = .retried
            record.mentionID = receipt.mentionID
            copy.quarantine[id] = record
            if let key = copy.deliveries.first(where: { $0.value.quarantineID == id })?.key {
                copy.deliveries[key]?.mentionID = receipt.mentionID
            }
            copy.audit.append(
                AuditEvent(
                    at: now, actor: "system", action: "quarantine.retry", object: "quarantine:\(id)",
                    after: receipt.mentionID.map { "mention:\($0)" }, sequence: Int64(copy.audit.count + 1)))
            current = copy
            return receipt
        }
    }

    public func appendAudit(_ event: AuditEvent) async throws {
        state.withLock { state in
            var event = event
            event.sequence = Int64(state.audit.count + 1)
            state.audit.append(event)
        }
    }

    public func auditLog(limit: Int) async throws -> [AuditEvent] {
        state.withLock { Array($0.audit.reversed().prefix(limit)) }
    }

    public func erase(_ subject: ErasureSubject, by actor: ChangeActor, at now: Date) async throws -> ErasureResult {
        state.withLock { state in
            let victims = state.mentions.values.filter { stored in
                switch subject {
                case .address: return stored.mention.author.address == subject.storedValue
                case .handle: return stored.mention.author.handle == subject.storedValue
                }
            }
            var result = ErasureResult(mentions: 0, revisions: 0, rawInputs: 0)
            let customers = Set(victims.compactMap { state.recurrence.customers[$0.mention.id]?.id })
            state.recurrence.evidence[CustomerEvidence.erased(by: subject)] = nil
            for victim in victims {
                result.mentions += 1
                result.revisions += victim.revisions.count
                if victim.raw != nil { result.rawInputs += 1 }
                state.mentions[victim.mention.id] = nil
                state.outbox = state.outbox.filter { $0.value.mentionID != victim.mention.id }
            }
            let issues = Set(victims.compactMap { state.recurrence.mentionIssues[$0.mention.id] })
            for victim in victims { state.recurrence.forget(victim.mention.id) }
            state.recurrence.recount(issues, mentions: state.mentions)
            for customer in customers where !state.recurrence.customers.values.contains(where: { $0.id == customer }) {
                state.recurrence.evidence = state.recurrence.evidence.filter { $0.value != customer }
            }
            state.audit.append(
                AuditEvent(
                    at: now, actor: actor.name, role: actor.role, action: "erase", object: "person",
                    after: "mentions=\(result.mentions) revisions=\(result.revisions) raw=\(result.rawInputs)",
                    requestID: actor.requestID, sourceIP: actor.sourceIP, sequence: Int64(state.audit.count + 1)))
            return result
        }
    }

    public func purgeRawInput(olderThan cutoff: Date) async throws -> Int {
        state.withLock { state in
            var count = 0
            for (id, stored) in state.mentions where stored.raw != nil && stored.mention.receivedAt < cutoff {
                state.mentions[id]?.raw = nil
                count += 1
            }
            return count
        }
    }

    public func indexPendingSearchText(limit: Int) async throws -> Int { 0 }

    public func statistics() async throws -> StoreStatistics {
        state.withLock {
            StoreStatistics(
                mentions: $0.mentions.count, quarantined: $0.quarantine.count, deliveries: $0.deliveries.count)
        }
    }

    public func checkReadable() async throws {}
}

struct StoredMention: Sendable {
    var mention: Mention
    var contentDigest: String
    var raw: RawInput?
    var revisions: [MentionRevision]
    var places: [MentionPlace] = []
    var notes: [MentionNote] = []
}

struct MemoryState: Sendable {
    var mentions: [MentionID: StoredMention] = [:]
    var mentionKeys: [DedupKey: MentionID] = [:]
    var deliveries: [DedupKey: DeliveryRecord] = [:]
    var quarantine: [String: QuarantineRecord] = [:]
    var sourceStates: [SourceID: SourceState] = [:]
    var sourceStatuses: [SourceID: SourceStatus] = [:]
    var sourceEvents: [SourceID: [SourceEvent]] = [:]
    var audit: [AuditEvent] = []
    var sessions: [String: WebSession] = [:]
    var leases: [String: LeaseRecord] = [:]
    var outbox: [String: OutboxMessage] = [:]
    var recurrence = MemoryRecurrence()
}

extension MemoryState: IngestTransaction {
    func delivery(_ key: DedupKey) throws -> DeliveryRecord? { deliveries[key] }

    func mentionID(forKey key: DedupKey) throws -> MentionID? { mentionKeys[key] }

    func currentContent(of id: MentionID) throws -> (draftDigest: String, revision: MentionRevision)? {
        guard let stored = mentions[id] else { return nil }
        let mention = stored.mention
        return (
            stored.contentDigest,
            MentionRevision(
                revision: mention.revisions + 1, capturedAt: mention.updatedAt, subject: mention.subject,
                title: mention.title, text: mention.text, link: mention.link, author: mention.author)
        )
    }

    mutating func insertMention(_ mention: Mention, contentDigest: String, raw: RawInput) throws {
        mentions[mention.id] = StoredMention(mention: mention, contentDigest: contentDigest, raw: raw, revisions: [])
    }

    mutating func reviseMention(
        _ id: MentionID, keeping previous: MentionRevision, with draft: MentionDraft, assessment: Assessment?,
        at now: Date
    ) throws {
        guard var stored = mentions[id] else { return }
        let before = stored.mention
        stored.revisions.append(previous)
        stored.mention.apply(draft, assessment: assessment, at: now)
        recurrence.reconsider(before, stored.mention)
        stored.mention.revisions = stored.revisions.count
        stored.contentDigest = draft.contentDigest
        stored.raw = draft.raw
        mentions[id] = stored
    }

    mutating func insertMentionKey(_ key: DedupKey, source: SourceID, mention: MentionID, at now: Date) throws {
        mentionKeys[key] = mention
    }

    mutating func insertDelivery(_ key: DedupKey, source: SourceID, record: DeliveryRecord, at now: Date) throws {
        deliveries[key] = record
    }

    mutating func notePlace(_ place: String, source: SourceID, mention: MentionID, at now: Date) throws {
        guard var stored = mentions[mention], !stored.places.contains(where: { $0.source == source && $0.place == place })
        else { return }
        stored.places.append(MentionPlace(source: source, place: place, firstSeenAt: now))
        mentions[mention] = stored
    }

    mutating func insertQuarantine(_ record: QuarantineRecord) throws {
        quarantine[record.id] = record
    }

    mutating func insertAudit(_ event: AuditEvent) throws {
        var event = event
        event.sequence = Int64(audit.count + 1)
        audit.append(event)
    }

    mutating func putSourceState(_ state: SourceState, for source: SourceID, at now: Date) throws {
        sourceStates[source] = state
    }

    mutating func enqueueOutbox(_ message: OutboxMessage) throws {
        if outbox[message.id] == nil { outbox[message.id] = message }
    }
}

extension Mention {
    /// Takes the content of a newer version of the same mention. Workflow fields stay.
    public mutating func apply(_ draft: MentionDraft, assessment: Assessment?, at now: Date) {
        externalID = draft.externalID ?? externalID
        publishedAt = draft.publishedAt ?? publishedAt
        author = draft.author
        subject = draft.subject
        title = draft.title
        text = draft.text
        link = draft.link
        if let assessment { self.assessment = assessment }
        flags = Array(Set(flags).union(draft.flags)).sorted()
        updatedAt = now
    }
}
