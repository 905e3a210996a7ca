import Foundation
import HarkCore
import HarkStore
import HarkStorePostgres
import HarkTesting
import Synchronization
import Testing

/// reliability.md D11: two real `hark` daemons share one PostgreSQL store and the same sources (a
/// feed, a Dovecot mailbox, a webhook source) while webhooks are sent to one of them; the
/// instance polling the sources is killed with SIGKILL three times and restarted. Afterwards
/// nothing is lost or doubled, no source was ever polled by both at once, and the survivor took
/// each source over within the lease time.
@Suite(
    .enabled(if: PostgresTestServer.isConfigured, "\(PostgresTestServer.skipMessage)"),
    .enabled(if: Dovecot.isInstalled, "\(Dovecot.missingReason)"))
struct PostgresClusterTests {
    static let lease: Duration = .seconds(4)

    static func config(_ database: PostgresStoreConfiguration, instance: String, feed: String, dovecot: Dovecot, allow: String)
        -> String
    {
        let url = "postgres://\(database.username)@\(database.host):\(database.port)/\(database.database)?sslmode=disable"
        return TestDaemon.config(
            extraSources: """
                  - { id: "reviews", kind: "feed", url: "\(feed)", interval: "1s", min_interval: "500ms", max_interval: "1s" }
                  - { id: "support", kind: "imap", url: "imap://\(dovecot.host):\(dovecot.port)/INBOX", username: "\(dovecot.user)",
                      password_file: "imap", tls: "none", interval: "1s" }
                network: { allow_cidrs: ["\(allow)", "\(dovecot.host):\(dovecot.port)"] }
                """,
            limits: "webhook_rate_per_source: 0, webhook_rate_per_address: 0, politeness_gap: \"1ms\""
        ).replacingOccurrences(
            of: #"storage: { sqlite: { path: "{{DB}}" }, disk_reserve_mib: 0 }"#,
            with: #"storage: { postgres: { url: "\#(url)", instance: "\#(instance)", lease: "4s", pool_size: 4 } }"#)
    }

    /// One daemon of the pair, and where its log of the current run starts.
    final class Instance: Sendable {
        let name: String
        let daemon: TestDaemon
        let logStart = Mutex(0)

        init(_ name: String, config: String, imapPassword: String) throws {
            self.name = name
            daemon = try TestDaemon(config: config)
            try daemon.daemon.writeCredential("imap", imapPassword)
        }

        func start() async throws {
            logStart.withLock { $0 = daemon.daemon.log().utf8.count }
            try await daemon.start()
        }

        var isRunning: Bool { daemon.daemon.process?.isRunning == true }

        /// The sources this run says it is polling (a "polling source" line without a later
        /// "stopped polling source" line); none when the process is not running.
        func pollingSources() -> Set<String> {
            guard isRunning else { return [] }
            let log = daemon.daemon.log()
            let start = logStart.withLock { $0 }
            var polling: Set<String> = []
            for line in String(decoding: log.utf8.dropFirst(start), as: UTF8.self).split(separator: "\n") {
                guard let range = line.range(of: "hark.source=") else { continue }
                let source = String(line[range.upperBound...].prefix { !$0.isWhitespace })
                if line.hasSuffix("stopped polling source") {
                    polling.remove(source)
                } else if line.hasSuffix("polling source") {
                    polling.insert(source)
                }
            }
            return polling
        }
    }

    @Test func twoInstancesShareOneInboxThroughKills() async throws {
        let database = try await PostgresTestServer.freshConfiguration()
        let store = try await PostgresInboxStore.open(database, logger: PostgresTestServer.logger)
        defer { store.close() }
        try await IMAPTest.withDovecot { dovecot in
            try await withFeedServer { server in
                let items = Mutex((1...20).map { Self.item($0) })
                server.route("/reviews.rss") { _ in .feed(FeedFixture.rss(items.withLock { $0 })) }
                try await dovecot.append((1...100).map { IMAPTest.message($0) })
                let pair = try ["a", "b"].map { name in
                    try Instance(
                        name,
                        config: Self.config(
                            database, instance: name, feed: server.url("/reviews.rss"), dovecot: dovecot,
                            allow: server.allowEntry), imapPassword: dovecot.password)
                }
                defer { for instance in pair { instance.daemon.daemon.kill() } }
                for instance in pair { try await instance.start() }

                // Never two pollers of one source: checked every 100 ms while everything runs.
                let overlaps = Mutex<[String]>([])
                let watching = Task {
                    while !Task.isCancelled {
                        let (a, b) = (pair[0].pollingSources(), pair[1].pollingSources())
                        let both = a.intersection(b)
                        if !both.isEmpty { overlaps.withLock { $0.append(both.sorted().joined(separator: ",")) } }
                        try? await Task.sleep(for: .milliseconds(100))
                    }
                }
                // D1 against instance a: webhooks until each is acknowledged (a retry after a kill
                // is the same delivery).
                let sender = Task { try await Self.sendWebhooks(1...300, to: pair[0]) }

                var takeovers: [Duration] = []
                var mail = 100
                var feed = 20
                for round in 1...3 {
                    let holder = try await Self.waitForHolder(of: "reviews", in: store, among: pair)
                    let survivor = pair.first { $0.name != holder.name }!
                    mail += 40
                    feed += 10
                    try await dovecot.append(((mail - 39)...mail).map { IMAPTest.message($0) })
                    items.withLock { list in list = ((feed - 9)...feed).map { Self.item($0) } + list }
                    try await Task.sleep(for: .milliseconds(300 * round))
                    let killedAt = Date()
                    holder.daemon.daemon.kill()
                    let lapsed = try await store.sourceLeases()
                    for source in ["reviews", "support"] {
                        let id = SourceID(source)!
                        try await Self.eventually("\(survivor.name) to take \(source) over") {
                            try await store.sourceLeases()[id]?.isHeld(by: survivor.name, at: Date()) == true
                        }
                        // When the survivor claimed it, by its own clock (not when this test saw it):
                        // after the dead holder's lease ran out, never before.
                        let taken = try #require(try await store.sourceLeases()[id])
                        if let dead = lapsed[id], dead.owner == holder.name {
                            #expect(taken.acquiredAt >= dead.expiresAt, "\(source) taken before the lease lapsed")
                        }
                        takeovers.append(.seconds(taken.acquiredAt.timeIntervalSince(killedAt)))
                    }
                    try await holder.start()
                }
                try await sender.value
                try await Self.eventually("all mail, feed items and webhooks") {
                    try await store.statistics().mentions == 300 + mail + feed
                }
                // Two more poll intervals, so that anything read twice would have shown up.
                try await Task.sleep(for: .seconds(2))
                watching.cancel()

                var all: [Mention] = []
                var cursor: MentionID?
                repeat {
                    let page = try await store.mentions(MentionQuery(limit: MentionQuery.maximumLimit, after: cursor))
                    all += page.items
                    cursor = page.nextCursor
                } while cursor != nil
                let byChannel = Dictionary(grouping: all, by: \.channel).mapValues(\.count)
                #expect(byChannel[.webhook] == 300 && byChannel[.mail] == mail && byChannel[.feed] == feed)
                #expect(Set(all.compactMap(\.externalID)).count == all.count, "0 duplicated")
                #expect(try await store.statistics().mentions == 300 + mail + feed, "0 lost, 0 duplicated")
                #expect(overlaps.withLock { $0 }.isEmpty, "never polled by both: \(overlaps.withLock { $0 })")
                // The survivor takes over once the dead holder's lease lapses: within the lease
                // plus a claim interval (a sixth of it) after the kill, with a second's grace for a
                // loaded machine.
                for took in takeovers { #expect(took < Self.lease + Self.lease / 6 + .seconds(1), "takeover \(takeovers)") }
                let sources = try pair[1].daemon.daemon.command([
                    "sources", "--json", "--config", pair[1].daemon.daemon.configPath,
                ])
                let lines = sources.stdout.split(separator: "\n").compactMap {
                    try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
                }
                let reviews = lines.first { $0["id"] as? String == "reviews" }
                #expect(["a", "b"].contains(reviews?["polled_by"] as? String ?? ""), "hark sources names the poller")
                for instance in pair { _ = try await instance.daemon.daemon.stop() }
                print("D11 takeovers after kill -9: \(takeovers)")
            }
        }
    }

    static func item(_ index: Int) -> FeedFixture.Item {
        FeedFixture.Item(guid: "r\(index)", title: "Review \(index)", link: nil, text: "The parcel came late \(index)")
    }

    /// Sends webhooks `numbers` to `instance`, each until it is acknowledged (bounded).
    static func sendWebhooks(_ numbers: ClosedRange<Int>, to instance: Instance) async throws {
        for number in numbers {
            let body = TestDaemon.body(id: "w\(number)", text: "Webhook complaint \(number)")
            let deadline = ContinuousClock.now + .seconds(60)
            while true {
                if let result = try? await instance.daemon.postForms(body, deliveryID: "msg_\(number)"),
                    result.status == 202
                {
                    break
                }
                guard ContinuousClock.now < deadline else { throw TestingError("webhook \(number) never acknowledged") }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    static func waitForHolder(of source: String, in store: PostgresInboxStore, among pair: [Instance]) async throws
        -> Instance
    {
        var holder: Instance?
        try await eventually("a holder of \(source)") {
            let lease = try await store.sourceLeases()[SourceID(source)!]
            holder = pair.first { lease?.isHeld(by: $0.name, at: Date()) == true && $0.isRunning }
            return holder != nil
        }
        return holder!
    }

    /// Waits (at most 60 s) until `condition` holds.
    static func eventually(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if (try? await condition()) == true { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestingError("gave up waiting for \(what)")
    }
}
