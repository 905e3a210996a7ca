import Foundation
import HarkCore
import HarkRecurrence
import HarkServer
import HarkStore
import HarkTesting
import Hummingbird
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The authorisation matrix of the API (reliability.md §3.4 A1-A5, §4.4) against the real daemon.
///
/// The expected-status table below is data: one entry per API route, each giving the answer for every
/// caller × object. `everyRouteHasAMatrixEntry` builds Hark's real router and compares its routes with
/// the table (and with the short list of public routes), so a route added to `HarkRouter` without an
/// entry here fails the suite; `everyMatrixEntryIsComplete` checks each entry covers every
/// caller × object.
@Suite struct APIAuthorizationTests {
    // MARK: The table is complete

    struct NoSink: MentionSink {
        func submit(_ batch: IngestBatch) async throws -> [IngestReceipt] { [] }
    }

    /// The routes Hark's router really serves, as `METHOD /path/{param}`.
    static func servedRoutes() -> Set<String> {
        let router = HarkRouter(
            .init(
                settings: SettingsHolder(ServerSettings()), sink: NoSink(), store: MemoryInboxStore(),
                clock: SystemWallClock(), renderMetrics: { "" }, isReady: { true },
                insight: RecurrenceInsight(store: MemoryInboxStore())))
        var routes = Set(router.apiRouter(includeWebhooks: true).routes.map(\.description))
        routes.formUnion(router.hooksRouter().routes.map(\.description))
        return routes
    }

    @Test func everyRouteHasAMatrixEntry() {
        let served = Self.servedRoutes()
        let covered = Set(Self.matrix.keys).union(Self.publicRoutes)
        #expect(served.subtracting(covered).isEmpty, "routes without an authorisation matrix entry: \(served.subtracting(covered).sorted())")
        #expect(covered.subtracting(served).isEmpty, "matrix entries for routes that do not exist: \(covered.subtracting(served).sorted())")
        #expect(Set(Self.calls.keys) == Set(Self.matrix.keys), "every matrix route needs a way to call it")
        // Every authenticated route lives under /api/ and every /api/ route is in the matrix.
        for route in served where route.contains(" /api/") { #expect(Self.matrix[route] != nil, "\(route)") }
    }

    @Test func everyMatrixEntryIsComplete() {
        for (route, row) in Self.matrix {
            for caller in Caller.allCases {
                for object in Object.allCases {
                    #expect(row[caller]?[object] != nil, "\(route): no expectation for \(caller) × \(object)")
                }
            }
            // No enumeration: an object the caller may not see is 404, never 403; 403 is only for a
            // function the role lacks (the same for every object).
            for caller in Caller.allCases {
                let statuses = Set(Object.allCases.compactMap { row[caller]?[$0]?.status })
                #expect(!statuses.contains(403) || statuses == [403], "\(route) \(caller): 403 must not depend on the object")
            }
        }
    }

    // MARK: The matrix against the daemon

    static let matrixLimits = "webhook_rate_per_source: 0, webhook_rate_per_address: 0, auth_failures_per_minute: 10000"

    @Test func authorizationMatrix() async throws {
        // A helpdesk nobody listens at: hand-offs are stored, and their delivery is retried in the background.
        let helpdesk = #"notifier: { helpdesk: { url: "http://127.0.0.1:9/helpdesk", secret_env: "HARK_HELPDESK_SECRET" } }"#
        let d = try TestDaemon(
            config: TestDaemon.config(extraSources: helpdesk, limits: Self.matrixLimits),
            environment: ["HARK_HELPDESK_SECRET": TestDaemon.formsSecret])
        defer { d.daemon.kill() }
        try await d.start()
        let sqlite = try #require(SQLite3(d.daemon.databasePath), "the matrix needs /usr/bin/sqlite3 to give a mention a brand")
        var seeded = 0
        func seed() async throws -> World {
            seeded += 1
            let own = try await Self.post(d, id: "own\(seeded)", text: "Nordlys Energi billed me twice", address: "own\(seeded)@example.no")
            let other = try await Self.post(d, id: "other\(seeded)", text: "Another utility is slow", address: "other\(seeded)@example.no")
            // A second mention of each customer, for a split to move.
            let ownExtra = try await Self.post(d, id: "ownx\(seeded)", text: "Still billed twice", address: "own\(seeded)@example.no")
            let otherExtra = try await Self.post(d, id: "otherx\(seeded)", text: "Still slow", address: "other\(seeded)@example.no")
            // No assessment runs yet, so one (with its brands) is written to the store directly.
            for (id, brand) in [(own, "Nordlys Energi"), (other, "Other Power AS")] {
                try sqlite.run(
                    """
                    UPDATE mentions SET language = 'no', complaint = 1, severity = 'dissatisfied', category = 'billing',
                    brands = '["\(brand)"]' WHERE id = '\(id)'
                    """)
            }
            return World(
                own: own, ownAddress: "own\(seeded)@example.no", other: other, otherAddress: "other\(seeded)@example.no",
                ownExtra: ownExtra, otherExtra: otherExtra)
        }
        // Recurrence links a world's mentions to their customers moments after the commit (the
        // customer routes need that): wait, bounded.
        func linked(_ world: World) async throws {
            for id in [world.own, world.other, world.ownExtra, world.otherExtra] {
                var linked = false
                for _ in 0..<100 where !linked {
                    linked = try await d.api("GET", "/api/v1/mentions/\(id)").json["customer"] is [String: Any]
                    if !linked { try await Task.sleep(for: .milliseconds(50)) }
                }
                try #require(linked, "recurrence did not link \(id)")
            }
        }
        var world = try await seed()
        try await linked(world)
        var counts: [Int: Int] = [:]
        // Read-only routes first, then those that change data, each case of those on a fresh world.
        let routes = Self.matrix.keys.sorted { (Self.calls[$0]!.mutates ? 1 : 0, $0) < (Self.calls[$1]!.mutates ? 1 : 0, $1) }
        for route in routes {
            let call = try #require(Self.calls[route])
            for caller in Caller.allCases {
                for object in Object.allCases {
                    let expected = try #require(Self.matrix[route]?[caller]?[object])
                    if call.mutates {
                        world = try await seed()
                        if call.needsCustomers, expected.status < 300 { try await linked(world) }
                    }
                    let (method, path, body) = call.request(world, object)
                    var headers: [String: String] = [:]
                    if let authorization = caller.authorization { headers["Authorization"] = authorization }
                    if body != nil { headers["Content-Type"] = "application/json" }
                    let response = try await d.daemon.request(method, path, headers: headers, body: body)
                    let label = "\(route) as \(caller) on \(object)"
                    counts[response.status, default: 0] += 1
                    #expect(response.status == expected.status, "\(label): got \(response.status) \(response.text)")
                    if let affects = expected.affects, response.status == expected.status {
                        #expect(Self.affects(route: route, response: response, world: world, object: object) == affects, "\(label): affects")
                    }
                    if response.status == 200 { Self.checkRedaction(response, caller: caller, label: label) }
                    if response.status >= 400 {
                        #expect(response.json["error"] is String, "\(label): error body")
                        #expect(!response.text.contains("@example.no"), "\(label): an error leaks an address")
                    }
                }
            }
        }
        // Each refusal left an audit record: 401 as a denied authentication, 403 as a forbidden action.
        let expectedCounts = Self.matrix.values.flatMap { $0.values.flatMap { $0.values.map(\.status) } }
            .reduce(into: [Int: Int]()) { $0[$1, default: 0] += 1 }
        #expect(counts == expectedCounts)
        #expect(try sqlite.int("SELECT count(*) FROM audit_log WHERE action = 'api.authenticate' AND outcome = 'denied'") == expectedCounts[401] ?? 0)
        #expect(try sqlite.int("SELECT count(*) FROM audit_log WHERE outcome = 'forbidden'") == expectedCounts[403] ?? 0)
        let forbidden = try sqlite.query(
            "SELECT DISTINCT action, outcome FROM audit_log WHERE outcome = 'forbidden' ORDER BY action")
        #expect(
            forbidden
                == "customer.merge|forbidden\ncustomer.split|forbidden\nerase|forbidden\nmention.bulk|forbidden\nmention.change|forbidden\nmention.handoff|forbidden\n"
                + "mention.history|forbidden\nmention.note|forbidden\nmention.notes|forbidden\nsources.list|forbidden\ntokens.list|forbidden\n")
        try await d.daemon.stop()
    }

    static func affects(route: String, response: HTTPResult, world: World, object: Object) -> Bool {
        switch route {
        case "POST /api/v1/erase":
            return (response.json["mentions"] as? Int ?? 0) > 0
        case "PATCH /api/v1/mentions/{id}":
            return response.json["status"] as? String == "acknowledged"
        case "POST /api/v1/mentions/{id}/notes":
            return response.json["id"] is String && response.json["text"] is String
        case "POST /api/v1/mentions/{id}/handoff":
            return response.json["status"] as? String == "pending"
        case "POST /api/v1/customers/{id}/merge":
            let ids = (response.json["mentions"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            return response.json["id"] as? String == world.customer(object) && Set(ids).isSuperset(of: [world.own, world.other])
        case "POST /api/v1/customers/{id}/split":
            let ids = (response.json["mentions"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            return response.json["id"] as? String != world.customer(object) && ids == [world.extra(object)]
        case "POST /api/v1/mentions/bulk":
            let items = response.json["items"] as? [[String: Any]] ?? []
            return items.contains { $0["id"] as? String == world.id(object) && $0["status"] as? Int == 200 }
        default:
            let items = response.json["items"] as? [[String: Any]] ?? Self.jsonLines(response)
            return items.contains { $0["id"] as? String == world.id(object) }
        }
    }

    /// The objects of a JSON Lines answer (an export); empty for anything else.
    static func jsonLines(_ response: HTTPResult) -> [[String: Any]] {
        guard response.header("content-type")?.hasPrefix("application/jsonl") == true else { return [] }
        return response.text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// Marketing never sees personal fields; the other roles do (so the check is not vacuous).
    static func checkRedaction(_ response: HTTPResult, caller: Caller, label: String) {
        let json = response.json
        let mentions: [[String: Any]] = (json["items"] as? [[String: Any]] ?? (json["id"] != nil ? [json] : jsonLines(response)))
            .filter { $0["received_at"] != nil }  // mentions, not notes, history or bulk results
        for mention in mentions {
            if caller == .marketing {
                #expect(mention["author"] == nil, "\(label): author shown to marketing")
                #expect(mention["external_id"] == nil, "\(label): external_id shown to marketing")
                #expect(!response.text.contains("@example.no"), "\(label): an address shown to marketing")
            } else {
                #expect(mention["author"] != nil && mention["external_id"] != nil, "\(label): personal fields missing")
            }
        }
    }

    static func post(_ d: TestDaemon, id: String, text: String, address: String) async throws -> String {
        let response = try await d.postForms(TestDaemon.body(id: id, text: text, address: address), deliveryID: "msg_\(id)")
        #expect(response.status == 202, "seeding \(id): \(response.status) \(response.text)")
        return try #require(response.json["id"] as? String)
    }

    // MARK: Brand scope and redaction, spelled out

    @Test func brandScopedSupportSeesNothingOfOtherBrands() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        // Without assessment a mention has no brand: outside Kari's scope.
        let id = try await Self.post(d, id: "b1", text: "The parcel is late again", address: "kari@example.no")
        let list = try await d.api("GET", "/api/v1/mentions", token: "kari")
        #expect(list.status == 200)
        #expect((list.json["items"] as? [Any])?.isEmpty == true, "\(list.text)")
        #expect(list.json.keys.contains("next_cursor"))
        let shown = try await d.api("GET", "/api/v1/mentions/\(id)", token: "kari")
        #expect(shown.status == 404)
        // The same answer as for an id that does not exist: no enumeration.
        let missing = try await d.api("GET", "/api/v1/mentions/\(World.missingID)", token: "kari")
        #expect(missing.status == 404)
        #expect(shown.text == missing.text)
        // A brand filter cannot widen the scope.
        let widened = try await d.api("GET", "/api/v1/mentions?brand=Other", token: "kari")
        #expect((widened.json["items"] as? [Any])?.isEmpty == true)
        // Admin sees it, marketing sees it without personal data.
        #expect(try await d.api("GET", "/api/v1/mentions/\(id)", token: "ops").status == 200)
        let marketing = try await d.api("GET", "/api/v1/mentions/\(id)", token: "mkt")
        #expect(marketing.status == 200)
        #expect(marketing.json["author"] == nil)
        #expect(marketing.json["external_id"] == nil)
        #expect(marketing.json["text"] as? String == "The parcel is late again")
        #expect(!marketing.text.contains("kari@example.no"))
        let marketingList = try await d.api("GET", "/api/v1/mentions", token: "mkt")
        let items = try #require(marketingList.json["items"] as? [[String: Any]])
        #expect(items.count == 1)
        #expect(items.allSatisfy { $0["author"] == nil && $0["external_id"] == nil })
        #expect(!marketingList.text.contains("kari@example.no"))
        try await d.daemon.stop()
    }

}

/// `/usr/bin/sqlite3` against a daemon's database (WAL mode lets it run beside the daemon).
struct SQLite3 {
    static let executable = URL(fileURLWithPath: "/usr/bin/sqlite3")
    let database: String

    /// `nil` when sqlite3 is not installed.
    init?(_ database: String) {
        guard FileManager.default.isExecutableFile(atPath: Self.executable.path) else { return nil }
        self.database = database
    }

    /// The output of `sql` in sqlite3's default list mode (`a|b` lines).
    func query(_ sql: String) throws -> String {
        let result = try CommandResult.run(Self.executable, ["-cmd", ".timeout 5000", database, sql], timeout: 30)
        guard result.status == 0 else { throw TestingError("sqlite3 \(sql): \(result.stderr)") }
        return result.stdout
    }

    func run(_ sql: String) throws { _ = try query(sql) }

    func int(_ sql: String) throws -> Int {
        let text = try query(sql).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let value = Int(text) else { throw TestingError("sqlite3 \(sql): not a number: \(text)") }
        return value
    }
}
