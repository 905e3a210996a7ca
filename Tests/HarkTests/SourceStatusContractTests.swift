import Foundation
import HarkCore
import HarkStore
import HarkTesting
import Testing

/// Source health and events behave the same in every store (`hark sources`, `GET /api/v1/sources`).
@Suite struct SourceStatusContractTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let source = SourceID("reviews")!

    @Test(arguments: StoreKind.allCases)
    func pollsUpdateHealthAndKeepEvents(kind: StoreKind) async throws {
        let store = try await kind.make()
        #expect(try await store.sourceStatuses(eventsPerSource: 5).isEmpty)
        try await store.recordSourcePoll(
            SourcePollReport(
                source: source, kind: "feed", at: now, outcome: .success(ingested: 3),
                nextPollAt: now.addingTimeInterval(60)))
        try await store.recordSourcePoll(
            SourcePollReport(
                source: source, kind: "feed", at: now.addingTimeInterval(60),
                outcome: .failure(code: "timeout", message: "no answer in 60 s"), nextPollAt: now.addingTimeInterval(180)))
        try await store.recordSourcePoll(
            SourcePollReport(
                source: source, kind: "feed", at: now.addingTimeInterval(180),
                outcome: .failure(code: "gone", message: "410"), nextPollAt: now.addingTimeInterval(86_580), gone: true,
                movedTo: "https://new.example.com/feed",
                events: [SourceEvent(kind: "feed_gap", at: now.addingTimeInterval(180), details: ["estimated_missed": "30"])]))
        let statuses = try await store.sourceStatuses(eventsPerSource: 5)
        let status = try #require(statuses.first)
        #expect(statuses.count == 1)
        #expect(status.kind == "feed")
        #expect(status.itemsIngested == 3)
        #expect(status.lastSuccessAt == now)
        #expect(status.errorStreak == 2)
        #expect(status.lastError == "gone: 410")
        #expect(status.gone)
        #expect(status.movedTo == "https://new.example.com/feed")
        #expect(status.nextPollAt == now.addingTimeInterval(86_580))
        #expect(status.recentEvents.map(\.kind) == ["feed_gap"])
        #expect(status.recentEvents.first?.details["estimated_missed"] == "30")
        // Health alone is not state: a source never given state still has none.
        #expect(try await store.sourceState(source) == nil)

        try await store.recordSourcePoll(
            SourcePollReport(source: source, kind: "feed", at: now.addingTimeInterval(200), outcome: .success(ingested: 0)))
        let recovered = try #require(try await store.sourceStatuses(eventsPerSource: 5).first)
        #expect(recovered.errorStreak == 0)
        #expect(!recovered.gone)
        #expect(recovered.lastError == "gone: 410")  // the last error stays visible with its time
    }

    @Test(arguments: StoreKind.allCases)
    func stateAndHealthShareTheSourceRow(kind: StoreKind) async throws {
        let store = try await kind.make()
        let state = SourceState(version: 1, payload: Data(#"{"etag":"\"v1\""}"#.utf8))
        _ = try await store.commit([IngestBatch(source: source, items: [], state: state)], at: now)
        try await store.recordSourcePoll(
            SourcePollReport(source: source, kind: "feed", at: now, outcome: .success(ingested: 0)))
        #expect(try await store.sourceState(source) == state)
        let next = SourceState(version: 1, payload: Data(#"{"etag":"\"v2\""}"#.utf8))
        _ = try await store.commit([IngestBatch(source: source, items: [], state: next)], at: now)
        #expect(try await store.sourceState(source) == next)
        #expect(try await store.sourceStatuses(eventsPerSource: 1).first?.lastSuccessAt == now)
    }
}
