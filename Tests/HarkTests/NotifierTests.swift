import Foundation
import HarkTesting
import HarkWebhooks
import Synchronization
import Testing

/// The notifier against the real daemon and a real HTTP receiver on loopback: alerts for very
/// dissatisfied mentions and missed deadlines, Slack-compatible and Standard-Webhooks-signed, retried
/// with backoff, each with a stable id; hand-offs to the helpdesk; and no alert lost across kill -9.
@Suite struct NotifierTests {
    static let alertSecret = "whsec_QWxlcnRTZWNyZXRGb3JIYXJrVGVzdHM="
    static let veryDissatisfied = "Tredje gang Nordlys sender feil faktura. Jeg går til Forbrukerrådet."

    static func config(_ server: FeedServer, extra: String = "", workflow: String = "", timeout: String = "10s") -> String {
        TestDaemon.config(
            extraSources: """
                brands:
                  - { name: "Nordlys Energi", aliases: ["Nordlys"] }
                network: { allow_cidrs: ["\(server.allowEntry)"] }
                notifier:
                  public_url: "https://hark.example.com/"
                  alerts:
                    - { id: "chat", format: "slack", url_env: "HARK_CHAT_URL", on: ["very_dissatisfied"] }
                    - { id: "ops", format: "standard-webhooks", url: "\(server.url("/ops"))", secret_env: "HARK_OPS_SECRET" }
                  helpdesk: { url: "\(server.url("/helpdesk"))", secret_env: "HARK_OPS_SECRET" }
                  retry: { first: "100ms", max: "400ms", attempts: 8 }
                  sla_check_interval: "1s"
                  timeout: "\(timeout)"
                \(extra)
                \(workflow)
                """)
    }

    static func environment(_ server: FeedServer) -> [String: String] {
        ["HARK_CHAT_URL": server.url("/chat"), "HARK_OPS_SECRET": alertSecret]
    }

    static func complaint(_ d: TestDaemon, _ id: String, _ text: String) async throws -> String {
        let answer = try await d.postForms(TestDaemon.body(id: id, text: text, address: "\(id)@example.no"), deliveryID: "msg_\(id)")
        #expect(answer.status == 202, "\(answer.text)")
        return try #require(answer.json["id"] as? String)
    }

    static func json(_ data: Data) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    /// Whether `request` carries a valid Standard Webhooks signature of its body.
    static func signed(_ request: FeedServer.Request) -> Bool {
        guard let id = request.headers["webhook-id"], let timestamp = request.headers["webhook-timestamp"].flatMap(Int64.init),
            let signature = request.headers["webhook-signature"],
            let expected = try? WebhookSigner.standardWebhooks(
                secret: WebhookSecret(alertSecret), id: id, timestamp: timestamp, body: request.body)
        else { return false }
        return signature == expected && abs(Double(timestamp) - Date().timeIntervalSince1970) < 300
    }

    @Test func veryDissatisfiedAlertsAreSignedRetriedAndSentOnce() async throws {
        try await withFeedServer { server in
            let opsCalls = Mutex(0)
            server.route("/chat", .status(200))
            // The ops receiver is down for the first two attempts.
            server.route("/ops") { _ in
                let call = opsCalls.withLock { $0 += 1; return $0 }
                return call <= 2 ? .status(503) : .status(204)
            }
            let d = try TestDaemon(config: Self.config(server), environment: Self.environment(server))
            defer { d.daemon.kill() }
            try await d.start()
            let hot = try await Self.complaint(d, "n1", Self.veryDissatisfied + " <!channel> & <https://evil.example|click>")
            _ = try await Self.complaint(d, "n2", "Fakturaen fra Nordlys var litt høy denne måneden, det er skuffende.")
            try await FeedDaemonTests.eventually { server.requestCount("/ops") >= 3 && server.requestCount("/chat") >= 1 }
            try await Task.sleep(for: .seconds(2))  // time for a wrong second alert to show up

            let chat = server.requests("/chat")
            #expect(chat.count == 1, "one chat alert for the one very dissatisfied mention")
            let slack = Self.json(try #require(chat.first).body)
            let text = try #require(slack["text"] as? String)
            #expect(text.contains("Very dissatisfied"))
            #expect(text.contains("<https://hark.example.com/mentions/\(hot)|Open in Hark>"), "\(text)")
            #expect(!text.contains("<!channel>") && text.contains("&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;"), "\(text)")
            #expect(!text.contains("n1@example.no"), "an alert carries no address")
            #expect(chat.first?.headers["webhook-id"]?.hasPrefix("msg_") == true)

            let ops = server.requests("/ops")
            #expect(ops.count == 3, "two failures, then delivered, then never again")
            #expect(Set(ops.compactMap { $0.headers["webhook-id"] }).count == 1, "every attempt has the same id")
            #expect(ops.allSatisfy(Self.signed), "each attempt is signed")
            let body = Self.json(try #require(ops.last).body)
            #expect(body["type"] as? String == "mention.very_dissatisfied")
            let mention = (body["data"] as? [String: Any])?["mention"] as? [String: Any]
            #expect(mention?["id"] as? String == hot && mention?["severity"] as? String == "very_dissatisfied")
            #expect(mention?["author"] == nil && !String(decoding: ops[2].body, as: UTF8.self).contains("@example.no"))

            let history = try await d.api("GET", "/api/v1/mentions/\(hot)/history")
            let events = (history.json["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(events.filter { $0 == "notify.very_dissatisfied" }.count == 2, "\(events)")
        }
    }

    @Test func missedDeadlinesAlertOncePerDeadline() async throws {
        try await withFeedServer { server in
            server.route("/chat", .status(200))
            server.route("/ops", .status(200))
            let d = try TestDaemon(
                config: Self.config(server, workflow: #"workflow: { service_levels: { dissatisfied: "1s", very_dissatisfied: "1s" } }"#),
                environment: Self.environment(server))
            defer { d.daemon.kill() }
            try await d.start()
            let late = try await Self.complaint(d, "s1", "Fakturaen fra Nordlys er feil igjen, det er skuffende og irriterende.")
            try await FeedDaemonTests.eventually {
                server.requests("/ops").contains { Self.json($0.body)["type"] as? String == "mention.sla_breach" }
            }
            try await Task.sleep(for: .seconds(3))  // three more deadline checks
            let breaches = server.requests("/ops").filter { Self.json($0.body)["type"] as? String == "mention.sla_breach" }
            #expect(breaches.count == 1, "one alert per missed deadline")
            let data = Self.json(try #require(breaches.first).body)["data"] as? [String: Any]
            #expect((data?["mention"] as? [String: Any])?["id"] as? String == late)
            #expect((data?["breach"] as? [String: Any])?["deadline"] as? String == "response")
            #expect(server.requests("/chat").allSatisfy { !String(decoding: $0.body, as: UTF8.self).contains("Overdue") },
                "the chat target hears only of very dissatisfied mentions")
        }
    }

    @Test func handoffIsPostedSignedOnceAndAudited() async throws {
        try await withFeedServer { server in
            server.route("/chat", .status(200))
            server.route("/ops", .status(200))
            server.route("/helpdesk", .status(201))
            let d = try TestDaemon(config: Self.config(server), environment: Self.environment(server))
            defer { d.daemon.kill() }
            try await d.start()
            let id = try await Self.complaint(d, "h1", "Nordlys har ikke svart på tre uker om målerbyttet, det er irriterende.")
            let first = try await d.api("POST", "/api/v1/mentions/\(id)/handoff", token: "kari", body: Data(#"{"note": "Needs a\r\nBcc: x site visit"}"#.utf8))
            #expect(first.status == 202, "\(first.text)")
            #expect(first.json["status"] as? String == "pending")
            let again = try await d.api("POST", "/api/v1/mentions/\(id)/handoff", token: "kari")
            #expect(again.status == 200 && again.json["id"] as? String == first.json["id"] as? String, "\(again.text)")
            #expect(try await d.api("POST", "/api/v1/mentions/\(id)/handoff", token: "mkt").status == 403)
            #expect(try await d.api("POST", "/api/v1/mentions/\(id)/handoff", body: Data("{\"nope\": 1}".utf8)).status == 400)
            #expect(try await d.api("POST", "/api/v1/mentions/\(id)/handoff", body: Data("[".utf8)).status == 400)

            try await FeedDaemonTests.eventually { server.requestCount("/helpdesk") == 1 }
            let post = try #require(server.requests("/helpdesk").first)
            #expect(Self.signed(post))
            let body = Self.json(post.body)
            #expect(body["type"] as? String == "mention.handoff")
            let data = try #require(body["data"] as? [String: Any])
            #expect(data["handed_off_by"] as? String == "token:kari")
            #expect(data["note"] as? String == "Needs a Bcc: x site visit", "control characters are removed from the note")
            #expect(((data["mention"] as? [String: Any])?["author"] as? [String: Any])?["address"] as? String == "h1@example.no",
                "the helpdesk gets the customer's contact")
            try await FeedDaemonTests.eventually {
                let status = try await d.api("POST", "/api/v1/mentions/\(id)/handoff", token: "kari")
                return status.json["status"] as? String == "delivered"
            }
            let history = try await d.api("GET", "/api/v1/mentions/\(id)/history")
            let actions = (history.json["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(actions.contains("mention.handoff") && actions.contains("notify.handoff"), "\(actions)")
            try await Task.sleep(for: .seconds(1))
            #expect(server.requestCount("/helpdesk") == 1, "handed off once")
        }
    }

    @Test func noHelpdeskConfiguredIsAClearConflict() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        let id = try await Self.complaint(d, "x1", "The invoice is wrong again.")
        let answer = try await d.api("POST", "/api/v1/mentions/\(id)/handoff")
        #expect(answer.status == 409 && answer.json["error"] as? String == "no_helpdesk", "\(answer.text)")
    }
}
