import Foundation
import HarkCore
import Synchronization

/// The memory store's recurrence tables.
struct MemoryRecurrence: Sendable {
    var processed: Set<MentionID> = []
    var fingerprints: [MentionID: [UInt8]] = [:]
    var bands: [Int64: [MentionID]] = [:]
    var evidence: [CustomerEvidence: String] = [:]
    var issues: [String: IssueRecord] = [:]
    var customers: [MentionID: (id: String, evidence: CustomerEvidence.Kind?)] = [:]
    var mentionIssues: [MentionID: String] = [:]
    /// How often each mention changed while pending (``RecurrenceInput/pendingVersion``).
    var versions: [MentionID: Int] = [:]
    /// Evidence people tied to customers (merges, splits): it outlives a reset.
    var manual: Set<CustomerEvidence> = []
    /// Customers merged into another: old id → the customer it became.
    var aliases: [String: String] = [:]

    /// Puts a changed mention back on the pending list when what recurrence decided from changed:
    /// its effective complaint or category (a correction, a reassessment) or its words (a revision).
    mutating func reconsider(_ before: Mention, _ after: Mention) {
        let old = before.effectiveAssessment
        let new = after.effectiveAssessment
        if old?.complaint != new?.complaint || old?.category != new?.category || before.text != after.text
            || before.title != after.title || before.subject != after.subject
        {
            processed.remove(after.id)
            versions[after.id, default: 0] += 1
        }
    }

    /// Recounts issues from their members (an issue left by its last complaint is dropped).
    mutating func recount(_ ids: Set<String>, mentions: [MentionID: StoredMention]) {
        for id in ids {
            let members = mentionIssues.filter { $0.value == id }.compactMap { mentions[$0.key]?.mention.receivedAt }
            guard let first = members.min(), let last = members.max() else {
                issues[id] = nil
                continue
            }
            issues[id]?.occurrences = members.count
            issues[id]?.firstSeenAt = first
            issues[id]?.lastSeenAt = last
        }
    }

    /// Drops an erased mention from every table.
    mutating func forget(_ id: MentionID) {
        processed.remove(id)
        if fingerprints.removeValue(forKey: id) != nil {
            for key in bands.keys { bands[key]?.removeAll { $0 == id } }
        }
        customers[id] = nil
        mentionIssues[id] = nil
        versions[id] = nil
    }
}

extension MemoryInboxStore {
    public func pendingRecurrence(limit: Int) async throws -> [RecurrenceInput] {
        state.withLock { state in
            state.mentions.values.map(\.mention)
                .filter { !state.recurrence.processed.contains($0.id) }
                .sorted { ($0.receivedAt, $0.id.rawValue) < ($1.receivedAt, $1.id.rawValue) }
                .prefix(max(0, limit))
                .map { mention in
                    let assessment = mention.effectiveAssessment
                    return RecurrenceInput(
                        mentionID: mention.id, receivedAt: mention.receivedAt, source: mention.source,
                        channel: mention.channel, author: mention.author,
                        text: [mention.title, mention.subject, mention.text].compactMap { $0 }.joined(separator: "\n"),
                        complaint: assessment?.complaint ?? false, category: assessment?.category,
                        brands: assessment?.brands ?? [], pendingVersion: state.recurrence.versions[mention.id] ?? 0)
                }
        }
    }

    public func fingerprintMatches(bandKeys: [Int64], limit: Int) async throws -> [FingerprintMatch] {
        state.withLock { state in
            var hits: [MentionID: Int] = [:]
            for key in Set(bandKeys) {
                for id in state.recurrence.bands[key] ?? [] { hits[id, default: 0] += 1 }
            }
            return hits.sorted { ($1.value, $1.key.rawValue) < ($0.value, $0.key.rawValue) }
                .prefix(max(0, limit))
                .compactMap { id, count -> FingerprintMatch? in
                    guard let bytes = state.recurrence.fingerprints[id], let mention = state.mentions[id]?.mention else {
                        return nil
                    }
                    return FingerprintMatch(
                        mentionID: id, fingerprint: bytes, issueID: state.recurrence.mentionIssues[id],
                        category: mention.effectiveAssessment?.category, bandHits: count)
                }
        }
    }

    public func customerIDs(for evidence: [CustomerEvidence]) async throws -> [CustomerEvidence: String] {
        state.withLock { state in
            var found: [CustomerEvidence: String] = [:]
            for item in evidence { found[item] = state.recurrence.evidence[item] }
            return found
        }
    }

    public func issueRecords(_ ids: [String]) async throws -> [String: IssueRecord] {
        state.withLock { state in
            var found: [String: IssueRecord] = [:]
            for id in ids { found[id] = state.recurrence.issues[id] }
            return found
        }
    }

    public func applyRecurrence(_ updates: [RecurrenceUpdate], at now: Date) async throws {
        state.withLock { state in
            var touched: Set<String> = []
            for update in updates where state.mentions[update.mentionID] != nil {
                let id = update.mentionID
                // Decided again (after a correction or a revision): out of its old issue and bands.
                if let old = state.recurrence.mentionIssues.removeValue(forKey: id) { touched.insert(old) }
                if state.recurrence.fingerprints.removeValue(forKey: id) != nil {
                    for key in state.recurrence.bands.keys { state.recurrence.bands[key]?.removeAll { $0 == id } }
                }
                if let customer = update.customerID.map({ state.recurrence.aliases[$0] ?? $0 }) {
                    for claim in update.claims where state.recurrence.evidence[claim] == nil {
                        state.recurrence.evidence[claim] = customer
                    }
                    // A mention decided again keeps its customer: a person may have put it there (a split).
                    if state.recurrence.customers[id] == nil {
                        state.recurrence.customers[id] = (customer, update.evidence?.kind)
                    }
                }
                if let issue = update.issue {
                    state.recurrence.issues[issue.id] = issue
                    state.recurrence.mentionIssues[id] = issue.id
                    touched.insert(issue.id)
                }
                if let fingerprint = update.fingerprint { state.recurrence.fingerprints[id] = fingerprint }
                for key in update.bandKeys where !(state.recurrence.bands[key] ?? []).contains(id) {
                    state.recurrence.bands[key, default: []].append(id)
                }
                if update.pendingVersion == state.recurrence.versions[id] ?? 0 { state.recurrence.processed.insert(id) }
            }
            state.recurrence.recount(touched, mentions: state.mentions)
        }
    }

    public func recurrenceSummaries(of ids: [MentionID]) async throws -> [MentionID: RecurrenceSummary] {
        state.withLock { state in
            var summaries: [MentionID: RecurrenceSummary] = [:]
            for id in ids {
                guard let mention = state.mentions[id]?.mention else { continue }
                var summary = RecurrenceSummary()
                if let customer = state.recurrence.customers[id] {
                    let prior = state.recurrence.customers.filter { other in
                        guard other.value.id == customer.id, let earlier = state.mentions[other.key]?.mention else { return false }
                        return earlier.receivedAt < mention.receivedAt && earlier.effectiveAssessment?.complaint == true
                    }.compactMap { state.mentions[$0.key]?.mention.receivedAt }
                    summary.customer = .init(
                        id: customer.id, priorComplaints: prior.count, lastComplaintAt: prior.max(),
                        evidence: customer.evidence)
                }
                if let issueID = state.recurrence.mentionIssues[id], let issue = state.recurrence.issues[issueID] {
                    summary.issue = .init(
                        id: issue.id, label: issue.label, occurrences: issue.occurrences, firstSeenAt: issue.firstSeenAt)
                }
                if summary.customer != nil || summary.issue != nil { summaries[id] = summary }
            }
            return summaries
        }
    }

    public func resetRecurrence() async throws {
        state.withLock { state in
            let kept = state.recurrence.evidence.filter { state.recurrence.manual.contains($0.key) }
            let aliases = state.recurrence.aliases.filter { Set(kept.values).contains($0.value) }
            state.recurrence = MemoryRecurrence()
            state.recurrence.evidence = kept
            state.recurrence.manual = Set(kept.keys)
            state.recurrence.aliases = aliases
        }
    }
}

extension MemoryInboxStore {
    public func issues(_ query: IssueQuery) async throws -> [IssueRecord] {
        state.withLock { state in
            state.recurrence.issues.values.filter { issue in
                issue.occurrences >= query.minimumOccurrences && (query.category.map { $0 == issue.category } ?? true)
                    && issue.isWithin(query.brandScope)
            }.sorted { a, b in
                switch query.order {
                case .occurrences:
                    return (a.occurrences, a.lastSeenAt, b.id) > (b.occurrences, b.lastSeenAt, a.id)
                case .recent:
                    return (a.lastSeenAt, b.id) > (b.lastSeenAt, a.id)
                }
            }.prefix(query.limit).map { $0 }
        }
    }

    public func customer(_ id: String, mentionLimit: Int) async throws -> CustomerRecord? {
        state.withLock { state in
            let id = state.recurrence.aliases[id] ?? id
            let owned = state.recurrence.customers.filter { $0.value.id == id }.compactMap { state.mentions[$0.key]?.mention }
            let evidence = state.recurrence.evidence.filter { $0.value == id }.map(\.key)
            guard !owned.isEmpty || !evidence.isEmpty else { return nil }
            let newest = owned.sorted { ($0.receivedAt, $0.id.rawValue) > ($1.receivedAt, $1.id.rawValue) }
            return CustomerRecord(
                id: id, evidence: evidence.sorted { ($0.kind.rawValue, $0.value) < ($1.kind.rawValue, $1.value) },
                mentions: newest.prefix(max(0, mentionLimit)).map(\.id),
                complaints: owned.filter { $0.effectiveAssessment?.complaint == true }.count,
                firstSeenAt: owned.map(\.receivedAt).min(), lastSeenAt: owned.map(\.receivedAt).max())
        }
    }
}
