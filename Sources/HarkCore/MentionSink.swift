import Foundation

/// Where sources hand what they received: the seam between the channels and the store.
///
/// A sink commits a batch of drafts (and quarantine records) together with the source's new
/// state in **one transaction** and returns only after that commit; only then may a source
/// acknowledge upstream (answer the webhook, move the IMAP checkpoint, save the feed's ETag).
public protocol MentionSink: Sendable {
    /// Commits `batch` and returns one receipt per item, in order.
    /// - Throws: ``HarkError`` with code `.unavailable` when nothing could be committed; the caller
    ///   must not acknowledge upstream and should retry later.
    func submit(_ batch: IngestBatch) async throws -> [IngestReceipt]

    /// The assessment ``submit(_:)`` would give `draft`, for a channel that prepares many drafts
    /// at once to work it out on its own parallel lanes and hand it in with the draft; `nil` when
    /// the sink stores mentions unassessed.
    func assessment(of draft: MentionDraft) -> Assessment?
}

extension MentionSink {
    public func assessment(of draft: MentionDraft) -> Assessment? { nil }
}

/// One unit of intake: items of one source plus that source's new state, committed together.
public struct IngestBatch: Sendable {
    public var source: SourceID
    public var items: [IngestItem]
    /// The source's new opaque state, stored in the same transaction. `nil` leaves it unchanged.
    public var state: SourceState?
    /// The service levels new complaints are given their response due time by (`nil`: none).
    public var serviceLevels: ServiceLevelPolicy?
    /// The alerts and acknowledgements each new mention brings, enqueued in the same transaction
    /// (`nil`: none).
    public var outboxRules: (any OutboxRules)?

    public init(source: SourceID, items: [IngestItem], state: SourceState? = nil) {
        self.source = source
        self.items = items
        self.state = state
    }
}

/// An input that ends in the store: a mention, or a quarantine record of what could not be parsed.
public enum IngestItem: Sendable {
    case mention(MentionDraft, Assessment?)
    case quarantine(QuarantineDraft)
}

/// What happened to one ingested item.
public enum IngestReceipt: Sendable, Hashable {
    /// A new mention was stored.
    case stored(MentionID)
    /// The delivery, or the mention with the same content, was already stored.
    case duplicate(MentionID)
    /// A known mention arrived with new content: it was updated and the earlier version kept.
    case revised(MentionID)
    /// The same delivery key came with a different body: quarantined, the original unchanged.
    case conflict(quarantine: String, original: MentionID?)
    /// The input was quarantined (raw bytes and reason kept).
    case quarantined(String)
    /// The same quarantined delivery had been quarantined before.
    case duplicateQuarantine(String)
}

extension IngestReceipt {
    /// The receipt as a metric label: `stored`, `revised`, `duplicate` or `quarantined`.
    public var outcomeLabel: String {
        switch self {
        case .stored: "stored"
        case .revised: "revised"
        case .duplicate: "duplicate"
        case .conflict, .quarantined, .duplicateQuarantine: "quarantined"
        }
    }

    /// Every value of ``outcomeLabel``.
    public static let outcomeLabels = ["stored", "revised", "duplicate", "quarantined"]
}

/// An input that could not be made into a mention, kept with its raw bytes and the reason.
public struct QuarantineDraft: Sendable, Hashable {
    public var source: SourceID
    public var channel: Channel
    /// A short machine-readable reason, e.g. `malformed_json`, `missing_text`, `delivery_conflict`.
    public var reason: String
    /// A human-readable detail without personal data.
    public var detail: String
    /// The delivery key of the input, so a retried delivery is not quarantined twice.
    public var deliveryKey: DedupKey?
    /// Digest of the raw bytes.
    public var bodyDigest: String
    public var raw: RawInput
    /// Headers that matter for re-processing (delivery id, event type), never secrets.
    public var metadata: [String: String]

    public init(
        source: SourceID, channel: Channel, reason: String, detail: String, deliveryKey: DedupKey?,
        raw: RawInput, metadata: [String: String] = [:]
    ) {
        self.source = source
        self.channel = channel
        self.reason = TextCleanup.line(reason)
        self.detail = TextCleanup.line(detail)
        self.deliveryKey = deliveryKey
        self.bodyDigest = DedupKey.contentDigest(raw.bytes)
        self.raw = raw
        self.metadata = TextCleanup.lines(metadata)
    }
}

/// A source's opaque, versioned state (IMAP checkpoint, feed validators, seen keys).
///
/// Only the source's own channel reads `payload`; the store keeps it beside the mentions so that
/// both move in one transaction.
public struct SourceState: Sendable, Hashable {
    public var version: Int
    public var payload: Data

    public init(version: Int, payload: Data) {
        self.version = version
        self.payload = payload
    }
}
