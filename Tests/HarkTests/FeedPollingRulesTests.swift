import Foundation
import HarkCore
import HarkCurl
import HarkFeeds
import Testing

/// The poller's rules without sockets: what a fetch's answer means, when to poll next, gaps.
@Suite struct FeedPollingRulesTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    var settings: FeedSourceSettings {
        var settings = FeedSourceSettings(id: SourceID("reviews")!, url: "https://reviews.example.com/feed", interval: .seconds(600))
        settings.minimumInterval = .seconds(60)
        settings.maximumInterval = .seconds(3600)
        return settings
    }

    func response(_ status: Int, headers: [(name: String, value: String)] = [], redirects: [HTTPRedirect] = [])
        -> HTTPFetchResponse
    {
        HTTPFetchResponse(status: status, headers: headers, body: Data(), url: settings.url, redirects: redirects)
    }

    @Test func goneIsAFailureThatSlowsToDaily() {
        let decision = FeedPollDecision.decide(.success(response(410)), settings: settings, previous: FeedState(), now: now)
        #expect(decision.outcome == .failed(code: "gone", message: "the feed answers 410 Gone", retryAfter: nil, gone: true))
        #expect(decision.items.isEmpty && decision.state == nil)
    }

    @Test func retryAfterIsHonouredAndCapped() {
        let limited = FeedPollDecision.decide(
            .success(response(429, headers: [(name: "Retry-After", value: "120")])), settings: settings,
            previous: FeedState(), now: now)
        guard case .failed("rate_limited", _, let retryAfter?, false) = limited.outcome else {
            Issue.record("not rate limited: \(limited.outcome)")
            return
        }
        #expect(retryAfter == .seconds(120))
        #expect(FeedSchedule.backoff(interval: .seconds(600), streak: 1, retryAfter: retryAfter, settings: settings) == .seconds(120))
        let huge = FeedSchedule.retryAfter("1000000000", now: now)
        #expect(FeedSchedule.backoff(interval: .seconds(600), streak: 1, retryAfter: huge, settings: settings) == .seconds(86_400))
        #expect(FeedSchedule.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now: Date(timeIntervalSince1970: 1_445_412_400)) == .seconds(80))
        #expect(FeedSchedule.retryAfter("soon", now: now) == nil)
    }

    @Test func backoffGrowsToItsCapAndNeverStops() {
        var delays: [Duration] = []
        for streak in 1...40 {
            delays.append(FeedSchedule.backoff(interval: .seconds(600), streak: streak, retryAfter: nil, settings: settings))
        }
        #expect(delays.first == .seconds(60))
        #expect(delays[1] == .seconds(120))
        #expect(zip(delays, delays.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(delays.last == settings.maximumBackoff)
    }

    @Test func intervalAdaptsWithinBounds() {
        #expect(FeedSchedule.adapt(.seconds(600), changed: true, gap: false, settings: settings) == .seconds(300))
        #expect(FeedSchedule.adapt(.seconds(600), changed: false, gap: false, settings: settings) == .seconds(900))
        #expect(FeedSchedule.adapt(.seconds(3000), changed: false, gap: false, settings: settings) == .seconds(3600))
        #expect(FeedSchedule.adapt(.seconds(90), changed: true, gap: false, settings: settings) == .seconds(60))
        #expect(FeedSchedule.adapt(.seconds(600), changed: true, gap: true, settings: settings) == .seconds(60))
        // max-age and <ttl> are lower bounds on the next poll, capped at a day.
        #expect(FeedSchedule.delay(after: .seconds(300), hints: [.seconds(1800)]) == .seconds(1800))
        #expect(FeedSchedule.delay(after: .seconds(300), hints: [.seconds(10)]) == .seconds(300))
        #expect(FeedSchedule.delay(after: .seconds(300), hints: [.seconds(10_000_000)]) == .seconds(86_400))
        #expect(FeedSchedule.maxAge("public, max-age=900") == .seconds(900))
        #expect(FeedSchedule.maxAge("no-cache") == nil)
    }

    @Test func permanentMovesAreReportedNotAdopted() {
        let chain = [
            HTTPRedirect(status: 301, from: settings.url, to: "https://new.example.com/feed"),
            HTTPRedirect(status: 302, from: "https://new.example.com/feed", to: "https://cdn.example.com/feed"),
        ]
        let decision = FeedPollDecision.decide(
            .success(response(304, redirects: chain)), settings: settings, previous: FeedState(), now: now)
        #expect(decision.movedTo == "https://new.example.com/feed")
        let temporary = FeedPollDecision.decide(
            .success(response(304, redirects: [HTTPRedirect(status: 302, from: settings.url, to: "https://x.example/f")])),
            settings: settings, previous: FeedState(), now: now)
        #expect(temporary.movedTo == nil)
    }

    @Test func fetchErrorsKeepTheirCode() {
        let decision = FeedPollDecision.decide(
            .failure(HTTPFetchError(.blockedAddress, "127.0.0.1 is loopback")), settings: settings,
            previous: FeedState(), now: now)
        #expect(decision.outcome == .failed(code: "blocked_address", message: "127.0.0.1 is loopback", retryAfter: nil, gone: false))
    }

    @Test func gapIsEstimatedFromItemSpacing() {
        let minute = 60.0
        let previousNewest = now
        // 50 items published a minute apart since; the window shows the newest 20.
        let dates = (31...50).map { now.addingTimeInterval(Double($0) * minute) }
        let gap = FeedGap.detect(
            previous: ["a", "b"], current: (31...50).map { "n\($0)" }, previousNewest: previousNewest, dates: dates)
        #expect(gap?.estimatedMissed == 30)
        #expect(FeedGap.detect(previous: ["a"], current: ["a", "n1"], previousNewest: now, dates: dates) == nil)
        #expect(FeedGap.detect(previous: [], current: ["n1"], previousNewest: nil, dates: []) == nil)
        #expect(FeedGap.detect(previous: ["a"], current: ["n1"], previousNewest: nil, dates: [])?.estimatedMissed == nil)
    }

    @Test func identityPolicies() {
        let item = FeedItem(id: "tag:x,2026:1", title: "T", link: "https://x.example/1", text: "body")
        #expect(FeedItemIdentity.identity(of: item, policy: .auto) == "guid:tag:x,2026:1")
        #expect(FeedItemIdentity.identity(of: item, policy: .link) == "link:https://x.example/1")
        let noGUID = FeedItem(title: "T", link: "https://x.example/1", text: "body")
        #expect(FeedItemIdentity.identity(of: noGUID, policy: .auto) == "link:https://x.example/1")
        let bare = FeedItem(title: "T", text: "body")
        #expect(FeedItemIdentity.identity(of: bare, policy: .auto).hasPrefix("hash:"))
        // The same item made into drafts twice has the same keys; an edit keeps the mention key only.
        let a = item.draft(source: settings.id, identity: "guid:1", fetchedAt: now)
        let b = item.draft(source: settings.id, identity: "guid:1", fetchedAt: now)
        var edited = item
        edited.title = "T (edited)"
        let c = edited.draft(source: settings.id, identity: "guid:1", fetchedAt: now)
        #expect(a.deliveryKey == b.deliveryKey && a.mentionKey == b.mentionKey)
        #expect(c.mentionKey == a.mentionKey && c.deliveryKey != a.deliveryKey)
    }

    @Test func futureDatesAreClampedToTheFetch() {
        let item = FeedItem(id: "1", published: now.addingTimeInterval(86_400 * 365), publishedRaw: "Fri, 01 Jan 2100", text: "x")
        let draft = item.draft(source: settings.id, identity: "guid:1", fetchedAt: now)
        #expect(draft.publishedAt == now)
        #expect(String(decoding: draft.raw.bytes, as: UTF8.self).contains("Fri, 01 Jan 2100"))
    }

    @Test func stateRoundTripsAndUnknownVersionsStartAfresh() {
        var state = FeedState()
        state.etag = "\"v1\""
        state.items = ["k1": "v1"]
        state.newestItemAt = now
        #expect(FeedState(state.sourceState) == state)
        #expect(FeedState(SourceState(version: 99, payload: Data("{}".utf8))) == FeedState())
        #expect(FeedState(SourceState(version: 1, payload: Data("not json".utf8))) == FeedState())
    }

    @Test func hostGateSerialisesOneHost() async throws {
        let gate = HostGate(minimumGap: .milliseconds(20))
        let active = ActiveCounter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<5 {
                group.addTask {
                    try await gate.withHost("a.example") {
                        await active.enter()
                        try await Task.sleep(for: .milliseconds(5))
                        await active.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await active.peak == 1)
    }
}

actor ActiveCounter {
    private(set) var current = 0
    private(set) var peak = 0
    func enter() {
        current += 1
        peak = max(peak, current)
    }
    func leave() { current -= 1 }
}
