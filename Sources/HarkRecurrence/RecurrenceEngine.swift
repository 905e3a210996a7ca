import Foundation
import HarkCore
import HarkStore

/// Takes the mentions waiting for recurrence, in the order they were stored, and decides for
/// each: its fingerprint (indexed in the store under its band keys), its customer (by the
/// strongest evidence already tied to someone, else a new customer), and for a complaint its
/// issue (the most similar earlier complaint's of the same category, else a new one). A batch
/// is written in one transaction; mentions of the same batch see each other.
///
/// Ids are derived, not random: a customer's from the evidence that first named them, an
/// issue's from its first complaint. A batch cut short (a crash) is simply decided again.
public struct RecurrenceEngine: Sendable {
    public let store: any RecurrenceStore
    /// Candidates read from the index per mention.
    public var candidateLimit = 50

    public init(store: any RecurrenceStore) {
        self.store = store
    }

    /// Decides up to `limit` pending mentions. Returns how many were decided.
    @discardableResult
    public func processPending(limit: Int = 500, at now: Date) async throws -> Int {
        let inputs = try await store.pendingRecurrence(limit: limit)
        guard !inputs.isEmpty else { return 0 }
        let evidence = inputs.map { CustomerEvidence.of(author: $0.author, source: $0.source, channel: $0.channel) }
        var owners = try await store.customerIDs(for: Array(Set(evidence.flatMap { $0 })))
        var issues: [String: IssueRecord] = [:]
        var batch: [(keys: Set<Int64>, candidate: IssueMatcher.Candidate<String>)] = []
        var updates: [RecurrenceUpdate] = []
        for (input, evidence) in zip(inputs, evidence) {
            let fingerprint = Fingerprint(text: input.text)
            var update = RecurrenceUpdate(
                mentionID: input.mentionID, fingerprint: fingerprint.isEmpty ? nil : fingerprint.bytes,
                bandKeys: fingerprint.bandKeys)
            if let (customer, basis) = Self.customer(for: evidence, owners: owners) {
                update.customerID = customer
                update.evidence = basis
                update.claims = evidence.filter { owners[$0] == nil }
                for claim in update.claims { owners[claim] = customer }
            }
            if input.complaint, let category = input.category, !fingerprint.isEmpty {
                var issue = try await issueToJoin(
                    fingerprint, category: category, batch: batch, issues: &issues)
                    ?? Self.newIssue(for: input, category: category)
                Self.add(input, to: &issue)
                issues[issue.id] = issue
                update.issue = issue
                batch.append(
                    (Set(fingerprint.bandKeys), IssueMatcher.Candidate(key: issue.id, fingerprint: fingerprint, category: category)))
            }
            updates.append(update)
        }
        // An issue joined twice in one batch is written with its final state.
        for index in updates.indices {
            if let id = updates[index].issue?.id { updates[index].issue = issues[id] }
        }
        try await store.applyRecurrence(updates, at: now)
        return updates.count
    }

    /// The issue of the most similar earlier complaint of the category, from the index and from
    /// the batch so far.
    func issueToJoin(
        _ fingerprint: Fingerprint, category: Category, batch: [(keys: Set<Int64>, candidate: IssueMatcher.Candidate<String>)],
        issues: inout [String: IssueRecord]
    ) async throws -> IssueRecord? {
        let keys = fingerprint.bandKeys
        var candidates: [IssueMatcher.Candidate<String>] = try await store.fingerprintMatches(
            bandKeys: keys, limit: candidateLimit
        ).compactMap { match in
            guard let issue = match.issueID, let stored = Fingerprint(bytes: match.fingerprint) else { return nil }
            return IssueMatcher.Candidate(key: issue, fingerprint: stored, category: match.category)
        }
        candidates += batch.filter { !$0.keys.isDisjoint(with: keys) }.map(\.candidate)
        guard let best = IssueMatcher.best(for: fingerprint, category: category, among: candidates) else { return nil }
        if let known = issues[best.candidate.key] { return known }
        let stored = try await store.issueRecords([best.candidate.key])[best.candidate.key]
        if let stored { issues[stored.id] = stored }
        return stored
    }

    /// The customer the strongest evidence already tied to someone names, else a new customer
    /// named after the strongest evidence; `nil` without evidence.
    static func customer(for evidence: [CustomerEvidence], owners: [CustomerEvidence: String])
        -> (String, CustomerEvidence)?
    {
        if let known = evidence.first(where: { owners[$0] != nil }), let owner = owners[known] { return (owner, known) }
        guard let first = evidence.first else { return nil }
        return (customerID(for: first), first)
    }

    public static func customerID(for evidence: CustomerEvidence) -> String {
        "cus_" + DedupKey.derive("customer", evidence.kind.rawValue, evidence.value).digest.prefix(24)
    }

    static func newIssue(for input: RecurrenceInput, category: Category) -> IssueRecord {
        IssueRecord(
            id: "iss_" + DedupKey.derive("issue", input.mentionID.rawValue).digest.prefix(24), label: "",
            category: category, terms: Data("{\"terms\":[]}".utf8), brands: [], firstSeenAt: input.receivedAt,
            lastSeenAt: input.receivedAt, occurrences: 0)
    }

    /// Counts one more complaint into an issue: occurrences, seen times, brands, words and label.
    static func add(_ input: RecurrenceInput, to issue: inout IssueRecord) {
        issue.occurrences += 1
        issue.firstSeenAt = min(issue.firstSeenAt, input.receivedAt)
        issue.lastSeenAt = max(issue.lastSeenAt, input.receivedAt)
        issue.brands = Array(Set(issue.brands).union(input.brands)).sorted()
        var terms = (try? JSONDecoder().decode(IssueTerms.self, from: issue.terms)) ?? IssueTerms()
        terms.add(text: input.text)
        issue.terms = (try? JSONEncoder().encode(terms)) ?? issue.terms
        issue.label = terms.label
    }
}
