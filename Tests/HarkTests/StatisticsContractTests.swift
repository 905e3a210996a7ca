import Foundation
import HarkCore
import HarkStore
import HarkStoreSQLite
import HarkTesting
import Testing

/// The inbox page's aggregates through both stores: the counts by status and open severity, the
/// overdue count and the complaints per day, with corrections winning, brand scopes, days in the
/// page's time zone, and a mention outside the 30 days left out. SQLite answers them from the
/// statistics indexes (migration 0007); the memory twin by walking its mentions.
@Suite struct StatisticsContractTests {
    /// 2027-01-15 08:00 UTC.
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    let day: TimeInterval = 86_400
    let actor = ChangeActor(name: "token:kari", role: "support")

    struct Seeded {
        var store: any InboxStore
        var ids: [String: MentionID]
    }

    func commit(
        _ store: any InboxStore, _ name: String, _ assessment: Assessment?, at time: Date
    ) async throws -> MentionID {
        let draft = Fixtures.webhookDraft(delivery: name, externalID: name, text: "Mention \(name)")
        let batch = IngestBatch(source: draft.source, items: [.mention(draft, assessment)])
        guard case .stored(let id) = try #require(try await store.commit([batch], at: time).first?.first) else {
            throw TestingError("\(name) was not stored")
        }
        return id
    }

    func complaint(_ severity: Severity, _ category: Category, _ brands: [String]) -> Assessment {
        Assessment(language: "da", complaint: true, severity: severity, category: category, brands: brands)
    }

    func seed(_ kind: StoreKind) async throws -> Seeded {
        let store = try await kind.make()
        var ids: [String: MentionID] = [:]
        let plan: [(String, Assessment?, TimeInterval)] = [
            ("a", complaint(.dissatisfied, .billing, ["Nordlys"]), 0),
            ("b", complaint(.veryDissatisfied, .delivery, ["Fjord"]), 0),
            ("c", Assessment(language: "da", complaint: false, severity: .none, category: .none, brands: ["Nordlys"]), day),
            ("d", complaint(.dissatisfied, .billing, ["Nordlys"]), day),
            ("e", complaint(.veryDissatisfied, .service, ["Fjord", "Nordlys"]), 2 * day),
            ("f", complaint(.dissatisfied, .product, ["Nordlys"]), 2 * day),
            // 23:30 UTC: the next day in the page's zone (UTC+1).
            ("g", complaint(.dissatisfied, .product, []), 2 * day + 15.5 * 3600),
            ("old", complaint(.dissatisfied, .billing, ["Nordlys"]), -40 * day),
            ("unassessed", nil, day),
        ]
        for (name, assessment, offset) in plan {
            ids[name] = try await commit(store, name, assessment, at: start.addingTimeInterval(offset))
        }
        let levels = ServiceLevelPolicy()
        let later = start.addingTimeInterval(3 * day)
        func change(_ name: String, _ change: MentionChange) async throws {
            _ = try await store.change(try #require(ids[name]), change, by: actor, at: later, serviceLevels: levels)
        }
        try await change("d", MentionChange(severity: .veryDissatisfied, category: .process))
        try await change("e", MentionChange(complaint: false))
        try await change("f", MentionChange(status: .dismissed))
        try await change("a", MentionChange(status: .acknowledged))
        try await change("a", MentionChange(status: .inProgress))
        try await change("a", MentionChange(status: .resolved))
        return Seeded(store: store, ids: ids)
    }

    var now: Date { start.addingTimeInterval(20 * day) }
    var since: Date { start.addingTimeInterval(-20 * day) }

    @Test(arguments: StoreKind.allCases)
    func countsFollowStatusCorrectionsAndScope(kind: StoreKind) async throws {
        let store = try await seed(kind).store
        let all = try await store.inboxCounts(brandScope: nil, at: now)
        #expect(all.total == 9)
        #expect(all.byStatus[.new] == 7 && all.byStatus[.resolved] == 1 && all.byStatus[.dismissed] == 1)
        // Open complaints: a (resolved) dissatisfied, b, d corrected up, g, old; e is corrected to no
        // complaint and f is dismissed.
        #expect(all.openBySeverity == [.dissatisfied: 3, .veryDissatisfied: 2])

        let nordlys = try await store.inboxCounts(brandScope: ["Nordlys"], at: now)
        #expect(nordlys.total == 6, "a, c, d, e, f, old")
        #expect(nordlys.openBySeverity == [.dissatisfied: 2, .veryDissatisfied: 1])
        let nobody = try await store.inboxCounts(brandScope: [], at: now)
        #expect(nobody.total == 0 && nobody.overdue == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func overdueCountsMissedResponsesAndFollowUps(kind: StoreKind) async throws {
        let store = try await seed(kind).store
        let mentions = try await store.mentions(MentionQuery(limit: 100)).items
        let expected = mentions.filter { $0.workflow.isOverdue(status: $0.status, at: now) }.count
        #expect(expected > 0, "the seed has overdue mentions")
        #expect(try await store.inboxCounts(brandScope: nil, at: now).overdue == expected)
        let scoped = mentions.filter {
            $0.workflow.isOverdue(status: $0.status, at: now) && ($0.assessment?.brands ?? []).contains("Fjord")
        }
        #expect(try await store.inboxCounts(brandScope: ["Fjord"], at: now).overdue == scoped.count)
        // Before any deadline nothing is overdue.
        #expect(try await store.inboxCounts(brandScope: nil, at: start).overdue == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func dailyComplaintsUseThePagesDaysAndTheCorrection(kind: StoreKind) async throws {
        let store = try await seed(kind).store
        let daily = try await store.dailyComplaints(since: since, utcOffset: 3600, brandScope: nil)
        let expected: [DailyComplaints] = [
            DailyComplaints(day: "2027-01-15", severity: .dissatisfied, category: .billing, count: 1),
            DailyComplaints(day: "2027-01-15", severity: .veryDissatisfied, category: .delivery, count: 1),
            DailyComplaints(day: "2027-01-16", severity: .veryDissatisfied, category: .process, count: 1),
            // f is dismissed but was received as a complaint: the chart counts what came in.
            DailyComplaints(day: "2027-01-17", severity: .dissatisfied, category: .product, count: 1),
            DailyComplaints(day: "2027-01-18", severity: .dissatisfied, category: .product, count: 1),
        ]
        #expect(daily == expected)
        let fjord = try await store.dailyComplaints(since: since, utcOffset: 3600, brandScope: ["Fjord"])
        #expect(fjord == [DailyComplaints(day: "2027-01-15", severity: .veryDissatisfied, category: .delivery, count: 1)])
        // In UTC, g falls on the 17th beside f.
        let utc = try await store.dailyComplaints(since: since, utcOffset: 0, brandScope: nil)
        #expect(utc.last == DailyComplaints(day: "2027-01-17", severity: .dissatisfied, category: .product, count: 2))
    }

    /// Brand names are data, not SQL: quotes and wildcards in a scope match only themselves.
    @Test(arguments: StoreKind.allCases)
    func hostileBrandScopesMatchNothing(kind: StoreKind) async throws {
        let store = try await seed(kind).store
        for scope in [["' OR 1=1 --"], ["%"], ["Nordlys\" OR \"1"], ["\u{0}"]] {
            #expect(try await store.inboxCounts(brandScope: scope, at: now).total == 0, "\(scope)")
            #expect(try await store.dailyComplaints(since: since, utcOffset: 0, brandScope: scope).isEmpty)
        }
    }
}
