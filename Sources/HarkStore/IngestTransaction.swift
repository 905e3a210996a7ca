import Foundation
import HarkCore

/// What a delivery key points at.
public struct DeliveryRecord: Sendable, Hashable {
    public var bodyDigest: String
    public var mentionID: MentionID?
    public var quarantineID: String?

    public init(bodyDigest: String, mentionID: MentionID?, quarantineID: String?) {
        self.bodyDigest = bodyDigest
        self.mentionID = mentionID
        self.quarantineID = quarantineID
    }
}

/// The primitive reads and writes of one open store transaction.
///
/// A store implements these over its own storage; ``IngestApplier`` holds the rules (dedup,
/// revisions, conflicts) once for every store. Unique indexes in the store back the rules up.
public protocol IngestTransaction {
    func delivery(_ key: DedupKey) throws -> DeliveryRecord?
    func mentionID(forKey key: DedupKey) throws -> MentionID?
    /// The current content of a stored mention, `nil` when it was erased.
    func currentContent(of id: MentionID) throws -> (draftDigest: String, revision: MentionRevision)?
    mutating func insertMention(_ mention: Mention, contentDigest: String, raw: RawInput) throws
    mutating func reviseMention(
        _ id: MentionID, keeping previous: MentionRevision, with draft: MentionDraft, assessment: Assessment?,
        at now: Date
    ) throws
    mutating func insertMentionKey(_ key: DedupKey, source: SourceID, mention: MentionID, at now: Date) throws
    mutating func insertDelivery(_ key: DedupKey, source: SourceID, record: DeliveryRecord, at now: Date) throws
    /// Records that a mention was seen at `place` of `source` (nothing when already recorded).
    mutating func notePlace(_ place: String, source: SourceID, mention: MentionID, at now: Date) throws
    mutating func insertQuarantine(_ record: QuarantineRecord) throws
    mutating func insertAudit(_ event: AuditEvent) throws
    mutating func putSourceState(_ state: SourceState, for source: SourceID, at now: Date) throws
    /// Adds `message` to the outbox unless a message with its id is there already.
    mutating func enqueueOutbox(_ message: OutboxMessage) throws
}

/// The ingest rules, applied inside one store transaction (DESIGN.md, "the store"; P4, P5).
public enum IngestApplier {
    /// Applies `batch` and returns one receipt per item.
    public static func apply(
        _ batch: IngestBatch, to txn: inout some IngestTransaction, at now: Date
    ) throws -> [IngestReceipt] {
        var receipts: [IngestReceipt] = []
        receipts.reserveCapacity(batch.items.count)
        for item in batch.items {
            switch item {
            case .mention(let draft, let assessment):
                receipts.append(
                    try applyMention(
                        draft, assessment: assessment, serviceLevels: batch.serviceLevels, outboxRules: batch.outboxRules,
                        to: &txn, at: now))
            case .quarantine(let draft):
                receipts.append(try applyQuarantine(draft, to: &txn, at: now))
            }
        }
        if let state = batch.state {
            try txn.putSourceState(state, for: batch.source, at: now)
        }
        return receipts
    }

    static func applyMention(
        _ draft: MentionDraft, assessment: Assessment?, serviceLevels: ServiceLevelPolicy?,
        outboxRules: (any OutboxRules)? = nil, to txn: inout some IngestTransaction, at now: Date
    ) throws -> IngestReceipt {
        if let seen = try txn.delivery(draft.deliveryKey) {
            return try seenBefore(
                seen, bodyDigest: draft.bodyDigest, deliveryKey: draft.deliveryKey, source: draft.source,
                channel: draft.channel, raw: draft.raw, to: &txn, at: now)
        }
        let outcome = try storeOrRevise(
            draft, assessment: assessment, serviceLevels: serviceLevels, outboxRules: outboxRules, to: &txn, at: now)
        if let place = draft.place, let mention = outcome.mentionID {
            try txn.notePlace(place, source: draft.source, mention: mention, at: now)
        }
        try txn.insertDelivery(
            draft.deliveryKey, source: draft.source,
            record: DeliveryRecord(bodyDigest: draft.bodyDigest, mentionID: outcome.mentionID, quarantineID: nil), at: now)
        return outcome
    }

    /// Stores a new mention, or revises / recognises the known mention with the same mention key.
    /// A new mention's outbox messages (``OutboxRules``) are enqueued with it. Does not record the
    /// delivery key.
    public static func storeOrRevise(
        _ draft: MentionDraft, assessment: Assessment?, serviceLevels: ServiceLevelPolicy? = nil,
        outboxRules: (any OutboxRules)? = nil, to txn: inout some IngestTransaction, at now: Date
    ) throws -> IngestReceipt {
        if let known = try txn.mentionID(forKey: draft.mentionKey) {
            guard let current = try txn.currentContent(of: known) else {
                // Erased: the key stays so that a re-delivery does not bring the data back.
                return .duplicate(known)
            }
            if current.draftDigest == draft.contentDigest { return .duplicate(known) }
            try txn.reviseMention(known, keeping: current.revision, with: draft, assessment: assessment, at: now)
            return .revised(known)
        }
        let id = MentionID.generate(at: now)
        var flags = draft.flags
        // The first mention with a claimed identity holds the claim's key; a later, different
        // mention with the same claim is stored too, and flagged.
        var claimsIdentity = false
        if let claim = draft.identityClaim {
            if try txn.mentionID(forKey: claim.key) == nil {
                claimsIdentity = true
            } else if !flags.contains(claim.flag) {
                flags.append(claim.flag)
            }
        }
        var mention = Mention(
            id: id, source: draft.source, channel: draft.channel, externalID: draft.externalID, receivedAt: now,
            publishedAt: draft.publishedAt, author: draft.author, subject: draft.subject, title: draft.title,
            text: draft.text, link: draft.link, assessment: assessment, flags: flags, updatedAt: now)
        mention.workflow = WorkflowApplier.initialTimes(
            assessment: assessment, channel: draft.channel, receivedAt: now, serviceLevels: serviceLevels)
        try txn.insertMention(mention, contentDigest: draft.contentDigest, raw: draft.raw)
        try txn.insertMentionKey(draft.mentionKey, source: draft.source, mention: id, at: now)
        if claimsIdentity, let claim = draft.identityClaim {
            try txn.insertMentionKey(claim.key, source: draft.source, mention: id, at: now)
        }
        for message in outboxRules?.messages(for: mention, from: draft, at: now) ?? [] {
            try txn.enqueueOutbox(message)
        }
        return .stored(id)
    }

    static func applyQuarantine(
        _ draft: QuarantineDraft, to txn: inout some IngestTransaction, at now: Date
    ) throws -> IngestReceipt {
        if let key = draft.deliveryKey, let seen = try txn.delivery(key) {
            return try seenBefore(
                seen, bodyDigest: draft.bodyDigest, deliveryKey: key, source: draft.source, channel: draft.channel,
                raw: draft.raw, to: &txn, at: now)
        }
        let id = try quarantine(draft, to: &txn, at: now)
        if let key = draft.deliveryKey {
            try txn.insertDelivery(
                key, source: draft.source,
                record: DeliveryRecord(bodyDigest: draft.bodyDigest, mentionID: nil, quarantineID: id), at: now)
        }
        return .quarantined(id)
    }

    private static func seenBefore(
        _ seen: DeliveryRecord, bodyDigest: String, deliveryKey: DedupKey, source: SourceID, channel: Channel,
        raw: RawInput, to txn: inout some IngestTransaction, at now: Date
    ) throws -> IngestReceipt {
        if seen.bodyDigest == bodyDigest {
            if let mention = seen.mentionID { return .duplicate(mention) }
            return .duplicateQuarantine(seen.quarantineID ?? "")
        }
        let conflict = QuarantineDraft(
            source: source, channel: channel, reason: "delivery_conflict",
            detail: "a delivery with this id was received before with a different body", deliveryKey: deliveryKey,
            raw: raw)
        let id = try quarantine(conflict, to: &txn, at: now)
        try txn.insertAudit(
            AuditEvent(
                at: now, actor: "source:\(source)", action: "delivery.conflict",
                object: seen.mentionID.map { "mention:\($0)" } ?? "quarantine:\(seen.quarantineID ?? "")",
                after: "quarantine:\(id)", outcome: "quarantined"))
        return .conflict(quarantine: id, original: seen.mentionID)
    }

    private static func quarantine(
        _ draft: QuarantineDraft, to txn: inout some IngestTransaction, at now: Date
    ) throws -> String {
        let id = "q-" + MentionID.generate(at: now).rawValue
        try txn.insertQuarantine(
            QuarantineRecord(
                id: id, source: draft.source, channel: draft.channel, receivedAt: now, reason: draft.reason,
                detail: draft.detail, status: .open, bodyDigest: draft.bodyDigest, raw: draft.raw,
                metadata: draft.metadata, mentionID: nil))
        return id
    }
}

extension IngestReceipt {
    /// The mention the receipt refers to, if any.
    public var mentionID: MentionID? {
        switch self {
        case .stored(let id), .duplicate(let id), .revised(let id): return id
        case .conflict(_, let original): return original
        case .quarantined, .duplicateQuarantine: return nil
        }
    }
}
