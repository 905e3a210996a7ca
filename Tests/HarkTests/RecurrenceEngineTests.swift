import Foundation
import HarkCore
import HarkRecurrence
import HarkStore
import HarkStoreSQLite
import HarkTesting
import Testing

/// The recurrence engine through both stores: similar complaints form one issue across
/// channels and spelling, unrelated ones do not, a customer is the same across channels by
/// address or handle, and each mention says how often its customer complained before.
@Suite struct RecurrenceEngineTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    struct Seed {
        var name: String
        var text: String
        var category: Category? = .billing
        var address: String? = nil
        var handle: String? = nil
        var source = "forms"
    }

    /// Stores the seeds an hour apart, each as a complaint of its category (none: not a complaint).
    func store(_ kind: StoreKind, _ seeds: [Seed]) async throws -> (any InboxStore, [String: MentionID]) {
        let store = try await kind.make()
        var ids: [String: MentionID] = [:]
        for (index, seed) in seeds.enumerated() {
            let draft = Fixtures.webhookDraft(
                source: seed.source, delivery: seed.name, externalID: seed.name, text: seed.text, address: seed.address,
                handle: seed.handle)
            let assessment = seed.category.map {
                Assessment(language: "no", complaint: true, severity: .dissatisfied, category: $0, brands: ["Nordlys Energi"])
            }
            let batch = IngestBatch(source: draft.source, items: [.mention(draft, assessment)])
            let receipt = try await store.commit([batch], at: start.addingTimeInterval(Double(index) * 3600))
            guard case .stored(let id) = try #require(receipt.first?.first) else { throw TestingError("\(seed.name) not stored") }
            ids[seed.name] = id
        }
        return (store, ids)
    }

    static let seeds = [
        Seed(name: "original", text: RecurrenceUnitTests.original, address: "kari@example.no"),
        Seed(name: "unrelated", text: RecurrenceUnitTests.unrelated, category: .service, address: "ola@example.no"),
        Seed(name: "paraphrase", text: RecurrenceUnitTests.paraphrase, handle: "@kari_n", source: "open"),
        Seed(name: "danish", text: RecurrenceUnitTests.danish, address: "KARI@example.no", handle: "kari_n"),
        Seed(name: "praise", text: "Takk for rask hjelp med fakturaen, Nordlys Energi!", category: nil, address: "kari@example.no"),
        Seed(name: "sameWordsOtherCategory", text: RecurrenceUnitTests.original, category: .delivery),
    ]

    @Test(arguments: StoreKind.allCases, [1, 500])
    func similarComplaintsFormOneIssueAndCustomersMeetAcrossChannels(kind: StoreKind, batch: Int) async throws {
        let (store, ids) = try await store(kind, Self.seeds)
        let engine = RecurrenceEngine(store: store)
        var decided = 0
        while case let count = try await engine.processPending(limit: batch, at: start), count > 0 { decided += count }
        #expect(decided == Self.seeds.count)
        #expect(try await store.pendingRecurrence(limit: 10).isEmpty)

        let summaries = try await store.recurrenceSummaries(of: Array(ids.values))
        func summary(_ name: String) throws -> RecurrenceSummary {
            let id = try #require(ids[name])
            return try #require(summaries[id], "\(name)")
        }
        let issue = try #require(try summary("original").issue)
        #expect(try summary("paraphrase").issue?.id == issue.id, "a light paraphrase joins the issue")
        #expect(try summary("danish").issue?.id == issue.id, "the Danish spelling joins it too")
        #expect(try summary("danish").issue?.occurrences == 3)
        #expect(try summary("unrelated").issue?.id != issue.id)
        #expect(try summary("sameWordsOtherCategory").issue?.id != issue.id, "an issue is one category")
        #expect(try summary("praise").issue == nil, "praise is no issue")
        #expect(!issue.label.isEmpty)

        // Kari: by address in the first, by handle on another source, by both (address in capitals).
        let kari = try #require(try summary("original").customer)
        #expect(kari.evidence == .address && kari.priorComplaints == 0)
        let paraphrase = try #require(try summary("paraphrase").customer)
        let danish = try #require(try summary("danish").customer)
        #expect(danish.id == kari.id, "the address names Kari")
        #expect(danish.priorComplaints == 1 && danish.lastComplaintAt == start, "\(danish)")
        // The paraphrase came by handle before any mention tied the handle to Kari's address.
        #expect(paraphrase.evidence == .handle)
        #expect(try summary("praise").customer?.id == kari.id)
        #expect(try summary("praise").customer?.priorComplaints == 2, "the original and the Danish one")
        #expect(try summary("unrelated").customer?.id != kari.id)
        #expect(try summary("sameWordsOtherCategory").customer == nil, "no evidence, no customer")
    }

    /// Deciding again (a batch cut short by a crash) gives the same ids.
    @Test(arguments: StoreKind.allCases)
    func idsAreDerivedSoARerunAgrees(kind: StoreKind) async throws {
        let (first, firstIDs) = try await store(kind, Self.seeds)
        try await RecurrenceEngine(store: first).processPending(at: start)
        let (second, secondIDs) = try await store(kind, Self.seeds)
        try await RecurrenceEngine(store: second).processPending(limit: 2, at: start)
        while try await RecurrenceEngine(store: second).processPending(limit: 2, at: start) > 0 {}
        let a = try await first.recurrenceSummaries(of: Array(firstIDs.values))
        let b = try await second.recurrenceSummaries(of: Array(secondIDs.values))
        for name in firstIDs.keys {
            let left = a[firstIDs[name]!]
            let right = b[secondIDs[name]!]
            #expect(left?.customer?.id == right?.customer?.id && left?.issue?.label == right?.issue?.label, "\(name)")
        }
    }

    /// A rebuild from scratch (in memory) decides what the engine decided batch by batch.
    @Test(arguments: StoreKind.allCases)
    func aRebuildFromScratchAgreesWithTheEngine(kind: StoreKind) async throws {
        let (store, ids) = try await store(kind, Self.seeds)
        try await RecurrenceEngine(store: store).processPending(limit: 1, at: start)
        while try await RecurrenceEngine(store: store).processPending(limit: 1, at: start) > 0 {}
        let before = try await store.recurrenceSummaries(of: Array(ids.values))
        try await store.resetRecurrence()
        #expect(try await store.recurrenceSummaries(of: Array(ids.values)).isEmpty)
        let inputs = try await store.pendingRecurrence(limit: 1000)
        #expect(inputs.count == Self.seeds.count)
        let rebuilt = await RecurrenceRebuild.run(inputs)
        try await store.applyRecurrence(rebuilt.updates, at: start)
        #expect(try await store.pendingRecurrence(limit: 10).isEmpty)
        #expect(try await store.recurrenceSummaries(of: Array(ids.values)) == before)
    }

    @Test func theRebuildCommandReportsAndProbes() async throws {
        let d = try ExportAPITests.daemon()
        defer { d.daemon.kill() }
        try await d.start()
        for (index, seed) in Self.seeds.enumerated() {
            _ = try await ExportAPITests.post(d, id: "rb\(index)", text: seed.text, address: seed.address)
        }
        try await d.daemon.stop()
        let result = try d.daemon.command(["recurrence", "rebuild", "--probe", "20", "--config", d.daemon.configPath])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["mentions"] as? Int == Self.seeds.count)
        #expect((report["issues"] as? Int ?? 0) >= 1)
        let probe = try #require(report["probe"] as? [String: Any])
        #expect(probe["n"] as? Int == 20 && probe["p99_ms"] is Double)
    }

    /// Erasure takes the person's evidence with it, and a customer left without mentions goes.
    @Test(arguments: StoreKind.allCases)
    func erasureRemovesTheEvidenceAndTheEmptiedCustomer(kind: StoreKind) async throws {
        let (store, ids) = try await store(kind, Self.seeds)
        try await RecurrenceEngine(store: store).processPending(at: start)
        let address = CustomerEvidence(kind: .address, value: "kari@example.no")
        let handle = CustomerEvidence(kind: .handle, value: "kari_n")
        let kari = try #require(try await store.customerIDs(for: [address])[address])
        let actor = ChangeActor(name: "token:ops", role: "admin")
        _ = try await store.erase(.address("kari@example.no"), by: actor, at: start)
        #expect(try await store.customerIDs(for: [address]).isEmpty, "the address is gone from the evidence")
        #expect(try await store.customer(kari, mentionLimit: 10) == nil, "every mention of Kari's went")
        // The paraphrase came by handle before the handle met the address: its customer stays.
        let byHandle = try #require(try await store.customerIDs(for: [handle])[handle])
        let left = try #require(try await store.customer(byHandle, mentionLimit: 10))
        let paraphrase = try #require(ids["paraphrase"])
        #expect(left.evidence == [handle] && left.mentions == [paraphrase])
        _ = try await store.erase(.handle("@kari_n"), by: actor, at: start)
        #expect(try await store.customer(byHandle, mentionLimit: 10) == nil)
        #expect(try await store.customerIDs(for: [address, handle]).isEmpty)
    }
}
