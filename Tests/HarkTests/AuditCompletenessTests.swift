import Foundation
import HarkTesting
import Testing

/// Audit completeness (reliability.md §3.4 A6) against the real `hark` binary and its SQLite file.
///
/// About 30 mentions come in through the webhook; then 1,000 random state-changing calls by every
/// role (moves valid and not, assignments, corrections, hostile notes, bulk changes, erasures,
/// refused, missing and other-brand objects, hostile bodies) and 100 authentication failures,
/// interleaved, from a printed seed (`HARK_A6_SEED` repeats a run). Each answer names its request
/// id (`X-Request-Id`), which is the `request_id` of the records the call left.
///
/// What one call leaves (the design, documented in `InboxAPI+Workflow.swift`): one record per aspect
/// it changed (status, assignee, correction) or one `unchanged` record; one for a note; one for any
/// refusal (401, 403, 400, 404, 409); a bulk call over N ids as N changes under one request id. So a
/// call has exactly one record unless it changes several aspects or mentions at once.
@Suite struct AuditCompletenessTests {
    static let limits =
        "webhook_rate_per_source: 0, webhook_rate_per_address: 0, api_rate_per_token: 0, auth_failures_per_minute: 100000"
    static let calls = 1000
    static let failures = 100

    /// A row of `audit_log`.
    struct Row {
        var seq: Int
        var at: Int64
        var fields: [String: String]
        subscript(_ name: String) -> String? { fields[name] }
        static let columns = ["actor", "role", "action", "object", "before", "after", "request_id", "source_ip", "outcome"]
    }

    @Test func everyCallAndFailureLeavesItsAuditRecords() async throws {
        let seed = ProcessInfo.processInfo.environment["HARK_A6_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64(UInt32.max))
        print("A6 audit completeness: seed \(seed) (repeat with HARK_A6_SEED=\(seed))")
        var random = A6Random(state: seed)
        let d = try TestDaemon(config: TestDaemon.config(limits: Self.limits) + WorkflowAPITests.brands)
        defer { d.daemon.kill() }
        try await d.start()
        let sqlite = try #require(SQLite3(d.daemon.databasePath), "A6 reads the audit log with /usr/bin/sqlite3")
        var world = try await Self.seed(d)
        let baseline = try sqlite.int("SELECT coalesce(max(seq), 0) FROM audit_log")

        // The calls and the failures, interleaved; bounded in count and in time.
        var plan = Array(repeating: false, count: Self.calls) + Array(repeating: true, count: Self.failures)
        plan.shuffle(using: &random)
        let started = Date()
        let deadline = ContinuousClock.now + .seconds(300)
        var calls: [Call] = []
        for (number, failure) in plan.enumerated() {
            guard ContinuousClock.now < deadline else { break }
            var call = failure ? Self.makeFailure(number, world, &random) : Self.makeCall(number, world, &random)
            var headers = call.headers
            if let token = call.token { headers["Authorization"] = "Bearer \(TestDaemon.tokens[token]!)" }
            if call.body != nil { headers["Content-Type"] = "application/json" }
            // Sent to show it is not taken: the audit records carry Hark's own id, named in the answer.
            headers["X-Request-Id"] = "client-\(seed)-\(number)"
            let response = try await d.daemon.request(call.method, call.path, headers: headers, body: call.body)
            Self.expect(&call, response, &world)
            calls.append(call)
        }
        let finished = Date()
        #expect(calls.count == plan.count, "the run stopped at its time limit after \(calls.count) calls")

        let rows = try Self.rows(sqlite, after: baseline)
        Self.check(calls, rows, window: (started, finished))
        try Self.checkEscaping(sqlite, rows)
        try await Self.checkNoRouteChangesTheLog(d, sqlite, mention: world.own[0])
        try await d.daemon.stop()
        try Self.checkAppendOnly(sqlite)
    }

    /// The route table has no route that changes or deletes audit records (or a mention's history).
    @Test func noRouteWritesTheAuditLog() {
        let routes = APIAuthorizationTests.servedRoutes()
        #expect(routes.contains("GET /api/v1/mentions/{id}/history"), "the route table was read: \(routes.sorted())")
        let writes = routes.filter { !$0.hasPrefix("GET ") && !$0.hasPrefix("HEAD ") }
        let touching = writes.filter { route in ["audit", "history"].contains { route.lowercased().contains($0) } }
        #expect(touching.isEmpty, "routes that could change the audit log: \(touching.sorted())")
    }

    // MARK: The run

    /// 30 mentions (complaints and praise), 20 of the support token's brand; five people's addresses
    /// may be erased during the run.
    static func seed(_ d: TestDaemon) async throws -> World {
        let own = [
            "Tredje gang Nordlys sender feil faktura. Jeg går til Forbrukerrådet.", "Nordlys har ikke svart på tre uker.",
            "Fakturaen fra Nordlys er feil.", "Takk til Nordlys for rask hjelp!", "Nordlys-appen krasjer hver gang jeg logger inn.",
        ]
        let other = ["Another utility is slow to answer.", "The parcel is late again.", "Great service from the bakery today."]
        var world = World()
        for n in 0..<30 {
            let text = n < 20 ? own[n % own.count] : other[n % other.count]
            let address = "a6-\(n)@example.no"
            let answer = try await d.postForms(
                TestDaemon.body(id: "a6-\(n)", text: "\(text) (\(n))", address: address), deliveryID: "msg_a6_\(n)")
            #expect(answer.status == 202, "seeding \(n): \(answer.text)")
            let id = try #require(answer.json["id"] as? String)
            // Own brand is what the brand-scoped support token can see.
            if try await d.api("GET", "/api/v1/mentions/\(id)", token: "kari").status == 200 {
                world.own.append(id)
            } else {
                world.other.append(id)
            }
            if n % 6 == 5 { world.erasable.append(address) }
        }
        #expect(world.own.count == 20 && world.other.count == 10, "own \(world.own.count), other \(world.other.count)")
        return world
    }

    static func rows(_ sqlite: SQLite3, after baseline: Int) throws -> [Row] {
        try sqlite.json("SELECT seq, at, \(Row.columns.joined(separator: ", ")) FROM audit_log WHERE seq > \(baseline) ORDER BY seq")
            .map { object in
                Row(
                    seq: object["seq"] as? Int ?? 0, at: (object["at"] as? NSNumber)?.int64Value ?? 0,
                    fields: object.compactMapValues { $0 as? String })
            }
    }

    // MARK: Checks

    /// Every call has the records it should, each complete; the only records without a call of the
    /// run are erasures (a known gap: the store writes them without the request's id).
    static func check(_ calls: [Call], _ rows: [Row], window: (Date, Date)) {
        let ids = calls.compactMap(\.requestID)
        #expect(ids.count == calls.count, "\(calls.count - ids.count) answers without X-Request-Id")
        #expect(Set(ids).count == ids.count, "request ids repeat")
        let byRequest = Dictionary(grouping: rows.filter { $0["request_id"] != nil }, by: { $0["request_id"]! })
        var mismatches: [String] = []
        var problems: [String] = []
        for call in calls {
            let found = call.requestID.flatMap { byRequest[$0] } ?? []
            if found.count != call.expectedRows {
                mismatches.append(
                    "#\(call.number) \(call.kind) \(call.method) \(call.path.prefix(70)) as \(call.actor) → \(call.status): "
                        + "\(found.count) records \(found.map { "\($0["action"] ?? "")/\($0["outcome"] ?? "")" }), expected \(call.expectedRows)")
            }
            for row in found { problems += Self.problems(row, call, window: window) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) calls with the wrong number of records:\n\(mismatches.prefix(25).joined(separator: "\n"))")
        #expect(problems.isEmpty, "\(problems.count) incomplete records:\n\(problems.prefix(25).joined(separator: "\n"))")
        // Every correction body of the run is valid (`complaint: true` included), so none is refused as one.
        #expect(!calls.contains { $0.kind == .correct && $0.status == 400 }, "a well-formed correction was refused")

        let known = Set(ids)
        let orphans = rows.filter { $0["request_id"].map { !known.contains($0) } ?? true }
        #expect(orphans.isEmpty, "records of no call: \(orphans.prefix(5).map(\.fields))")
        for secret in TestDaemon.tokens.values {
            #expect(!rows.contains { $0.fields.values.contains { $0.contains(secret) } }, "a token is in the audit log")
        }
        report(calls, byRequest, orphans: orphans.count)
    }

    /// The figures of the run, per kind of call: answers, records found, and calls with 0 or more
    /// than one record.
    static func report(_ calls: [Call], _ byRequest: [String: [Row]], orphans: Int) {
        var lines = ["A6 kind        calls  answers                                   records  0 rec  1 rec  >1 rec"]
        var total = 0
        for kind in Kind.allCases {
            let some = calls.filter { $0.kind == kind }
            guard !some.isEmpty else { continue }
            let counts = some.map { call in call.requestID.flatMap { byRequest[$0]?.count } ?? 0 }
            let answers = Dictionary(grouping: some, by: \.status).mapValues(\.count).sorted { $0.key < $1.key }
                .map { "\($0.key)×\($0.value)" }.joined(separator: " ")
            total += counts.reduce(0, +)
            lines.append(
                kind.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0) + String(format: "%6d  ", some.count)
                    + answers.padding(toLength: 42, withPad: " ", startingAt: 0)
                    + String(
                        format: "%7d  %5d  %5d  %6d", counts.reduce(0, +), counts.filter { $0 == 0 }.count,
                        counts.filter { $0 == 1 }.count, counts.filter { $0 > 1 }.count))
        }
        let bulk = calls.filter { $0.kind == .bulk && $0.status == 200 }
        lines.append("A6 total: \(calls.count) calls, \(total) records by request id, \(orphans) records without one")
        lines.append(
            "A6 bulk: \(bulk.count) answered calls over \(bulk.map(\.bulkIDs.count).reduce(0, +)) ids left "
                + "\(bulk.map { $0.requestID.flatMap { byRequest[$0]?.count } ?? 0 }.reduce(0, +)) records")
        let outcomes = Dictionary(grouping: byRequest.values.joined(), by: { "\($0["action"] ?? "")/\($0["outcome"] ?? "")" })
            .mapValues(\.count).sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }
        lines.append("A6 records by action/outcome: \(outcomes.joined(separator: " "))")
        print(lines.joined(separator: "\n"))
    }

    /// What is wrong with one record of `call`.
    static func problems(_ row: Row, _ call: Call, window: (Date, Date)) -> [String] {
        var problems: [String] = []
        func require(_ condition: Bool, _ what: String) {
            if !condition { problems.append("#\(call.number) \(call.kind) → \(call.status), seq \(row.seq): \(what) \(row.fields)") }
        }
        require(row["actor"] == call.actor, "actor")
        require(row["role"] == call.role, "role")
        require(call.expectedActions.contains(row["action"] ?? ""), "action not one of \(call.expectedActions.sorted())")
        require(!(row["object"] ?? "").isEmpty, "no object")
        require(row["source_ip"] == "127.0.0.1", "source IP")
        require(Self.outcomes(call).contains(row["outcome"] ?? ""), "outcome not one of \(Self.outcomes(call).sorted())")
        let (from, to) = (Int64(window.0.timeIntervalSince1970 * 1000) - 1000, Int64(window.1.timeIntervalSince1970 * 1000) + 1000)
        require((from...to).contains(row.at), "time \(row.at) outside the run")
        if call.kind == .authFailure { require(row["object"] == call.path.split(separator: "?").first.map(String.init), "object is not the path") }
        let (before, after) = (row["before"], row["after"])
        guard row["outcome"] == "ok" else {
            require(before == nil && after == nil, "before or after on a record that changed nothing")
            return problems
        }
        switch row["action"] {
        case "mention.status": require(before != nil && after != nil && before != after, "status before/after")
        case "mention.assign": require((before != nil || after != nil) && before != after, "assignee before/after")
        case "mention.correct": require(before != nil && after != nil, "correction before/after")
        case "mention.note": require(before == nil && after != nil && after == call.noteID, "note id as after")
        case "erase": require(row["object"] == "person" && after?.hasPrefix("mentions=") == true, "erasure counts as after")
        default: require(false, "an ok record of an unexpected action")
        }
        return problems
    }

    /// No stored field holds a raw CR, LF, ESC or CSI, and the hostile text that reached the log
    /// arrived escaped.
    static func checkEscaping(_ sqlite: SQLite3, _ rows: [Row]) throws {
        let text = Row.columns.map { "coalesce(\($0), '')" }.joined(separator: " || '|' || ")
        let raw = try sqlite.int(
            """
            SELECT count(*) FROM audit_log WHERE instr(\(text), char(13)) OR instr(\(text), char(10))
                OR instr(\(text), char(27)) OR instr(\(text), char(155)) OR instr(\(text), char(7))
            """)
        #expect(raw == 0, "\(raw) audit records hold raw control characters")
        let escaped = rows.filter { ($0["object"] ?? "").contains(#"\r\nBcc: evil@example.com\u{1b}[31m"#) }
        #expect(!escaped.isEmpty, "no hostile bulk id reached the log escaped")
        print("A6 escaping: 0 raw control characters in \(rows.count) records; \(escaped.count) hostile ids stored escaped")
    }

    /// DELETE, PATCH, PUT and POST on plausible audit paths answer 403, 404 or 405, and every record
    /// stays as it was.
    static func checkNoRouteChangesTheLog(_ d: TestDaemon, _ sqlite: SQLite3, mention: String) async throws {
        let dump = "SELECT * FROM audit_log ORDER BY seq"
        let before = try sqlite.query(dump)
        let paths = [
            "/api/v1/audit", "/api/v1/audit/1", "/api/v1/audit_log", "/api/v1/audit-log/1", "/api/v1/admin/audit",
            "/api/v1/mentions/\(mention)/history", "/api/v1/mentions/\(mention)/history/1", "/api/v1/mentions/\(mention)/audit",
            "/audit", "/api/audit_log/1",
        ]
        var answers: [Int: Int] = [:]
        for path in paths {
            for method in ["DELETE", "PATCH", "PUT", "POST"] {
                for token in ["ops", "kari"] {
                    let response = try await d.api(method, path, token: token, body: Data(#"{"outcome": "ok"}"#.utf8))
                    answers[response.status, default: 0] += 1
                    #expect([403, 404, 405].contains(response.status), "\(method) \(path) as \(token): \(response.status)")
                }
            }
        }
        let after = try sqlite.query(dump)
        #expect(after.hasPrefix(before), "an API call changed or removed audit records")
        print("A6 audit routes: \(paths.count * 8) attempts to change the log answered \(answers.sorted { $0.key < $1.key })")
    }

    /// The triggers refuse UPDATE and DELETE, whatever the statement.
    static func checkAppendOnly(_ sqlite: SQLite3) throws {
        let dump = "SELECT * FROM audit_log ORDER BY seq"
        let before = try sqlite.query(dump)
        for sql in [
            "UPDATE audit_log SET outcome = 'ok', request_id = NULL", "UPDATE audit_log SET actor = 'x' WHERE seq = 1",
            "DELETE FROM audit_log", "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)",
            "UPDATE OR REPLACE audit_log SET seq = seq + 1000000",
        ] {
            do {
                try sqlite.run(sql)
                Issue.record("allowed: \(sql)")
            } catch {
                #expect("\(error)".contains("the audit log is append-only"), "\(sql): \(error)")
            }
        }
        #expect(try sqlite.query(dump) == before, "a refused statement changed the log")
        // INSERT OR REPLACE deletes the old row without DELETE triggers (SQLite runs them for
        // REPLACE only with recursive_triggers); a BEFORE INSERT trigger refuses a taken seq.
        do {
            try sqlite.run(
                """
                INSERT OR REPLACE INTO audit_log (seq, at, actor, action, outcome)
                SELECT seq, at, 'forged', action, outcome FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)
                """)
            Issue.record("INSERT OR REPLACE replaced an audit record")
        } catch {
            #expect("\(error)".contains("the audit log is append-only"), "\(error)")
        }
        #expect(try sqlite.query(dump) == before, "a forged record replaced a real one")
    }
}

extension SQLite3 {
    /// The rows of `sql` as JSON objects (sqlite3 `-json`; control characters come escaped).
    func json(_ sql: String) throws -> [[String: Any]] {
        let result = try CommandResult.run(Self.executable, ["-cmd", ".timeout 5000", "-json", database, sql], timeout: 60)
        guard result.status == 0 else { throw TestingError("sqlite3 \(sql): \(result.stderr)") }
        let text = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return [] }
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] ?? []
    }
}
