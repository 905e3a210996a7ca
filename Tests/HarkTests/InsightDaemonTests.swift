import Foundation
import HarkTesting
import Synchronization
import Testing

/// Trends, where to act and customers' merges in the running daemon: a burst of complaints about
/// one brand today is a spike on `GET /api/v1/trends` and an alert through the notifier (once),
/// `GET /api/v1/issues` ranks with a reach estimate from the configured multiplier, and people
/// merge and split customers; hostile parameters get a clear `400`.
@Suite struct InsightDaemonTests {
    static let burst = [
        "Fakturaen fra Nordlys Energi er feil igjen, jeg har betalt for mye strøm i tre måneder.",
        "Nordlys Energi har sendt feil faktura igjen, jeg har betalt for mye for strømmen i tre måneder!",
        "Fakturaen fra Nordlys Energi er forkert igen, jeg har betalt for meget strøm i tre måneder.",
        "Feil faktura fra Nordlys Energi igjen, betalt for mye strøm tre måneder på rad.",
    ]

    @Test func aBurstIsASpikeAlertedOnceAndIssuesRankWithAReachEstimate() async throws {
        try await withFeedServer { server in
            server.route("/trends", .status(204))
            let d = try TestDaemon(
                config: TestDaemon.config(
                    extraSources: """
                        \(ExportAPITests.brands)
                        network: { allow_cidrs: ["\(server.allowEntry)"] }
                        notifier:
                          alerts:
                            - { id: "trends", format: "standard-webhooks", url: "\(server.url("/trends"))", secret_env: "HARK_OPS_SECRET", on: ["trend"] }
                          sla_check_interval: "1s"
                        recurrence: { reach_multiplier: 10 }
                        """, limits: APIAuthorizationTests.matrixLimits),
                environment: ["HARK_OPS_SECRET": NotifierTests.alertSecret])
            defer { d.daemon.kill() }
            try await d.start()
            for (index, text) in Self.burst.enumerated() {
                _ = try await ExportAPITests.post(d, id: "b\(index)", text: text, address: "kunde\(index)@example.no")
            }
            // The notifier checks trends every second once recurrence has seen the burst.
            try await FeedDaemonTests.eventually {
                server.requests("/trends").contains { NotifierTests.json($0.body)["type"] as? String == "trend.spike" }
            }
            try await Task.sleep(for: .seconds(3))  // time for a wrong second alert to show up
            let alerts = server.requests("/trends").map { (request: $0, json: NotifierTests.json($0.body)) }
            #expect(alerts.allSatisfy { NotifierTests.signed($0.request) })
            let ids = alerts.compactMap { $0.request.headers["webhook-id"] }
            #expect(Set(ids).count == ids.count, "each trend alerted once: \(ids)")
            let brand = try #require(
                alerts.first { ($0.json["data"] as? [String: Any])?["by"] as? String == "brand" }?.json["data"] as? [String: Any],
                "\(alerts.map(\.json))")
            #expect(brand["key"] as? String == "Nordlys Energi" && brand["today"] as? Int == Self.burst.count)
            #expect((brand["daily"] as? [Int])?.count == 28)
            #expect(!alerts.contains { String(decoding: $0.request.body, as: UTF8.self).contains("@example.no") })

            // The same, asked of the API.
            let trends = try await d.api("GET", "/api/v1/trends?by=brand", token: "mkt")
            #expect(trends.status == 200, "\(trends.text)")
            let series = try #require((trends.json["series"] as? [[String: Any]])?.first)
            #expect(series["key"] as? String == "Nordlys Energi" && series["verdict"] as? String == "spike")
            #expect((trends.json["days"] as? [String])?.count == 28 && trends.json["time_zone"] as? String == "UTC")
            #expect(series["weekly"] as? [Int] == [0, 0, 0, Self.burst.count], "\(series)")
            let byIssue = try await d.api("GET", "/api/v1/trends?by=issue&days=7&limit=5")
            let issueSeries = try #require((byIssue.json["series"] as? [[String: Any]])?.first, "\(byIssue.text)")
            #expect((issueSeries["daily"] as? [Int])?.count == 7 && !(issueSeries["label"] as? String ?? "").isEmpty)
            for query in ["by=mood", "days=6", "days=91", "days=x", "limit=0", "limit=101", "by=brand&extra=1", "days=%00"] {
                let answer = try await d.api("GET", "/api/v1/trends?\(query)")
                #expect(answer.status == 400 && answer.json["error"] is String, "\(query): \(answer.text)")
            }

            // Where to act: the burst's issue first, its reach an estimate at the configured 10×.
            let issues = try await d.api("GET", "/api/v1/issues")
            let top = try #require((issues.json["items"] as? [[String: Any]])?.first, "\(issues.text)")
            let priority = try #require(top["priority"] as? [String: Any])
            let complaints = try #require(priority["complaints_30d"] as? Int)
            #expect(complaints >= 3 && priority["estimated_reach"] as? Int == complaints * 10, "\(priority)")
            #expect(priority["reach_multiplier"] as? Double == 10 && priority["trend"] as? String == "spike")
            #expect(try await d.api("GET", "/api/v1/issues?order=occurrences").json["items"] is [[String: Any]])
            try await d.daemon.stop()
        }
    }

    /// The insight pages over HTTP: signed-in only, scoped to the token's brands, addresses hidden
    /// from marketing, every value escaped, and a bad month refused.
    @Test func theInsightPagesAreScopedRedactedAndEscaped() async throws {
        let d = try ExportAPITests.daemon()
        defer { d.daemon.kill() }
        try await d.start()
        let hostile = "<script>alert(1)</script> Nordlys Energi feil faktura igjen, betalt for mye strøm"
        let id = try await ExportAPITests.post(d, id: "w1", text: hostile, address: "kari@example.no")
        _ = try await ExportAPITests.post(d, id: "w2", text: Self.burst[0], address: "kari@example.no")
        var customer: String?
        try await FeedDaemonTests.eventually {
            customer = (try await d.api("GET", "/api/v1/mentions/\(id)").json["customer"] as? [String: Any])?["id"] as? String
            return customer != nil
        }
        let customerID = try #require(customer)
        for path in ["/insight", "/report", "/customers/\(customerID)"] {
            let anonymous = try await d.daemon.request("GET", path)
            #expect(anonymous.status == 303 && anonymous.header("Location") == "/login", "\(path): \(anonymous.status)")
        }
        let ops = try await WebPageTests.signIn(d, token: TestDaemon.tokens["ops"]!)
        let marketing = try await WebPageTests.signIn(d, token: TestDaemon.tokens["mkt"]!)
        let insight = try await d.daemon.request("GET", "/insight", headers: ["Cookie": ops])
        #expect(insight.status == 200 && insight.text.contains("reach-note") && insight.text.contains("<svg"))
        #expect(!insight.text.contains("<script>alert"), "an issue label is escaped")
        let page = try await d.daemon.request("GET", "/customers/\(customerID)", headers: ["Cookie": ops])
        #expect(page.status == 200 && page.text.contains("kari@example.no") && page.text.contains(id))
        #expect(!page.text.contains("<script>alert"))
        let redacted = try await d.daemon.request("GET", "/customers/\(customerID)", headers: ["Cookie": marketing])
        #expect(redacted.status == 200 && !redacted.text.contains("@example.no"), "marketing sees no address")
        let mention = try await d.daemon.request("GET", "/mentions/\(id)", headers: ["Cookie": ops])
        #expect(mention.text.contains("/customers/\(customerID)"), "the mention links its customer")
        let report = try await d.daemon.request("GET", "/report", headers: ["Cookie": ops])
        #expect(report.status == 200 && report.text.contains("id=\"report-total\">2<"), "\(report.text.prefix(300))")
        #expect(report.text.components(separatedBy: "<svg").count - 1 == 3)
        #expect(!report.text.contains("rel=\"next\""), "no next month after the current one")
        for month in ["2026-13", "x", "1999-01", "2026-1", "%3Cscript%3E", String(repeating: "9", count: 5000)] {
            let answer = try await d.daemon.request("GET", "/report?month=\(month)", headers: ["Cookie": ops])
            #expect(answer.status == 400, "\(month.prefix(20)): \(answer.status)")
        }
        let old = try await d.daemon.request("GET", "/report?month=2020-02", headers: ["Cookie": ops])
        #expect(old.status == 200 && old.text.contains("id=\"report-total\">0<") && old.text.contains("month=2020-03"))
        for path in ["/customers/cus_000000000000000000000000", "/customers/nobody", "/customers/%27%20OR%201=1"] {
            #expect(try await d.daemon.request("GET", path, headers: ["Cookie": ops]).status == 404, "\(path)")
        }
        try await d.daemon.stop()
    }

    static func json(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
    }

    @Test func customersAreMergedAndSplitAndBadRequestsAreRefused() async throws {
        let d = try ExportAPITests.daemon()
        defer { d.daemon.kill() }
        try await d.start()
        let a1 = try await ExportAPITests.post(d, id: "m1", text: Self.burst[0], address: "kari@example.no")
        let a2 = try await ExportAPITests.post(d, id: "m2", text: Self.burst[1], address: "kari@example.no")
        let b1 = try await ExportAPITests.post(d, id: "m3", text: Self.burst[2], address: "kari.nordmann@example.no")
        var customers: [String: String] = [:]
        try await FeedDaemonTests.eventually {
            for id in [a1, a2, b1] {
                let json = try await d.api("GET", "/api/v1/mentions/\(id)").json
                customers[id] = (json["customer"] as? [String: Any])?["id"] as? String
            }
            return customers.count == 3
        }
        let kari = try #require(customers[a1])
        let other = try #require(customers[b1])
        #expect(kari != other && customers[a2] == kari)

        // Kari wrote from two addresses: one customer.
        let merged = try await d.api("POST", "/api/v1/customers/\(kari)/merge", body: Self.json(["from": other]))
        #expect(merged.status == 200, "\(merged.text)")
        #expect((merged.json["mentions"] as? [[String: Any]])?.count == 3)
        #expect((try await d.api("GET", "/api/v1/mentions/\(b1)").json["customer"] as? [String: Any])?["id"] as? String == kari)
        #expect(try await d.api("GET", "/api/v1/customers/\(other)").json["id"] as? String == kari, "the old id leads on")
        // The list filters by customer (the old id too) and by issue: a complaint's siblings.
        func listed(_ query: String) async throws -> Set<String> {
            let answer = try await d.api("GET", "/api/v1/mentions?\(query)")
            #expect(answer.status == 200, "\(query): \(answer.text)")
            return Set((answer.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        }
        #expect(try await listed("customer=\(kari)") == [a1, a2, b1])
        #expect(try await listed("customer=\(other)") == [a1, a2, b1])
        let issue = try #require(
            (try await d.api("GET", "/api/v1/mentions/\(a1)").json["issue"] as? [String: Any])?["id"] as? String)
        let siblings = try await listed("issue=\(issue)")
        #expect(siblings.contains(a1) && siblings.count >= 2, "the paraphrases share the issue")
        #expect(try await listed("issue=iss_000000000000000000000000").isEmpty)
        for query in ["customer=kari", "issue=x", "customer=cus_%00", "issue=" + String(repeating: "i", count: 100)] {
            #expect(try await d.api("GET", "/api/v1/mentions?\(query)").status == 400, "\(query)")
        }

        // The second mention was someone else after all.
        let split = try await d.api("POST", "/api/v1/customers/\(kari)/split", body: Self.json(["mentions": [a2]]))
        #expect(split.status == 201, "\(split.text)")
        let newID = try #require(split.json["id"] as? String)
        #expect(newID != kari && (split.json["mentions"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [a2])

        let bad: [(String, String)] = [
            ("merge", #"{"from": "\#(kari)"}"#),  // into itself
            ("merge", #"{"from": "not-a-customer"}"#),
            ("merge", #"{"from": 7}"#),
            ("merge", #"{"from": "\#(other)", "force": true}"#),
            ("merge", #"{"from": "cus_"#),
            ("merge", "[]"),
            ("split", #"{"mentions": []}"#),
            ("split", #"{"mentions": ["x"]}"#),
            ("split", #"{"mentions": ["\#(a1)", "\#(a1)"]}"#),
            ("split", #"{"mentions": ["\#(a1)", "\#(b1)"]}"#),  // every mention would leave
            ("split", #"{"mentions": "\#(a1)"}"#),
            ("split", "{\"mentions\": [" + Array(repeating: "\"\(a1)\"", count: 1_001).joined(separator: ",") + "]}"),
        ]
        for (action, body) in bad {
            let answer = try await d.daemon.request(
                "POST", "/api/v1/customers/\(kari)/\(action)",
                headers: ["Authorization": "Bearer \(TestDaemon.tokens["ops"]!)", "Content-Type": "application/json"],
                body: Data(body.utf8))
            #expect(answer.status == 400 && answer.json["error"] is String, "\(action) \(body.prefix(80)): \(answer.status) \(answer.text)")
        }
        let huge = try await d.daemon.request(
            "POST", "/api/v1/customers/\(kari)/merge",
            headers: ["Authorization": "Bearer \(TestDaemon.tokens["ops"]!)", "Content-Type": "application/json"],
            body: Data(("{\"from\": \"" + String(repeating: "x", count: 100_000) + "\"}").utf8))
        #expect(huge.status == 400 || huge.status == 413, "\(huge.status)")
        let unknown = try await d.api("POST", "/api/v1/customers/cus_000000000000000000000000/merge", body: Self.json(["from": kari]))
        #expect(unknown.status == 404)
        // Nothing of that changed the customers.
        let after = try await d.api("GET", "/api/v1/customers/\(kari)")
        #expect((after.json["mentions"] as? [[String: Any]])?.count == 2)
        try await d.daemon.stop()
    }
}
