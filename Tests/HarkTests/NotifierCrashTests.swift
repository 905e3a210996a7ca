import Foundation
import HarkTesting
import Synchronization
import Testing

/// Alerts survive a crash: the daemon is killed with SIGKILL while deliveries are in flight, and
/// after the restart every alert arrives. No alert the receiver acknowledged is sent again; only the
/// deliveries that were still waiting for an answer at the kill are.
@Suite struct NotifierCrashTests {
    static let mentions = 30
    /// Answers the receiver gives before it stops answering (the next deliveries hang in flight).
    static let answeredBeforeStall = 10

    @Test func noAlertIsLostAcrossKillNine() async throws {
        try await withFeedServer { server in
            // Which ids the receiver acknowledged (answered 200). Before the restart it answers the
            // first ten deliveries and then stops answering: the next ones hang in flight.
            let acknowledged = Mutex<[String]>([])
            let restarted = Mutex(false)
            let receive: FeedServer.Handler = { request in
                let id = request.headers["webhook-id"] ?? "?"
                return acknowledged.withLock { list in
                    if !restarted.withLock({ $0 }), list.count >= Self.answeredBeforeStall {
                        return FeedServer.Response.status(200).with(.stall)
                    }
                    list.append(id)
                    return FeedServer.Response.status(200)
                }
            }
            server.route("/chat", receive)
            server.route("/ops", receive)
            // A delivery attempt may take minutes: the hanging ones stay in flight until the kill.
            let d = try TestDaemon(
                config: NotifierTests.config(server, timeout: "300s"), environment: NotifierTests.environment(server))
            defer { d.daemon.kill() }
            try await d.start()
            var posted: [String] = []
            for index in 1...Self.mentions {
                posted.append(try await NotifierTests.complaint(d, "k\(index)", NotifierTests.veryDissatisfied + " (\(index))"))
            }
            // Ten answered, and at least one more delivery hanging in flight.
            try await FeedDaemonTests.eventually {
                server.requestCount("/ops") + server.requestCount("/chat") > Self.answeredBeforeStall
            }
            // The kill comes after the acknowledged deliveries are recorded, while others hang.
            let sqlite = try #require(SQLite3(d.daemon.databasePath))
            try await FeedDaemonTests.eventually {
                try sqlite.int("SELECT count(*) FROM outbox WHERE delivered_at IS NOT NULL") == Self.answeredBeforeStall
            }
            try await d.daemon.stop(signal: SIGKILL)
            let inFlight = server.requestCount("/ops") + server.requestCount("/chat") - Self.answeredBeforeStall
            #expect(inFlight >= 1 && inFlight <= 4, "\(inFlight) deliveries were in flight at the kill")

            restarted.withLock { $0 = true }
            try await d.start()
            try await FeedDaemonTests.eventually { Set(acknowledged.withLock { $0 }).count == 2 * Self.mentions }
            try await Task.sleep(for: .seconds(2))

            // Lost: none. Every mention's alert reached both targets.
            func mentionIDs(_ path: String) -> Set<String> {
                Set(server.requests(path).compactMap { request in
                    let body = NotifierTests.json(request.body)
                    if let data = body["data"] as? [String: Any] { return (data["mention"] as? [String: Any])?["id"] as? String }
                    let text = body["text"] as? String ?? ""  // Slack-compatible: the link names the mention
                    return posted.first { text.contains($0) }
                })
            }
            #expect(mentionIDs("/ops") == Set(posted))
            #expect(mentionIDs("/chat") == Set(posted))
            // Acknowledged twice: none. Sent twice: only what hung in flight at the kill.
            let acked = acknowledged.withLock { $0 }
            #expect(acked.count == Set(acked).count, "an acknowledged alert was sent again")
            let requests = server.requests("/ops") + server.requests("/chat")
            let ids = requests.compactMap { $0.headers["webhook-id"] }
            #expect(ids.count - Set(ids).count == inFlight)
            #expect(try sqlite.int("SELECT count(*) FROM outbox WHERE delivered_at IS NULL") == 0)
            #expect(try sqlite.int("SELECT count(*) FROM outbox") == 2 * Self.mentions)
            try await d.daemon.stop()
        }
    }
}
