import Foundation
import HarkCore
import HarkStore

/// The decisions of one recurrence run, with what it has decided so far kept in memory: the
/// customers named by evidence, the issues touched, and an LSH index of the complaints decided in
/// this run (band key → members). The engine adds the store's index as extra candidates; a
/// rebuild from scratch needs nothing else.
public struct RecurrenceClusterer: Sendable {
    /// A mention's text analysed once: its features, fingerprint and band keys.
    public struct Analysed: Sendable {
        public var features: [TextFeatures.Feature]
        public var fingerprint: Fingerprint
        public var keys: [Int64]

        public init(text: String) {
            features = TextFeatures.analyse(text)
            fingerprint = Fingerprint(features: features)
            keys = fingerprint.bandKeys
        }
    }

    /// Members read per band key (the newest), so a very common band stays cheap.
    public var membersPerKey = 50
    var owners: [CustomerEvidence: String]
    public private(set) var issues: [String: IssueRecord] = [:]
    /// The issues' words, decoded once per run (encoded into the records by ``finalised(_:)``).
    private var terms: [String: IssueTerms] = [:]
    private var index: [Int64: [Int32]] = [:]
    private var members: [IssueMatcher.Candidate<String>] = []

    public init(owners: [CustomerEvidence: String] = [:]) {
        self.owners = owners
    }

    /// The issue a complaint joins, from this run's members and `extra` candidates, or `nil`.
    public func issueToJoin(
        _ fingerprint: Fingerprint, keys: [Int64], category: Category, extra: [IssueMatcher.Candidate<String>] = []
    ) -> String? {
        var candidates = extra
        var seen: Set<Int32> = []
        for key in keys {
            for slot in (index[key] ?? []).suffix(membersPerKey) where seen.insert(slot).inserted {
                candidates.append(members[Int(slot)])
            }
        }
        return IssueMatcher.best(for: fingerprint, category: category, among: candidates)?.candidate.key
    }

    /// Makes an issue known to the run (one read from the store before a complaint joins it).
    public mutating func know(_ issue: IssueRecord) {
        guard issues[issue.id] == nil else { return }
        issues[issue.id] = issue
        terms[issue.id] = (try? JSONDecoder().decode(IssueTerms.self, from: issue.terms)) ?? IssueTerms()
    }

    public func knows(issue id: String) -> Bool { issues[id] != nil }

    /// Records the decision for one mention: its customer and, for a complaint, the issue it
    /// joins (`joining`, known to the run) or starts.
    public mutating func decide(_ input: RecurrenceInput, analysed: Analysed, joining: String?) -> RecurrenceUpdate {
        let fingerprint = analysed.fingerprint
        var update = RecurrenceUpdate(
            mentionID: input.mentionID, fingerprint: fingerprint.isEmpty ? nil : fingerprint.bytes,
            bandKeys: analysed.keys, pendingVersion: input.pendingVersion)
        let evidence = CustomerEvidence.of(author: input.author, source: input.source, channel: input.channel)
        if let known = evidence.first(where: { owners[$0] != nil }), let owner = owners[known] {
            update.customerID = owner
            update.evidence = known
        } else if let first = evidence.first {
            update.customerID = Self.customerID(for: first)
            update.evidence = first
        }
        if let customer = update.customerID {
            update.claims = evidence.filter { owners[$0] == nil }
            for claim in update.claims { owners[claim] = customer }
        }
        if input.complaint, let category = input.category, !fingerprint.isEmpty {
            var issue = joining.flatMap { issues[$0] } ?? Self.newIssue(for: input, category: category)
            var words = terms[issue.id] ?? IssueTerms()
            Self.add(input, analysed.features, to: &issue, words: &words)
            issues[issue.id] = issue
            terms[issue.id] = words
            update.issue = issue
            let slot = Int32(members.count)
            members.append(IssueMatcher.Candidate(key: issue.id, fingerprint: fingerprint, category: category))
            for key in analysed.keys { index[key, default: []].append(slot) }
        }
        return update
    }

    /// Updates carry their issue's final state of the run (an issue joined twice is written once
    /// as it ended).
    public func finalised(_ updates: [RecurrenceUpdate]) -> [RecurrenceUpdate] {
        let encoder = JSONEncoder()
        var encoded: [String: IssueRecord] = [:]
        return updates.map { update in
            var update = update
            if let id = update.issue?.id, var issue = encoded[id] ?? issues[id] {
                if encoded[id] == nil {
                    issue.terms = (try? encoder.encode(terms[id] ?? IssueTerms())) ?? Data()
                    encoded[id] = issue
                }
                update.issue = issue
            }
            return update
        }
    }

    public static func customerID(for evidence: CustomerEvidence) -> String {
        "cus_" + DedupKey.derive("customer", evidence.kind.rawValue, evidence.value).digest.prefix(24)
    }

    /// A new issue's id is its first complaint's and category's: a complaint corrected to another
    /// category starts another issue.
    static func newIssue(for input: RecurrenceInput, category: Category) -> IssueRecord {
        IssueRecord(
            id: "iss_" + DedupKey.derive("issue", input.mentionID.rawValue, category.rawValue).digest.prefix(24), label: "",
            category: category, terms: Data(), brands: [], firstSeenAt: input.receivedAt,
            lastSeenAt: input.receivedAt, occurrences: 0)
    }

    /// Counts one more complaint into an issue: occurrences, seen times, brands, words and label.
    static func add(
        _ input: RecurrenceInput, _ features: [TextFeatures.Feature], to issue: inout IssueRecord, words: inout IssueTerms
    ) {
        issue.occurrences += 1
        issue.firstSeenAt = min(issue.firstSeenAt, input.receivedAt)
        issue.lastSeenAt = max(issue.lastSeenAt, input.receivedAt)
        if !input.brands.allSatisfy(issue.brands.contains) {
            issue.brands = Array(Set(issue.brands).union(input.brands)).sorted()
        }
        words.add(features: features)
        issue.label = words.label
    }
}
