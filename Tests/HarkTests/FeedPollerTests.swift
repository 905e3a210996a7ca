import Foundation
import HarkCore
import HarkCurl
import HarkFeeds
import HarkStore
import HarkTesting
import Logging
import Synchronization
import Testing

/// A feed source against a real HTTP server on loopback, poll by poll, into the in-memory store:
/// re-publishing (D9), gaps (D10), conditional GET, and what a feed's server can answer.
@Suite struct FeedPollerTests {
    /// A poller for `path` on `server`, committing into `store`.
    struct Harness: Sendable {
        let server: FeedServer
        let store = MemoryInboxStore()
        let poller: FeedPoller
        var memory: FeedPoller.Memory

        init(server: FeedServer, path: String = "/feed.xml", configure: (inout FeedSourceSettings) -> Void = { _ in }) throws {
            self.server = server
            var settings = FeedSourceSettings(id: SourceID("reviews")!, url: server.url(path), interval: .seconds(600))
            settings.minimumInterval = .seconds(60)
            settings.maximumInterval = .seconds(3600)
            settings.limits.totalTimeout = .seconds(10)
            configure(&settings)
            let fetcher = HTTPFetcher(policy: try AddressPolicy(allowing: [server.allowEntry]), limits: settings.limits)
            poller = FeedPoller(
                settings: settings, fetcher: fetcher, sink: StoreSink(store: store), ledger: StoreLedger(store: store),
                hosts: HostGate(minimumGap: .milliseconds(1)), clock: SystemWallClock(), logger: Logger(label: "test"))
            memory = FeedPoller.Memory(state: FeedState(), settings: settings)
        }

        /// One poll; returns the delay until the next.
        mutating func poll() async throws -> Duration { try await poller.poll(&memory) }

        func mentions() async throws -> [Mention] {
            try await store.mentions(MentionQuery(limit: 200)).items
        }

        func status() async throws -> SourceStatus? { try await store.sourceStatuses(eventsPerSource: 10).first }
    }

    struct StoreSink: MentionSink {
        let store: any InboxStore
        func submit(_ batch: IngestBatch) async throws -> [IngestReceipt] {
            try await store.commit([batch], at: Date()).first ?? []
        }
    }

    struct StoreLedger: SourceLedger {
        let store: any InboxStore
        func sourceState(_ source: SourceID) async throws -> SourceState? { try await store.sourceState(source) }
        func record(_ report: SourcePollReport) async throws { try await store.recordSourcePoll(report) }
    }

    /// A mutable feed the server serves.
    final class Feed: Sendable {
        let items = Mutex<[FeedFixture.Item]>([])
        let etag = Mutex(0)
        func set(_ items: [FeedFixture.Item]) {
            self.items.withLock { $0 = items }
            etag.withLock { $0 += 1 }
        }
        var response: FeedServer.Response {
            .feed(FeedFixture.rss(items.withLock { $0 }), etag: "\"v\(etag.withLock { $0 })\"")
        }
    }

    static func serving(_ feed: Feed, on server: FeedServer, path: String = "/feed.xml") {
        server.route(path) { _ in feed.response }
    }

    @Test func republishingNeverDuplicatesAndEditsKeepHistory() async throws {
        try await withFeedServer { server in
            let feed = Feed()
            Self.serving(feed, on: server)
            var harness = try Harness(server: server)
            let a = FeedFixture.Item(guid: "a", title: "Late delivery", link: "https://shop.example/r/a", text: "Two weeks late.")
            let b = FeedFixture.Item(guid: nil, title: "Rude support", link: "https://shop.example/r/b", text: "They hung up.")
            let c = FeedFixture.Item(guid: nil, title: "No link", link: nil, text: "Broken on arrival.")
            let d = FeedFixture.Item(guid: "d", title: "Billing", link: "https://shop.example/r/d", text: "Charged twice.")
            feed.set([a, b, c])
            _ = try await harness.poll()
            #expect(try await harness.mentions().count == 3)

            // Same GUID, edited title; reordered; a new item; the future date is clamped.
            var editedA = a
            editedA.title = "Late delivery (update: still nothing)"
            var future = d
            future.date = Date().addingTimeInterval(86_400 * 400)
            feed.set([future, c, b, editedA])
            _ = try await harness.poll()
            let afterEdit = try await harness.mentions()
            #expect(afterEdit.count == 4)
            let storedA = try #require(afterEdit.first { $0.externalID == "a" })
            #expect(storedA.title == "Late delivery (update: still nothing)")
            #expect(storedA.revisions == 1)
            #expect(try #require(afterEdit.first { $0.externalID == "d" }).publishedAt! <= Date())

            // The site re-keys B under a GUID but keeps its link: the same item, documented rule.
            var rekeyedB = b
            rekeyedB.guid = "tag:shop.example,2026:b"
            feed.set([future, c, rekeyedB, editedA])
            _ = try await harness.poll()
            #expect(try await harness.mentions().count == 4)

            // D disappears and returns; nothing doubles.
            feed.set([c, rekeyedB, editedA])
            _ = try await harness.poll()
            feed.set([future, c, rekeyedB, editedA])
            _ = try await harness.poll()
            #expect(try await harness.mentions().count == 4)
            #expect(try await harness.store.statistics().mentions == 4)
            #expect(try await harness.status()?.itemsIngested == 5)  // 3 + new D + edited A
        }
    }

    @Test func conditionalGetSavesValidatorsOnlyWithItsItems() async throws {
        try await withFeedServer { server in
            let feed = Feed()
            Self.serving(feed, on: server)
            var harness = try Harness(server: server)
            feed.set([FeedFixture.Item(guid: "1", title: "One", link: nil, text: "First")])
            _ = try await harness.poll()
            _ = try await harness.poll()
            let requests = server.requests("/feed.xml")
            #expect(requests.count == 2)
            #expect(requests[0].headers["If-None-Match"] == nil)
            #expect(requests[1].headers["If-None-Match"] == "\"v1\"")
            // The validators were committed with the items: a fresh poller from the store sends them too.
            let saved = FeedState(try await harness.store.sourceState(SourceID("reviews")!))
            #expect(saved.etag == "\"v1\"")
            #expect(try await harness.status()?.errorStreak == 0)
        }
    }

    @Test func goneRateLimitedAndUnusableAnswersAreErrorsNotEmptyFeeds() async throws {
        try await withFeedServer { server in
            var harness = try Harness(server: server)
            let feed = Feed()
            feed.set([FeedFixture.Item(guid: "1", title: "One", link: nil, text: "First")])
            Self.serving(feed, on: server)
            _ = try await harness.poll()

            server.route("/feed.xml", .status(429, headers: [("Retry-After", "7200")]))
            #expect(try await harness.poll() == .seconds(7200))
            #expect(try await harness.status()?.lastError?.hasPrefix("rate_limited") == true)

            // A login page and an empty 200 are errors; the items are not forgotten.
            server.route("/feed.xml", .status(200, headers: [("Content-Type", "text/html")], body: Data("<html><body><form><input name=password></form></body></html>".utf8)))
            _ = try await harness.poll()
            #expect(try await harness.status()?.lastError?.hasPrefix("not_a_feed") == true)
            server.route("/feed.xml", .status(200, headers: [("Content-Type", "application/rss+xml")]))
            _ = try await harness.poll()
            #expect(try await harness.status()?.lastError?.hasPrefix("empty") == true)
            #expect(harness.memory.state.items.count == 1)

            server.route("/feed.xml", .status(410))
            #expect(try await harness.poll() == .seconds(86_400))
            let gone = try #require(try await harness.status())
            #expect(gone.gone && gone.errorStreak == 4)
            #expect(try await harness.mentions().count == 1)
        }
    }

    @Test func brokenDocumentsAreQuarantinedOnce() async throws {
        try await withFeedServer { server in
            var harness = try Harness(server: server)
            server.route("/feed.xml", .status(200, headers: [("Content-Type", "application/rss+xml")], body: Data("<rss><<<\u{0}\u{1}garbage".utf8)))
            _ = try await harness.poll()
            _ = try await harness.poll()
            let records = try await harness.store.quarantined(QuarantineQuery())
            #expect(records.count == 1)
            #expect(records.first?.channel == .feed)
            #expect(try await harness.status()?.errorStreak == 2)
        }
    }

    @Test func permanentRedirectIsReportedAndTheURLKept() async throws {
        try await withFeedServer { server in
            let feed = Feed()
            feed.set([FeedFixture.Item(guid: "1", title: "One", link: nil, text: "First")])
            Self.serving(feed, on: server, path: "/new.xml")
            server.route("/feed.xml", .redirect(status: 301, to: "/new.xml"))
            var harness = try Harness(server: server)
            _ = try await harness.poll()
            _ = try await harness.poll()
            #expect(harness.poller.settings.url == server.url("/feed.xml"))
            let status = try #require(try await harness.status())
            #expect(status.movedTo == server.url("/new.xml"))
            #expect(status.recentEvents.filter { $0.kind == "feed_moved" }.count == 1)
            #expect(server.requestCount("/feed.xml") == 2)  // always asks the configured URL first
            #expect(try await harness.mentions().count == 1)
        }
    }

    @Test func aGapIsReportedWithItsEstimateAndShortensTheInterval() async throws {
        try await withFeedServer { server in
            let feed = Feed()
            Self.serving(feed, on: server)
            var harness = try Harness(server: server)
            let start = Date().addingTimeInterval(-86_400)
            func item(_ n: Int) -> FeedFixture.Item {
                var item = FeedFixture.Item(guid: "i\(n)", title: "Item \(n)", link: nil, text: "Text \(n)")
                item.date = start.addingTimeInterval(Double(n) * 60)
                return item
            }
            feed.set((1...20).reversed().map(item))
            _ = try await harness.poll()
            _ = try await harness.poll()  // unchanged (304): the interval grows
            #expect(harness.memory.interval == .seconds(450))
            // 50 published between polls; the window of 20 shows 51...70.
            feed.set((51...70).reversed().map(item))
            let delay = try await harness.poll()
            #expect(delay == .seconds(60))
            let status = try #require(try await harness.status())
            let gap = try #require(status.recentEvents.first { $0.kind == "feed_gap" })
            #expect(gap.details["estimated_missed"] == "30")
            #expect(try await harness.mentions().count == 40)
        }
    }

    @Test func oneStalledFeedDoesNotDelayAnother() async throws {
        try await withFeedServer { server in
            let feed = Feed()
            feed.set([FeedFixture.Item(guid: "1", title: "One", link: nil, text: "First")])
            Self.serving(feed, on: server)
            server.route("/stall.xml", FeedServer.Response.status(200).with(.stall))
            let slow = try Harness(server: server, path: "/stall.xml") { $0.limits.totalTimeout = .seconds(15) }
            var fast = try Harness(server: server)
            let slowEnded = Atomic<Bool>(false)
            async let slowPoll: Duration = {
                var harness = slow
                defer { slowEnded.store(true, ordering: .sequentiallyConsistent) }
                return try await harness.poll()
            }()
            // A separate host gate per harness: politeness applies per host *within* a daemon; here
            // each feed has its own fetcher and gate, as two hosts would.
            _ = try await fast.poll()
            // Ordering, not a stopwatch: the fast feed is done while the stalled one still waits.
            let stillStalled = !slowEnded.load(ordering: .sequentiallyConsistent)
            #expect(stillStalled, "the fast poll waited for the stalled one")
            _ = try await slowPoll
            #expect(try await fast.mentions().count == 1)
            #expect(try await slow.status()?.lastError?.hasPrefix("timeout") == true)
        }
    }
}
