import Foundation
import HarkCore
import HarkTesting
import Synchronization
import Testing

/// The real `hark` binary polling a feed from a real HTTP server on loopback.
@Suite struct FeedDaemonTests {
    static func config(feedURL: String, allow: String, extra: String = "") -> String {
        TestDaemon.config(
            extraSources: """
                  - { id: "reviews", kind: "feed", url: "\(feedURL)", interval: "1s", min_interval: "500ms", max_interval: "2s" }
                \(extra)
                network: { allow_cidrs: ["\(allow)"] }
                """,
            limits: "webhook_rate_per_source: 0, webhook_rate_per_address: 0, politeness_gap: \"1ms\"")
    }

    @Test func daemonPollsFeedsAndShowsTheirHealth() async throws {
        try await withFeedServer { server in
            let items = Mutex(
                (1...3).map { FeedFixture.Item(guid: "r\($0)", title: "Review \($0)", link: "https://shop.example/r/\($0)", text: "Slow delivery \($0)") })
            server.route("/reviews.rss") { _ in .feed(FeedFixture.rss(items.withLock { $0 }), etag: "\"e\(items.withLock { $0.count })\"") }
            server.route("/gone.rss", .status(410))
            let d = try TestDaemon(
                config: Self.config(
                    feedURL: server.url("/reviews.rss"), allow: server.allowEntry,
                    extra: #"  - { id: "old", kind: "feed", url: "\#(server.url("/gone.rss"))", interval: "1s" }"#))
            try await d.start()
            // Feed sources need libcurl, so the daemon loads it at start and says which.
            #expect(d.daemon.log().contains("hark.libcurl="))
            // Once ready it gives back the code pages start-up faulted in (and goes on serving below).
            try await Self.eventually { d.daemon.log().contains("hark.startup_code_released_kib=") }
            let released = d.daemon.log().components(separatedBy: "hark.startup_code_released_kib=").last?
                .prefix(while: \.isNumber)
            #expect((released.flatMap { Int($0) } ?? 0) > 1024)
            try await Self.eventually { try d.mentionCount() == 3 }
            items.withLock { $0.insert(FeedFixture.Item(guid: "r4", title: "Review 4", link: nil, text: "Billing error"), at: 0) }
            try await Self.eventually { try d.mentionCount() == 4 }
            #expect(server.requests("/reviews.rss").contains { $0.headers["If-None-Match"] != nil })

            let sources = try await d.api("GET", "/api/v1/sources")
            #expect(sources.status == 200)
            let list = sources.json["items"] as? [[String: Any]] ?? []
            let reviews = try #require(list.first { $0["id"] as? String == "reviews" })
            #expect(reviews["items_ingested"] as? Int == 4)
            #expect(reviews["error_streak"] as? Int == 0)
            #expect(reviews["next_poll_at"] is String)
            try await Self.eventually {
                let old = (try await d.api("GET", "/api/v1/sources").json["items"] as? [[String: Any]])?.first { $0["id"] as? String == "old" }
                return old?["gone"] as? Bool == true
            }
            #expect(try await d.api("GET", "/api/v1/sources", token: "mkt").status == 403)

            let table = try d.daemon.command(["sources", "--config", d.daemon.configPath])
            #expect(table.status == 0)
            #expect(table.stdout.contains("reviews") && table.stdout.contains("gone (410)"))
            let dry = try d.daemon.command(["poll", "reviews", "--dry-run", "--config", d.daemon.configPath])
            #expect(dry.status == 0)
            let lines = dry.stdout.split(separator: "\n")
            #expect(lines.count == 4)
            #expect(lines.allSatisfy { $0.contains("\"channel\":\"feed\"") })
            #expect(try d.mentionCount() == 4)  // a dry run stores nothing

            let (status, _) = try await d.daemon.stop()
            #expect(status == 0)
        }
    }

    @Test func blockedAddressesAreRefusedAtConnectTime() async throws {
        let canary = try await CanaryListener.start(host: "127.0.0.1")
        defer { Task { try? await canary.stop() } }
        // Allowed: some other port only. The feed points at the canary: refused, never connected.
        let d = try TestDaemon(config: Self.config(feedURL: "\(canary.baseURL)/feed.xml", allow: "127.0.0.1:1"))
        try await d.start()
        try await Self.eventually {
            let list = try await d.api("GET", "/api/v1/sources").json["items"] as? [[String: Any]] ?? []
            return (list.first { $0["id"] as? String == "reviews" }?["last_error"] as? String)?.hasPrefix("blocked_address") == true
        }
        #expect(canary.acceptedCount == 0)
        _ = try await d.daemon.stop()
    }

    @Test func reloadAddsAFeedWithoutARestart() async throws {
        try await withFeedServer { server in
            server.route("/a.rss", .feed(FeedFixture.rss([FeedFixture.Item(guid: "a1", title: "A", link: nil, text: "From A")])))
            server.route("/b.rss", .feed(FeedFixture.rss([FeedFixture.Item(guid: "b1", title: "B", link: nil, text: "From B")])))
            let d = try TestDaemon(config: Self.config(feedURL: server.url("/a.rss"), allow: server.allowEntry))
            try await d.start()
            try await Self.eventually { try d.mentionCount() == 1 }
            try d.daemon.writeConfig(
                Self.config(
                    feedURL: server.url("/a.rss"), allow: server.allowEntry,
                    extra: #"  - { id: "b", kind: "feed", url: "\#(server.url("/b.rss"))", interval: "1s" }"#))
            d.daemon.signal(SIGHUP)
            try await Self.eventually { try d.mentionCount() == 2 }
            _ = try await d.daemon.stop()
        }
    }

    @Test func shutdownIsNotHeldUpByAStalledFeed() async throws {
        try await withFeedServer { server in
            server.route("/stall.rss", FeedServer.Response.status(200).with(.stall))
            let d = try TestDaemon(config: Self.config(feedURL: server.url("/stall.rss"), allow: server.allowEntry))
            try await d.start()
            try await Self.eventually { server.requestCount("/stall.rss") > 0 }
            let (status, took) = try await d.daemon.stop()
            #expect(status == 0)
            #expect(took < .seconds(10))
        }
    }

    @Test func checkConfigExplainsFeedProblems() throws {
        let d = try TestDaemon(
            config: TestDaemon.config(
                extraSources: """
                      - { id: "f1", kind: "feed", url: "file:///etc/passwd" }
                      - { id: "f2", kind: "feed", url: "https://user:pw@example.com/feed", identity: "sometimes" }
                    network: { allow_cidrs: ["not-a-cidr"] }
                    """))
        let result = try d.daemon.command(["check-config", "--config", d.daemon.configPath])
        #expect(result.status == 1)
        #expect(result.stderr.contains("sources[3].url") && result.stderr.contains("http or https"))
        #expect(result.stderr.contains("sources[4].url") && result.stderr.contains("credentials"))
        #expect(result.stderr.contains("sources[4].identity"))
        #expect(result.stderr.contains("network.allow_cidrs"))
    }

    /// Waits up to 30 s for `condition`.
    static func eventually(_ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("condition not met within 30 s")
    }
}
