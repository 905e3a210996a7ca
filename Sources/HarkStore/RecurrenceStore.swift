import Foundation
import HarkCore

/// A stored mention as recurrence needs it: who wrote it, what it says, what it is.
public struct RecurrenceInput: Sendable, Hashable {
    public var mentionID: MentionID
    public var receivedAt: Date
    public var source: SourceID
    public var channel: Channel
    public var author: Author
    /// Title, subject and text, joined.
    public var text: String
    /// The effective assessment (a correction wins); `false`/`nil` while unassessed.
    public var complaint: Bool
    public var category: Category?
    public var brands: [String]
    /// How often the mention changed while pending: a decision for an older version leaves it
    /// pending (the store's, carried through to ``RecurrenceUpdate/pendingVersion``).
    public var pendingVersion: Int

    public init(
        mentionID: MentionID, receivedAt: Date, source: SourceID, channel: Channel, author: Author, text: String,
        complaint: Bool, category: Category?, brands: [String], pendingVersion: Int = 0
    ) {
        self.pendingVersion = pendingVersion
        self.mentionID = mentionID
        self.receivedAt = receivedAt
        self.source = source
        self.channel = channel
        self.author = author
        self.text = text
        self.complaint = complaint
        self.category = category
        self.brands = brands
    }
}

/// An earlier mention that shares at least one band key with a fingerprint.
public struct FingerprintMatch: Sendable, Hashable {
    public var mentionID: MentionID
    /// The stored fingerprint's bytes.
    public var fingerprint: [UInt8]
    public var issueID: String?
    public var category: Category?
    /// How many of the asked band keys it shares.
    public var bandHits: Int

    public init(mentionID: MentionID, fingerprint: [UInt8], issueID: String?, category: Category?, bandHits: Int) {
        self.mentionID = mentionID
        self.fingerprint = fingerprint
        self.issueID = issueID
        self.category = category
        self.bandHits = bandHits
    }
}

/// A recurring problem: similar complaints of one category.
public struct IssueRecord: Sendable, Hashable {
    public var id: String
    public var label: String
    public var category: Category?
    /// The characteristic words as JSON (HarkRecurrence's `IssueTerms`).
    public var terms: Data
    public var brands: [String]
    public var firstSeenAt: Date
    public var lastSeenAt: Date
    public var occurrences: Int

    public init(
        id: String, label: String, category: Category?, terms: Data, brands: [String], firstSeenAt: Date,
        lastSeenAt: Date, occurrences: Int
    ) {
        self.id = id
        self.label = label
        self.category = category
        self.terms = terms
        self.brands = brands
        self.firstSeenAt = firstSeenAt
        self.lastSeenAt = lastSeenAt
        self.occurrences = occurrences
    }
}

extension IssueRecord {
    /// Whether a token limited to `scope` (`nil`: every brand) sees the issue: one of its brands.
    public func isWithin(_ scope: [String]?) -> Bool {
        scope.map { scope in brands.contains(where: scope.contains) } ?? true
    }
}

/// What recurrence decided for one mention, written in one transaction with the others of its batch.
public struct RecurrenceUpdate: Sendable, Hashable {
    public var mentionID: MentionID
    /// `nil` for a text without features (nothing to index).
    public var fingerprint: [UInt8]?
    public var bandKeys: [Int64]
    /// The issue as it is after this mention joined or started it; `nil` when not a complaint.
    public var issue: IssueRecord?
    public var customerID: String?
    /// The evidence the link rests on.
    public var evidence: CustomerEvidence?
    /// Evidence not yet tied to anyone, now tied to `customerID`.
    public var claims: [CustomerEvidence]
    /// The ``RecurrenceInput/pendingVersion`` decided from.
    public var pendingVersion: Int

    public init(
        mentionID: MentionID, fingerprint: [UInt8]?, bandKeys: [Int64], issue: IssueRecord? = nil,
        customerID: String? = nil, evidence: CustomerEvidence? = nil, claims: [CustomerEvidence] = [],
        pendingVersion: Int = 0
    ) {
        self.pendingVersion = pendingVersion
        self.mentionID = mentionID
        self.fingerprint = fingerprint
        self.bandKeys = bandKeys
        self.issue = issue
        self.customerID = customerID
        self.evidence = evidence
        self.claims = claims
    }
}

/// A mention's place in its customer's history and in its issue (`customer` and `issue` in its JSON).
public struct RecurrenceSummary: Sendable, Hashable {
    public struct Customer: Sendable, Hashable {
        public var id: String
        /// Complaints by the same customer received before this mention.
        public var priorComplaints: Int
        public var lastComplaintAt: Date?
        public var evidence: CustomerEvidence.Kind?

        public init(id: String, priorComplaints: Int, lastComplaintAt: Date?, evidence: CustomerEvidence.Kind?) {
            self.id = id
            self.priorComplaints = priorComplaints
            self.lastComplaintAt = lastComplaintAt
            self.evidence = evidence
        }
    }

    public struct Issue: Sendable, Hashable {
        public var id: String
        public var label: String
        public var occurrences: Int
        public var firstSeenAt: Date

        public init(id: String, label: String, occurrences: Int, firstSeenAt: Date) {
            self.id = id
            self.label = label
            self.occurrences = occurrences
            self.firstSeenAt = firstSeenAt
        }
    }

    public var customer: Customer?
    public var issue: Issue?

    public init(customer: Customer? = nil, issue: Issue? = nil) {
        self.customer = customer
        self.issue = issue
    }
}

/// The store side of recurrence: mentions waiting for it, the similarity index (LSH band keys),
/// customers by evidence, issues.
public protocol RecurrenceStore: Sendable {
    /// Mentions not yet through recurrence, oldest first.
    func pendingRecurrence(limit: Int) async throws -> [RecurrenceInput]
    /// Earlier fingerprinted mentions sharing a band key, most shared keys first.
    func fingerprintMatches(bandKeys: [Int64], limit: Int) async throws -> [FingerprintMatch]
    /// The customers the evidence is tied to already.
    func customerIDs(for evidence: [CustomerEvidence]) async throws -> [CustomerEvidence: String]
    /// Issues by id.
    func issueRecords(_ ids: [String]) async throws -> [String: IssueRecord]
    /// Writes a batch of decisions and takes the mentions off the pending list, in one transaction.
    /// A mention decided again leaves its old issue and index entries; the issues touched are
    /// recounted from their members (one left empty goes). A mention that changed since it was read
    /// stays pending. A customer merged meanwhile is written as the customer it became.
    func applyRecurrence(_ updates: [RecurrenceUpdate], at now: Date) async throws
    /// The `customer` and `issue` of each mention that has them.
    func recurrenceSummaries(of ids: [MentionID]) async throws -> [MentionID: RecurrenceSummary]
    /// Forgets every decision (customers, evidence, issues, the index) and puts every mention back
    /// on the pending list, in one transaction: recurrence from scratch. What people decided stays:
    /// evidence tied by a merge or a split, with its customers.
    func resetRecurrence() async throws
}

/// Which issues to list, and in what order.
public struct IssueQuery: Sendable, Hashable {
    public enum Order: String, Sendable, CaseIterable {
        /// Most complaints first.
        case occurrences
        /// Most recently seen first.
        case recent
    }

    public var order: Order
    /// Only issues with at least this many complaints.
    public var minimumOccurrences: Int
    public var category: Category?
    /// As ``MentionQuery/brandScope``: `nil` for all, else issues of these brands only.
    public var brandScope: [String]?
    public var limit: Int

    public init(
        order: Order = .occurrences, minimumOccurrences: Int = 1, category: Category? = nil, brandScope: [String]? = nil,
        limit: Int = 50
    ) {
        self.order = order
        self.minimumOccurrences = minimumOccurrences
        self.category = category
        self.brandScope = brandScope
        self.limit = min(max(limit, 1), 200)
    }
}

/// A customer as the API shows them: the evidence tied to them and their mentions, newest first.
public struct CustomerRecord: Sendable, Hashable {
    public var id: String
    public var evidence: [CustomerEvidence]
    public var mentions: [MentionID]
    public var complaints: Int
    public var firstSeenAt: Date?
    public var lastSeenAt: Date?

    public init(
        id: String, evidence: [CustomerEvidence], mentions: [MentionID], complaints: Int, firstSeenAt: Date?,
        lastSeenAt: Date?
    ) {
        self.id = id
        self.evidence = evidence
        self.mentions = mentions
        self.complaints = complaints
        self.firstSeenAt = firstSeenAt
        self.lastSeenAt = lastSeenAt
    }
}

/// Reading issues and customers.
public protocol RecurrenceReadStore: Sendable {
    func issues(_ query: IssueQuery) async throws -> [IssueRecord]
    /// A customer with up to `mentionLimit` mentions (newest first), or `nil`.
    func customer(_ id: String, mentionLimit: Int) async throws -> CustomerRecord?
}
