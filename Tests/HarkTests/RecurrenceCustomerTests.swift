import Foundation
import HarkCore
import HarkRecurrence
import HarkStore
import HarkStoreSQLite
import HarkTesting
import Testing

/// What people and later changes do to recurrence's decisions, through both stores: a merge and
/// a split of customers (audited, kept across a rebuild), and a corrected complaint decided again.
@Suite struct RecurrenceCustomerTests {
    let seeds = RecurrenceEngineTests()
    var start: Date { seeds.start }
    let actor = ChangeActor(name: "token:ops", role: "admin", requestID: "req-1")

    func decided(_ kind: StoreKind) async throws -> (any InboxStore, [String: MentionID]) {
        let (store, ids) = try await seeds.store(kind, RecurrenceEngineTests.seeds)
        while try await RecurrenceEngine(store: store).processPending(at: start) > 0 {}
        return (store, ids)
    }

    func customer(_ store: any InboxStore, _ id: MentionID?) async throws -> String {
        let id = try #require(id)
        return try #require(try await store.recurrenceSummaries(of: [id])[id]?.customer?.id)
    }

    @Test(arguments: StoreKind.allCases)
    func aMergedCustomerKeepsItsMentionsAndEvidenceAcrossARebuild(kind: StoreKind) async throws {
        let (store, ids) = try await decided(kind)
        // The paraphrase came by handle before the handle met Kari's address: two customers.
        let kari = try await customer(store, ids["original"])
        let byHandle = try await customer(store, ids["paraphrase"])
        #expect(kari != byHandle)
        try await store.mergeCustomer(byHandle, into: kari, by: actor, at: start)
        #expect(try await customer(store, ids["paraphrase"]) == kari)
        let merged = try #require(try await store.customer(kari, mentionLimit: 50))
        #expect(merged.mentions.count == 4 && merged.complaints == 3)
        #expect(merged.evidence.contains(CustomerEvidence(kind: .handle, value: "kari_n")))
        #expect(try await store.customer(byHandle, mentionLimit: 50)?.id == kari, "the old id leads to the merged customer")
        let audit = try await store.auditLog(limit: 10).filter { $0.action == "customer.merge" }
        #expect(audit.count == 1 && audit.first?.object == kari && audit.first?.before == byHandle)
        // Merging again, into itself, or with an unknown customer is refused and changes nothing.
        await #expect(throws: HarkError.self) { try await store.mergeCustomer(byHandle, into: kari, by: actor, at: start) }
        await #expect(throws: HarkError.self) { try await store.mergeCustomer(kari, into: kari, by: actor, at: start) }
        await #expect(throws: HarkError.self) {
            try await store.mergeCustomer("cus_000000000000000000000000", into: kari, by: actor, at: start)
        }

        // A rebuild from scratch keeps what a person decided: the handle is Kari's.
        try await store.resetRecurrence()
        let inputs = try await store.pendingRecurrence(limit: 1000)
        let evidence = inputs.flatMap { CustomerEvidence.of(author: $0.author, source: $0.source, channel: $0.channel) }
        let owners = try await store.customerIDs(for: Array(Set(evidence)))
        let rebuilt = await RecurrenceRebuild.run(inputs, owners: owners)
        try await store.applyRecurrence(rebuilt.updates, at: start)
        #expect(try await customer(store, ids["paraphrase"]) == kari)
        #expect(try await customer(store, ids["original"]) == kari)
    }

    @Test(arguments: StoreKind.allCases)
    func aSplitMovesTheMentionsAndTheEvidenceOnlyTheyCarry(kind: StoreKind) async throws {
        let (store, ids) = try await decided(kind)
        let kari = try await customer(store, ids["original"])
        let danish = try #require(ids["danish"])
        // The Danish one carries the address (shared with what stays) and the handle (its own here:
        // the handle's owner is the paraphrase's customer, so nothing of Kari's moves).
        let newID = try await store.splitCustomer(kari, mentions: [danish], by: actor, at: start)
        #expect(newID != kari && newID.hasPrefix("cus_"))
        #expect(try await customer(store, danish) == newID)
        let left = try #require(try await store.customer(kari, mentionLimit: 50))
        #expect(!left.mentions.contains(danish) && left.mentions.count == 2)
        #expect(left.evidence.contains(CustomerEvidence(kind: .address, value: "kari@example.no")), "shared evidence stays")
        let split = try #require(try await store.customer(newID, mentionLimit: 50))
        #expect(split.mentions == [danish])
        // A mention decided again (its category corrected) stays where the person put it.
        _ = try await store.change(
            danish, MentionChange(category: .service), by: actor, at: start, serviceLevels: ServiceLevelPolicy())
        #expect(try await RecurrenceEngine(store: store).processPending(at: start) == 1)
        #expect(try await customer(store, danish) == newID)
        // Refusals: no mentions, a mention not theirs, every mention, an unknown customer.
        await #expect(throws: HarkError.self) { try await store.splitCustomer(kari, mentions: [], by: actor, at: start) }
        await #expect(throws: HarkError.self) { try await store.splitCustomer(kari, mentions: [danish], by: actor, at: start) }
        await #expect(throws: HarkError.self) { try await store.splitCustomer(newID, mentions: [danish], by: actor, at: start) }
        await #expect(throws: HarkError.self) {
            try await store.splitCustomer("cus_000000000000000000000000", mentions: [danish], by: actor, at: start)
        }
        let audit = try await store.auditLog(limit: 20).filter { $0.action == "customer.split" }
        #expect(audit.count == 1 && audit.first?.object == kari && audit.first?.after?.hasPrefix(newID) == true)
    }

    /// A correction puts a mention back before recurrence: it leaves its old issue (dropped when
    /// empty) and joins the one its new category finds; counts follow.
    @Test(arguments: StoreKind.allCases)
    func aCorrectedComplaintIsDecidedAgain(kind: StoreKind) async throws {
        let (store, ids) = try await decided(kind)
        let moved = try #require(ids["sameWordsOtherCategory"])
        let original = try #require(ids["original"])
        let before = try await store.recurrenceSummaries(of: [moved, original])
        let oldIssue = try #require(before[moved]?.issue?.id)
        let issue = try #require(before[original]?.issue)
        #expect(oldIssue != issue.id && issue.occurrences == 3)
        _ = try await store.change(
            moved, MentionChange(category: .billing), by: actor, at: start, serviceLevels: ServiceLevelPolicy())
        #expect(try await store.pendingRecurrence(limit: 10).map(\.mentionID) == [moved])
        #expect(try await RecurrenceEngine(store: store).processPending(at: start) == 1)
        let after = try await store.recurrenceSummaries(of: [moved, original])
        #expect(after[moved]?.issue?.id == issue.id, "the same words, now billing: the billing issue")
        #expect(after[original]?.issue?.occurrences == 4)
        #expect(try await store.issueRecords([oldIssue]).isEmpty, "the delivery issue lost its only complaint")
        // Not a complaint after all: out of the issue, which counts three again.
        _ = try await store.change(
            moved, MentionChange(complaint: false), by: actor, at: start, serviceLevels: ServiceLevelPolicy())
        #expect(try await RecurrenceEngine(store: store).processPending(at: start) == 1)
        let last = try await store.recurrenceSummaries(of: [moved, original])
        #expect(last[moved]?.issue == nil && last[original]?.issue?.occurrences == 3)
        // A change that touches neither (a status) leaves the decision alone.
        _ = try await store.change(
            original, MentionChange(status: .acknowledged), by: actor, at: start, serviceLevels: ServiceLevelPolicy())
        #expect(try await store.pendingRecurrence(limit: 10).isEmpty)
    }
}
