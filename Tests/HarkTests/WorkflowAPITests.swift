import Foundation
import HarkTesting
import Testing

/// The workflow over HTTP against the real daemon: PATCH moves and corrects, notes, history and
/// bulk changes; hostile bodies get a clear 400 and change nothing.
@Suite struct WorkflowAPITests {
    static let brands = "\nbrands:\n  - { name: \"Nordlys Energi\", aliases: [\"Nordlys\"] }\n"

    func complaint(_ d: TestDaemon, _ id: String, _ text: String) async throws -> String {
        let answer = try await d.postForms(TestDaemon.body(id: id, text: text, address: "\(id)@example.no"), deliveryID: "msg_\(id)")
        #expect(answer.status == 202, "\(answer.text)")
        return try #require(answer.json["id"] as? String)
    }

    func json(_ text: String) -> Data { Data(text.utf8) }

    @Test func patchMovesCorrectsAndIsAudited() async throws {
        let d = try TestDaemon(config: TestDaemon.config() + Self.brands)
        defer { d.daemon.kill() }
        try await d.start()
        let id = try await complaint(d, "p1", "Tredje gang Nordlys sender feil faktura. Jeg går til Forbrukerrådet.")
        let fresh = try await d.api("GET", "/api/v1/mentions/\(id)")
        #expect(fresh.json["severity"] as? String == "very_dissatisfied")
        #expect(fresh.json["response_kind"] as? String == "personal")
        #expect(fresh.json["due_at"] is String && fresh.json["overdue"] as? Bool == false)
        #expect(fresh.json["corrected"] is NSNull && fresh.json["notes_count"] as? Int == 0)

        let moved = try await d.api(
            "PATCH", "/api/v1/mentions/\(id)", token: "kari", body: json(#"{"status": "acknowledged", "assignee": "kari"}"#))
        #expect(moved.status == 200, "\(moved.text)")
        #expect(moved.json["status"] as? String == "acknowledged" && moved.json["assignee"] as? String == "kari")

        let refused = try await d.api("PATCH", "/api/v1/mentions/\(id)", body: json(#"{"status": "closed"}"#))
        #expect(refused.status == 409)
        #expect(refused.json["error"] as? String == "invalid_transition")
        #expect((refused.json["message"] as? String)?.contains("allowed: in_progress, resolved, dismissed") == true, "\(refused.text)")

        let corrected = try await d.api(
            "PATCH", "/api/v1/mentions/\(id)", token: "kari", body: json(#"{"severity": "dissatisfied", "category": "service"}"#))
        #expect(corrected.status == 200, "\(corrected.text)")
        #expect(corrected.json["severity"] as? String == "dissatisfied", "the correction wins")
        #expect(corrected.json["category"] as? String == "service")
        let correction = try #require(corrected.json["corrected"] as? [String: Any])
        #expect(correction["by"] as? String == "token:kari" && correction["severity"] as? String == "dissatisfied")
        #expect(correction["at"] is String)

        let unassigned = try await d.api("PATCH", "/api/v1/mentions/\(id)", body: json(#"{"assignee": null}"#))
        #expect(unassigned.json["assignee"] is NSNull)

        let history = try await d.api("GET", "/api/v1/mentions/\(id)/history", token: "kari")
        let items = try #require(history.json["items"] as? [[String: Any]])
        #expect(items.map { $0["action"] as? String ?? "" } == [
            "mention.assign", "mention.status", "mention.correct", "mention.assign",
        ])
        #expect(items.allSatisfy { $0["request_id"] is String && $0["at"] is String })
        #expect(items.first?["actor"] as? String == "token:kari" && items.first?["role"] as? String == "support")
        #expect(items.last?["actor"] as? String == "token:ops")

        // The filters see the corrected values.
        let bySeverity = try await d.api("GET", "/api/v1/mentions?severity=dissatisfied&category=service&assignee=kari")
        #expect((bySeverity.json["items"] as? [[String: Any]])?.isEmpty == true)
        let byCorrected = try await d.api("GET", "/api/v1/mentions?severity=dissatisfied&category=service")
        #expect((byCorrected.json["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
        try await d.daemon.stop()
    }

    @Test func notesAndBulkChanges() async throws {
        let d = try TestDaemon(config: TestDaemon.config() + Self.brands)
        defer { d.daemon.kill() }
        try await d.start()
        let first = try await complaint(d, "n1", "Nordlys har ikke svart på tre uker.")
        let second = try await complaint(d, "n2", "Fakturaen fra Nordlys er feil.")
        let note = try await d.api(
            "POST", "/api/v1/mentions/\(first)/notes", token: "kari", body: json(#"{"text": "Ringte kunden <b>i dag</b>."}"#))
        #expect(note.status == 201, "\(note.text)")
        #expect(note.json["text"] as? String == "Ringte kunden <b>i dag</b>.", "kept as written; escaping is the page's job")
        let notes = try await d.api("GET", "/api/v1/mentions/\(first)/notes", token: "kari")
        #expect((notes.json["items"] as? [[String: Any]])?.count == 1)
        #expect(try await d.api("GET", "/api/v1/mentions/\(first)").json["notes_count"] as? Int == 1)

        let missing = "0193a5b2-7c1e-7d3a-9f10-2b6c8e4d1a7f"
        let bulk = try await d.api(
            "POST", "/api/v1/mentions/bulk",
            body: json(#"{"ids": ["\#(first)", "\#(second)", "\#(missing)", "nonsense"], "status": "acknowledged"}"#))
        #expect(bulk.status == 200, "\(bulk.text)")
        let results = try #require(bulk.json["items"] as? [[String: Any]])
        #expect(results.map { $0["status"] as? Int } == [200, 200, 404, 404])
        // A second time: acknowledged → acknowledged is no change, still fine; resolved → new is refused per id.
        let resolve = try await d.api(
            "POST", "/api/v1/mentions/bulk", body: json(#"{"ids": ["\#(first)"], "status": "resolved"}"#))
        #expect((resolve.json["items"] as? [[String: Any]])?.first?["status"] as? Int == 200)
        let back = try await d.api("POST", "/api/v1/mentions/bulk", body: json(#"{"ids": ["\#(first)"], "status": "new"}"#))
        let refusal = try #require((back.json["items"] as? [[String: Any]])?.first)
        #expect(refusal["status"] as? Int == 409 && (refusal["error"] as? String)?.contains("resolved") == true)
        try await d.daemon.stop()
    }

    @Test func hostileBodiesAreRefusedAndChangeNothing() async throws {
        let d = try TestDaemon(config: TestDaemon.config() + Self.brands)
        defer { d.daemon.kill() }
        try await d.start()
        let id = try await complaint(d, "h1", "Nordlys har sendt feil faktura.")
        let bodies: [(String, String)] = [
            ("", "JSON object"),
            ("[]", "JSON object"),
            ("{", "JSON object"),
            (#"{"status": "done"}"#, "status must be one of"),
            (#"{"status": 3}"#, "status must be one of"),
            (#"{"severity": "furious"}"#, "severity must be one of"),
            (#"{"complaint": 1}"#, "complaint must be true or false"),
            (#"{"complaint": "yes"}"#, "complaint must be true or false"),
            (#"{"assignee": 7}"#, "assignee must be a string or null"),
            (#"{"assignee": "a\u0000b"}"#, "assignee must be one line"),
            (#"{"assignee": "\#(String(repeating: "x", count: 300))"}"#, "assignee must be one line"),
            (#"{"text": "mass assignment", "status": "acknowledged"}"#, "unknown fields: text"),
            (#"{"id": "other", "received_at": "2020-01-01T00:00:00Z"}"#, "unknown fields"),
            ("{}", "give at least one of"),
            (String(repeating: " ", count: 70_000) + "{}", "too large"),
        ]
        for (body, message) in bodies {
            let answer = try await d.api("PATCH", "/api/v1/mentions/\(id)", body: json(body))
            #expect(answer.status == 400, "\(body.prefix(40)): \(answer.status) \(answer.text)")
            #expect((answer.json["message"] as? String)?.contains(message) == true, "\(body.prefix(40)): \(answer.text)")
        }
        for body in [#"{}"#, #"{"text": ""}"#, #"{"text": 5}"#, #"{"text": "x", "author": "ceo"}"#] {
            let answer = try await d.api("POST", "/api/v1/mentions/\(id)/notes", body: json(body))
            #expect(answer.status == 400, "\(body): \(answer.text)")
        }
        for body in [#"{"ids": []}"#, #"{"ids": "x", "status": "acknowledged"}"#, #"{"status": "acknowledged"}"#] {
            let answer = try await d.api("POST", "/api/v1/mentions/bulk", body: json(body))
            #expect(answer.status == 400, "\(body): \(answer.text)")
        }
        let unchanged = try await d.api("GET", "/api/v1/mentions/\(id)")
        #expect(unchanged.json["status"] as? String == "new" && unchanged.json["assignee"] is NSNull)
        #expect(unchanged.json["notes_count"] as? Int == 0 && unchanged.json["corrected"] is NSNull)
        let history = try await d.api("GET", "/api/v1/mentions/\(id)/history")
        #expect((history.json["items"] as? [[String: Any]])?.isEmpty == true)
        try await d.daemon.stop()
    }
}
