import Foundation
import HarkCore

/// The inbox's storage: what the ingestor, the API and the commands need from a store.
///
/// Implementations: `SQLiteInboxStore` (the embedded default), `PostgresInboxStore` (one inbox
/// shared by several instances) and ``MemoryInboxStore`` (tests). One contract test suite runs against every implementation, so they
/// behave the same; the ingest rules themselves live once, in ``IngestApplier``.
public protocol InboxStore:
    WebSessionStore, InboxStatisticsStore, OutboxStore, RecurrenceStore, RecurrenceReadStore, CustomerLinkStore,
    InsightStore, LeaseStore
{
    /// Commits several batches in **one** transaction (group commit) and returns the receipts of
    /// each batch, in order. Returns only after the commit is durable.
    /// - Throws: ``HarkError`` `.unavailable` when the store cannot commit (disk full, locked,
    ///   closed): nothing of any batch was written.
    func commit(_ batches: [IngestBatch], at now: Date) async throws -> [[IngestReceipt]]

    /// One mention, or `nil`.
    func mention(_ id: MentionID) async throws -> Mention?

    /// A page of mentions, newest first.
    func mentions(_ query: MentionQuery) async throws -> MentionPage

    /// Earlier versions of a mention, oldest first.
    func revisions(of id: MentionID) async throws -> [MentionRevision]

    /// The places within its source a mention was seen (mail folders), first seen first; empty
    /// for a source without places.
    func places(of id: MentionID) async throws -> [MentionPlace]

    /// Replaces the assessment of stored mentions (`hark reassess`): derived data, so no revision
    /// is kept; one audit event records how many changed. Erased mentions are skipped.
    /// - Returns: how many mentions were updated.
    func updateAssessments(_ updates: [(MentionID, Assessment)], actor: String, at now: Date) async throws -> Int

    /// The raw input a mention was made from, while it is kept.
    func rawInput(of id: MentionID) async throws -> RawInput?

    /// The stored state of a source.
    func sourceState(_ source: SourceID) async throws -> SourceState?

    /// Records how a poll of a polled source went (health, next poll, events).
    func recordSourcePoll(_ report: SourcePollReport) async throws

    /// What is known about every source that was ever polled or given state, by id.
    func sourceStatuses(eventsPerSource: Int) async throws -> [SourceStatus]

    /// Quarantine records, newest first.
    func quarantined(_ query: QuarantineQuery) async throws -> [QuarantineRecord]

    /// One quarantine record with its raw bytes.
    func quarantineRecord(_ id: String) async throws -> QuarantineRecord?

    /// Re-processing of a quarantined input produced a mention: stores it (by the usual rules),
    /// points the input's delivery key at it and marks the record retried, in one transaction.
    func resolveQuarantine(
        _ id: String, with item: MentionDraft, assessment: Assessment?, at now: Date
    ) async throws -> IngestReceipt

    /// Appends one audit record. The log is append-only.
    func appendAudit(_ event: AuditEvent) async throws

    /// Audit records, newest first.
    func auditLog(limit: Int) async throws -> [AuditEvent]

    /// Applies a person's change to a mention (``WorkflowApplier``) and its audit records in one
    /// transaction, and returns the mention as it is now.
    /// - Throws: ``HarkError`` `.notFound`, `.conflict` (a transition the workflow does not allow),
    ///   `.invalidInput`.
    func change(
        _ id: MentionID, _ change: MentionChange, by actor: ChangeActor, at now: Date, serviceLevels: ServiceLevelPolicy
    ) async throws -> Mention

    /// Adds a note to a mention (audited). - Throws: ``HarkError`` `.notFound`, `.invalidInput`.
    func addNote(to id: MentionID, text: String, by actor: ChangeActor, at now: Date) async throws -> MentionNote

    /// A mention's notes, oldest first.
    func notes(of id: MentionID) async throws -> [MentionNote]

    /// The audit records about one mention, oldest first.
    func history(of id: MentionID) async throws -> [AuditEvent]

    /// Erases one person's mentions, revisions and raw input. Dedup keys stay (they are hashes),
    /// so a re-delivery remains a duplicate; an audit record says that an erasure happened.
    func erase(_ subject: ErasureSubject, by actor: ChangeActor, at now: Date) async throws -> ErasureResult

    /// Deletes raw input older than `cutoff`; returns how many were deleted.
    func purgeRawInput(olderThan cutoff: Date) async throws -> Int

    /// Adds up to `limit` mentions committed since the last call to the full-text index (stores that
    /// index after the ingest commit); returns how many. Searches see every committed mention
    /// regardless: a search indexes what is pending first.
    func indexPendingSearchText(limit: Int) async throws -> Int

    /// Totals for health and balance checks.
    func statistics() async throws -> StoreStatistics

    /// Throws when the store cannot be read (for `/readyz`).
    func checkReadable() async throws

    /// Gives back memory the store keeps only to go faster (page caches, idle connections); called
    /// when the daemon goes quiet. The next reads and writes fill the caches again.
    func releaseMemory() async

    /// A number that moves whenever this process commits a change to the mentions or to the work
    /// waiting on them (search indexing, recurrence; not the outbox), or nil when the store cannot
    /// tell. Background services skip their once-a-second look for work while it stands still
    /// (see `IdleGate` in HarkDaemon), so an idle daemon does no store work at all.
    var localChangeCount: Int? { get }
}

extension InboxStore {
    public func releaseMemory() async {}
    public var localChangeCount: Int? { nil }
}

/// Totals kept by a store.
public struct StoreStatistics: Sendable, Hashable, Codable {
    public var mentions: Int
    public var quarantined: Int
    public var deliveries: Int

    public init(mentions: Int, quarantined: Int, deliveries: Int) {
        self.mentions = mentions
        self.quarantined = quarantined
        self.deliveries = deliveries
    }
}

/// Whose data to erase.
public enum ErasureSubject: Sendable, Hashable {
    case address(String)
    case handle(String)

    /// The author column an erasure matches (`author_address` or `author_handle`).
    public var column: String {
        switch self {
        case .address: "author_address"
        case .handle: "author_handle"
        }
    }

    /// The value as mentions keep it: cleaned to one line like every ``Author`` field, an address
    /// lower-cased. So an erasure finds what ingestion stored, whatever the request carried.
    public var storedValue: String {
        switch self {
        case .address(let address): TextCleanup.line(address).lowercased()
        case .handle(let handle): TextCleanup.line(handle)
        }
    }
}

/// What an erasure removed.
public struct ErasureResult: Sendable, Hashable, Codable {
    public var mentions: Int
    public var revisions: Int
    public var rawInputs: Int

    public init(mentions: Int, revisions: Int, rawInputs: Int) {
        self.mentions = mentions
        self.revisions = revisions
        self.rawInputs = rawInputs
    }
}

/// A place within a source where a mention was seen (a mail folder).
public struct MentionPlace: Sendable, Hashable, Codable {
    public var source: SourceID
    public var place: String
    public var firstSeenAt: Date

    public init(source: SourceID, place: String, firstSeenAt: Date) {
        self.source = source
        self.place = place
        self.firstSeenAt = firstSeenAt
    }
}
