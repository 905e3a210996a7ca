import Foundation
import HarkCore
import HarkTesting
import Testing

/// Recurrence in the running daemon: webhooks in, assessed, and within moments each mention's
/// JSON says who its customer is, how often they complained before, and which issue it is part of.
@Suite struct RecurrenceDaemonTests {
    @Test func mentionsShowTheirCustomerAndIssue() async throws {
        let d = try ExportAPITests.daemon()
        defer { d.daemon.kill() }
        try await d.start()
        let first = try await ExportAPITests.post(
            d, id: "r1", text: RecurrenceUnitTests.original, address: "kari@example.no")
        let second = try await ExportAPITests.post(
            d, id: "r2", text: RecurrenceUnitTests.paraphrase, address: "Kari@Example.no")
        let other = try await ExportAPITests.post(
            d, id: "r3", text: RecurrenceUnitTests.unrelated, address: "ola@example.no")

        func show(_ id: String, token: String = "ops") async throws -> [String: Any] {
            try await d.api("GET", "/api/v1/mentions/\(id)", token: token).json
        }
        // The recurrence service runs after the commit: wait (bounded) until it saw all three.
        var seen = false
        for _ in 0..<100 where !seen {
            seen = try await [first, second, other].asyncAllSatisfy { try await show($0)["customer"] is [String: Any] }
            if !seen { try await Task.sleep(for: .milliseconds(100)) }
        }
        try #require(seen, "recurrence did not run")
        let a = try await show(first)
        let b = try await show(second)
        let c = try await show(other)
        let customerA = try #require(a["customer"] as? [String: Any])
        let customerB = try #require(b["customer"] as? [String: Any])
        #expect(customerA["id"] as? String == customerB["id"] as? String, "one customer by address")
        #expect(customerA["prior_complaints"] as? Int == 0)
        #expect(customerB["prior_complaints"] as? Int == 1 && customerB["last_complaint_at"] is String, "\(customerB)")
        #expect((c["customer"] as? [String: Any])?["id"] as? String != customerA["id"] as? String)
        let issueA = try #require(a["issue"] as? [String: Any], "\(a)")
        let issueB = try #require(b["issue"] as? [String: Any])
        #expect(issueA["id"] as? String == issueB["id"] as? String, "the paraphrase is the same issue")
        #expect(issueB["occurrences"] as? Int == 2)
        #expect(!(issueB["label"] as? String ?? "").isEmpty)
        #expect((c["issue"] as? [String: Any])?["id"] as? String != issueA["id"] as? String)
        // The list shows them too; marketing sees the customer id, never the address.
        let list = try await d.api("GET", "/api/v1/mentions", token: "mkt")
        let items = list.json["items"] as? [[String: Any]] ?? []
        #expect(items.count == 3 && items.allSatisfy { $0["customer"] is [String: Any] })
        #expect(!list.text.contains("@example.no"))
        // Exports carry them as well.
        let export = try await d.api("GET", "/api/v1/export?format=jsonl")
        let exported = try ExportAPITests.jsonLines(export)
        #expect(exported.count == 3 && exported.allSatisfy { $0["customer"] is [String: Any] }, "\(export.text)")
        let cli = try d.daemon.command(["export", "--format", "jsonl", "--config", d.daemon.configPath])
        #expect(cli.stdout.split(separator: "\n").allSatisfy { $0.contains("\"prior_complaints\"") }, "\(cli.stdout)")

        // The customer across their mentions; marketing learns the kind of evidence, not the address.
        let customerID = try #require(customerA["id"] as? String)
        let customer = try await d.api("GET", "/api/v1/customers/\(customerID)")
        #expect(customer.status == 200)
        #expect((customer.json["mentions"] as? [[String: Any]])?.count == 2)
        #expect(customer.json["complaints"] as? Int == 2)
        #expect((customer.json["evidence"] as? [[String: Any]])?.first?["value"] as? String == "kari@example.no")
        let marketing = try await d.api("GET", "/api/v1/customers/\(customerID)", token: "mkt")
        #expect(marketing.status == 200 && !marketing.text.contains("@example.no"), "\(marketing.text)")
        #expect((marketing.json["evidence"] as? [[String: Any]])?.first?["kind"] as? String == "address")
        for path in ["/api/v1/customers/cus_nobody", "/api/v1/customers/..%2F..%2Fetc", "/api/v1/customers/%27%20OR%201=1"] {
            #expect(try await d.api("GET", path).status == 404, "\(path)")
        }

        // Issues, most complaints first.
        let issues = try await d.api("GET", "/api/v1/issues?min=2")
        let listed = try #require(issues.json["items"] as? [[String: Any]])
        #expect(listed.count == 1 && listed.first?["id"] as? String == issueA["id"] as? String, "\(issues.text)")
        #expect(listed.first?["occurrences"] as? Int == 2 && listed.first?["category"] is String)
        for path in ["/api/v1/issues?order=drop", "/api/v1/issues?min=0", "/api/v1/issues?category=x", "/api/v1/issues?limit=-1",
            "/api/v1/issues?sort=1"]
        {
            #expect(try await d.api("GET", path).status == 400, "\(path)")
        }
        try await d.daemon.stop()
    }
}

extension Array {
    func asyncAllSatisfy(_ predicate: (Element) async throws -> Bool) async rethrows -> Bool {
        for element in self where try await !predicate(element) { return false }
        return true
    }
}
