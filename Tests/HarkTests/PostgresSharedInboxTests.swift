import Foundation
import HarkCore
import HarkStorePostgres
import HarkTesting
import Synchronization
import Testing

/// Two instances behind one load balancer, on one PostgreSQL database: any instance serves any
/// request. A webhook taken by one is read on the other, a web session begun on one is good on the
/// other (and ends on both), a change made on one is seen on the other, and each alert of the
/// notifier's outbox is delivered once, not once per instance.
@Suite(.enabled(if: PostgresTestServer.isConfigured, "\(PostgresTestServer.skipMessage)"))
struct PostgresSharedInboxTests {
    static func config(_ database: PostgresStoreConfiguration, instance: String, server: FeedServer) -> String {
        let url = "postgres://\(database.username)@\(database.host):\(database.port)/\(database.database)?sslmode=disable"
        return NotifierTests.config(server).replacingOccurrences(
            of: #"storage: { sqlite: { path: "{{DB}}" }, disk_reserve_mib: 0 }"#,
            with: #"storage: { postgres: { url: "\#(url)", instance: "\#(instance)", lease: "3s", pool_size: 4 } }"#)
    }

    @Test func anyInstanceServesAnyRequest() async throws {
        let database = try await PostgresTestServer.freshConfiguration()
        try await withFeedServer { server in
            let delivered = Mutex<[String]>([])
            server.route("/ops") { request in
                delivered.withLock { $0.append(request.headers["webhook-id"] ?? "?") }
                return .status(200)
            }
            server.route("/chat") { _ in .status(200) }
            let pair = try ["a", "b"].map { name in
                try TestDaemon(
                    config: Self.config(database, instance: name, server: server),
                    environment: NotifierTests.environment(server))
            }
            defer { for d in pair { d.daemon.kill() } }
            for d in pair { try await d.start() }
            let (a, b) = (pair[0], pair[1])

            // Taken by a, read on b.
            let id = try await NotifierTests.complaint(a, "s1", NotifierTests.veryDissatisfied)
            let read = try await b.api("GET", "/api/v1/mentions/\(id)")
            #expect(read.status == 200 && read.json["id"] as? String == id, "\(read.status) \(read.text)")

            // Changed on b, seen on a.
            let changed = try await b.api(
                "PATCH", "/api/v1/mentions/\(id)", body: Data(#"{"status": "acknowledged", "assignee": "kari"}"#.utf8))
            #expect(changed.status == 200, "\(changed.text)")
            let seen = try await a.api("GET", "/api/v1/mentions/\(id)")
            #expect(seen.json["status"] as? String == "acknowledged" && seen.json["assignee"] as? String == "kari")

            // Signed in on a, at work on b, signed out on b, gone on a.
            let cookie = try await WebPageTests.signIn(a, token: TestDaemon.tokens["ops"]!)
            let page = try await b.daemon.request("GET", "/", headers: ["Cookie": cookie])
            #expect(page.status == 200, "the session begun on a is good on b")
            let csrf = try #require(WebPageTests.csrf(page.text))
            let out = try await b.daemon.request(
                "POST", "/logout", headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie],
                body: Data("csrf=\(csrf)".utf8))
            #expect(out.status == 303)
            #expect(try await a.daemon.request("GET", "/", headers: ["Cookie": cookie]).status == 303)

            // More alerts, half through each instance: each delivered once.
            var ids = [id]
            for index in 2...6 {
                ids.append(try await NotifierTests.complaint(pair[index % 2], "s\(index)", NotifierTests.veryDissatisfied + " \(index)"))
            }
            try await PostgresClusterTests.eventually("every alert delivered") { Set(delivered.withLock { $0 }).count == ids.count }
            try await Task.sleep(for: .seconds(2))  // two instances' drain intervals: a second sending would show
            let sent = delivered.withLock { $0 }
            #expect(sent.count == ids.count, "each alert once, not once per instance: \(sent)")
            try await Self.hostileRequests(a, b)
            for d in pair { _ = try await d.daemon.stop() }
        }
    }

    /// NUL characters, which PostgreSQL text cannot hold, in a webhook's fields, in a body that
    /// does not parse, and in filters and identifiers: stored cleaned, quarantined, or answered
    /// "nothing" and "not found", never a failing store.
    static func hostileRequests(_ a: TestDaemon, _ b: TestDaemon) async throws {
        let object: [String: Any] = [
            "id": "nul\u{0}1", "text": "Broken\u{0} again\u{1}", "title": "T\u{0}",
            "author": ["name": "K\u{0}ari", "email": "kari\u{0}@example.no"],
        ]
        let body = try JSONSerialization.data(withJSONObject: object)
        #expect(String(decoding: body, as: UTF8.self).contains("\\u0000"))
        let taken = try await a.postForms(body, deliveryID: "msg_nul")
        #expect(taken.status == 202, "\(taken.text)")
        let id = try #require(taken.json["id"] as? String)
        let read = try await b.api("GET", "/api/v1/mentions/\(id)")
        #expect(read.status == 200 && read.json["title"] as? String == "T", "\(read.text)")
        #expect(try await b.postForms(body, deliveryID: "msg_nul").json["id"] as? String == id, "a retry is the same mention")

        let broken = Data("{\"id\": \"x\\u0000\", \"text\": ".utf8)
        let quarantined = try await b.postForms(broken, deliveryID: "msg_nul_broken")
        #expect(quarantined.status == 202 && quarantined.json["quarantined"] is String, "\(quarantined.status) \(quarantined.text)")

        for (path, status) in [
            ("/api/v1/mentions?assignee=k%00", 400), ("/api/v1/mentions?brand=b%00", 200),
            ("/api/v1/mentions?q=late%00again", 400), ("/api/v1/mentions?language=e%00", 400),
        ] {
            let answer = try await b.api("GET", path)
            #expect(answer.status == status, "\(path): \(answer.status) \(answer.text)")
            if status == 200 { #expect(answer.json["items"] as? [Any] != nil && (answer.json["items"] as? [Any])?.isEmpty == true) }
        }
        let customer = try await a.api("GET", "/api/v1/customers/c%00")
        #expect(customer.status == 404, "\(customer.status) \(customer.text)")
        let merge = try await a.api("POST", "/api/v1/customers/c%00/merge", body: Data(#"{"into": "c2"}"#.utf8))
        #expect(merge.status == 404, "\(merge.status) \(merge.text)")
        let erase = try await b.api("POST", "/api/v1/erase", body: Data(#"{"address": "nobody\u0000@example.no"}"#.utf8))
        #expect(erase.status == 200, "\(erase.status) \(erase.text)")
    }
}
