import Foundation
import HarkCore
import HarkRecurrence
import HarkStore
import HarkStoreSQLite
import HarkTesting
import Testing

/// Trends and where to act over both stores: a planted spike is found and a flat series is not;
/// issues rank by severity, recurrence, trend and missed deadlines, with the reach an estimate.
@Suite struct InsightTests {
    /// Midday UTC, so a day's complaints stay within the day.
    let today = Date(timeIntervalSince1970: 1_800_014_400)
    static let spiking = "Fakturaen fra Nordlys Energi er feil igjen, jeg har betalt for mye strøm i tre måneder."
    static let steady = "Kundeservice svarer aldri på telefonen, jeg har ventet i en time i køen hver dag."

    /// A steady service complaint every day for four weeks, and six billing complaints today only.
    func planted(_ kind: StoreKind) async throws -> any InboxStore {
        let store = try await kind.make()
        var n = 0
        func add(_ text: String, _ category: Category, _ severity: Severity, daysAgo: Int) async throws {
            n += 1
            let draft = Fixtures.webhookDraft(
                source: "forms", delivery: "d\(n)", externalID: "e\(n)", text: text, address: "c\(n)@example.no")
            let assessment = Assessment(
                language: "no", complaint: true, severity: severity, category: category, brands: ["Nordlys Energi"])
            _ = try await store.commit(
                [IngestBatch(source: draft.source, items: [.mention(draft, assessment)])],
                at: today.addingTimeInterval(-Double(daysAgo) * 86_400 + Double(n)))
        }
        for day in 1...27 { try await add(Self.steady, .service, .dissatisfied, daysAgo: day) }
        try await add(Self.steady, .service, .dissatisfied, daysAgo: 0)
        for index in 0..<6 {
            try await add(Self.spiking, .billing, index == 0 ? .veryDissatisfied : .dissatisfied, daysAgo: 0)
        }
        while try await RecurrenceEngine(store: store).processPending(at: today) > 0 {}
        return store
    }

    @Test(arguments: StoreKind.allCases)
    func aPlantedSpikeIsFoundAndASteadySeriesIsNot(kind: StoreKind) async throws {
        let store = try await planted(kind)
        let insight = RecurrenceInsight(store: store)
        let categories = try await insight.trends(
            by: .category, days: 28, now: today, utcOffset: 0, brandScope: nil, limit: 10)
        #expect(categories.map(\.key) == ["billing", "service"], "the spike first")
        #expect(categories.first?.verdict == .spike && categories.first?.daily.last == 6)
        #expect(categories.first?.daily.count == 28 && categories.first?.total == 6)
        #expect(categories.last?.verdict == .flat && categories.last?.total == 28, "one a day is the baseline")
        let issues = try await insight.trends(by: .issue, days: 28, now: today, utcOffset: 0, brandScope: nil, limit: 10)
        #expect(issues.count == 2 && issues.first?.verdict == .spike && issues.first?.label.isEmpty == false)
        let brands = try await insight.trends(by: .brand, days: 28, now: today, utcOffset: 0, brandScope: nil, limit: 10)
        #expect(brands.map(\.key) == ["Nordlys Energi"] && brands.first?.daily.last == 7)
        // Another brand's token sees nothing of it.
        #expect(try await insight.trends(by: .brand, days: 28, now: today, utcOffset: 0, brandScope: ["Other"], limit: 10).isEmpty)
        // A week later nothing new came: the series is flat again.
        let later = try await insight.trends(
            by: .category, days: 28, now: today.addingTimeInterval(8 * 86_400), utcOffset: 0, brandScope: nil, limit: 10)
        #expect(later.allSatisfy { $0.verdict == .flat })
    }

    @Test(arguments: StoreKind.allCases)
    func issuesRankBySeverityRecurrenceTrendAndReachIsAnEstimate(kind: StoreKind) async throws {
        let store = try await planted(kind)
        let insight = RecurrenceInsight(store: store)
        let ranked = try await insight.priorities(
            now: today, utcOffset: 0, brandScope: nil, reachMultiplier: 26, limit: 10)
        #expect(ranked.count == 2)
        // Four weeks of one complaint a day from 28 people outweigh today's six: a steady problem
        // of many customers is where to act first; the spike doubles the billing issue's score.
        let steady = try #require(ranked.first)
        #expect(steady.issue.category == .service && steady.verdict == .flat)
        #expect(steady.activity.complaints == 28 && steady.activity.customers == 28)
        #expect(steady.score == 28 + 27)
        let spike = try #require(ranked.last)
        #expect(spike.issue.category == .billing && spike.verdict == .spike)
        #expect(spike.activity.complaints == 6 && spike.activity.veryDissatisfied == 1 && spike.activity.customers == 6)
        #expect(spike.estimatedReach == 6 * 26, "an estimate: complaints times the multiplier")
        // (5 + 3 × 1 very dissatisfied + 5 more customers) × 2 for the spike.
        #expect(spike.score == 26)
        #expect(steady.activity.open == 28 && spike.activity.open == 6 && steady.activity.overdue == 0)
        // A multiplier of 10 changes the estimate, not the ranking.
        let tenfold = try await insight.priorities(now: today, utcOffset: 0, brandScope: nil, reachMultiplier: 10, limit: 10)
        #expect(tenfold.map(\.issue.id) == ranked.map(\.issue.id) && tenfold.last?.estimatedReach == 60)
        #expect(try await insight.priorities(now: today, utcOffset: 0, brandScope: ["Other"], reachMultiplier: 26, limit: 10).isEmpty)
    }
}
