import Foundation
import HarkCore
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
    // MARK: The expected-status table

    /// Who calls. Tokens come from the configuration only, so they do not expire; a revoked (removed
    /// by a reload) or rotated token is covered by `revokedAndRotatedTokensAreRefusedAfterAReload`.
    enum Caller: String, CaseIterable, Sendable, Hashable {
        case noToken, bearerAlone, basicScheme, unknownToken, marketing, support, admin

        static let unknownTokenValue = "hark_unknown_token_canary_71d3"

        /// The `Authorization` header sent, if any.
        var authorization: String? {
            switch self {
            case .noToken: nil
            case .bearerAlone: "Bearer"
            case .basicScheme: "Basic x"
            case .unknownToken: "Bearer \(Self.unknownTokenValue)"
            case .marketing: "Bearer \(TestDaemon.tokens["mkt"]!)"
            case .support: "Bearer \(TestDaemon.tokens["kari"]!)"
            case .admin: "Bearer \(TestDaemon.tokens["ops"]!)"
            }
        }
    }

    /// What the request is about: a mention of the support token's brand ("Nordlys Energi"), a mention
    /// of another brand, or an id / address that does not exist.
    enum Object: String, CaseIterable, Sendable, Hashable {
        case ownBrand, otherBrand, missing
    }

    /// The expected answer; `affects` (when given) says whether the object shows up in a list, or is
    /// erased by an erase.
    struct Expect: Hashable, Sendable, CustomStringConvertible {
        var status: Int
        var affects: Bool? = nil
        var description: String { affects.map { "\(status) (affects: \($0))" } ?? "\(status)" }
    }

    typealias Row = [Caller: [Object: Expect]]

    /// The same answer for every object.
    static func all(_ status: Int, affects: Bool? = nil) -> [Object: Expect] {
        Dictionary(uniqueKeysWithValues: Object.allCases.map { ($0, Expect(status: status, affects: affects)) })
    }

    /// Callers without a usable token: `401` whatever they ask for.
    static let unauthenticated: Row = [
        .noToken: all(401), .bearerAlone: all(401), .basicScheme: all(401), .unknownToken: all(401),
    ]

    /// The expected-status table, keyed by route as Hummingbird describes it (`METHOD /path/{param}`).
    /// An unauthorised object is `404`, never `403` (no enumeration); a role lacking a function is `403`.
    static let matrix: [String: Row] = [
        "GET /api/v1/mentions": unauthenticated.merging([
            .marketing: [
                .ownBrand: Expect(status: 200, affects: true), .otherBrand: Expect(status: 200, affects: true),
                .missing: Expect(status: 200, affects: false),
            ],
            .support: [
                .ownBrand: Expect(status: 200, affects: true), .otherBrand: Expect(status: 200, affects: false),
                .missing: Expect(status: 200, affects: false),
            ],
            .admin: [
                .ownBrand: Expect(status: 200, affects: true), .otherBrand: Expect(status: 200, affects: true),
                .missing: Expect(status: 200, affects: false),
            ],
        ]) { $1 },
        "GET /api/v1/mentions/{id}": unauthenticated.merging([
            .marketing: [.ownBrand: Expect(status: 200), .otherBrand: Expect(status: 200), .missing: Expect(status: 404)],
            .support: [.ownBrand: Expect(status: 200), .otherBrand: Expect(status: 404), .missing: Expect(status: 404)],
            .admin: [.ownBrand: Expect(status: 200), .otherBrand: Expect(status: 200), .missing: Expect(status: 404)],
        ]) { $1 },
        "POST /api/v1/erase": unauthenticated.merging([
            .marketing: all(403, affects: false),
            .support: all(403, affects: false),
            .admin: [
                .ownBrand: Expect(status: 200, affects: true), .otherBrand: Expect(status: 200, affects: true),
                .missing: Expect(status: 200, affects: false),
            ],
        ]) { $1 },
        "GET /api/v1/sources": unauthenticated.merging([
            .marketing: all(403), .support: all(200), .admin: all(200),
        ]) { $1 },
        "PATCH /api/v1/mentions/{id}": writes(200),
        "POST /api/v1/mentions/{id}/notes": writes(201),
        "GET /api/v1/mentions/{id}/notes": unauthenticated.merging([
            .marketing: all(403),
            .support: [.ownBrand: Expect(status: 200), .otherBrand: Expect(status: 404), .missing: Expect(status: 404)],
            .admin: [.ownBrand: Expect(status: 200), .otherBrand: Expect(status: 200), .missing: Expect(status: 404)],
        ]) { $1 },
        "GET /api/v1/mentions/{id}/history": unauthenticated.merging([
            .marketing: all(403),
            .support: [.ownBrand: Expect(status: 200), .otherBrand: Expect(status: 404), .missing: Expect(status: 404)],
            .admin: [.ownBrand: Expect(status: 200), .otherBrand: Expect(status: 200), .missing: Expect(status: 404)],
        ]) { $1 },
        // One answer per id: a mention the caller may not see is reported 404 inside, and unchanged.
        "POST /api/v1/mentions/bulk": unauthenticated.merging([
            .marketing: all(403, affects: false),
            .support: [
                .ownBrand: Expect(status: 200, affects: true), .otherBrand: Expect(status: 200, affects: false),
                .missing: Expect(status: 200, affects: false),
            ],
            .admin: [
                .ownBrand: Expect(status: 200, affects: true), .otherBrand: Expect(status: 200, affects: true),
                .missing: Expect(status: 200, affects: false),
            ],
        ]) { $1 },
    ]

    /// A route that changes one mention: marketing may not; support only within its brands.
    static func writes(_ status: Int) -> Row {
        unauthenticated.merging([
            .marketing: all(403, affects: false),
            .support: [
                .ownBrand: Expect(status: status, affects: true), .otherBrand: Expect(status: 404),
                .missing: Expect(status: 404),
            ],
            .admin: [
                .ownBrand: Expect(status: status, affects: true), .otherBrand: Expect(status: status, affects: true),
                .missing: Expect(status: 404),
            ],
        ]) { $1 }
    }

    /// Routes that need no token, with why. Everything else the router serves must be in `matrix`.
    static let publicRoutes: Set<String> = [
        "GET /healthz", "GET /readyz", "GET /metrics",  // liveness, readiness, Prometheus (loopback listener)
        "POST /hooks/{source}",  // authenticated by the webhook signature instead (WebhookIntakeTests)
        // The web page: its own session cookie, CSRF token and roles (WebPageTests, WebBrowserTests).
        "GET /login", "POST /login", "POST /logout", "GET /language", "GET /static/hark.css", "GET /favicon.ico", "GET /",
        "GET /mentions/{id}", "POST /mentions/{id}/change", "POST /mentions/{id}/notes",
    ]

    /// How each route of the table is called for an object. Routes that change data (`mutates`) get a
    /// freshly seeded world for every case, so one case's erasure cannot change another's answer.
    struct RouteCall: Sendable {
        var mutates: Bool
        var request: @Sendable (World, Object) -> (method: String, path: String, body: Data?)
    }

    static let calls: [String: RouteCall] = [
        "GET /api/v1/mentions": RouteCall(mutates: false) { _, _ in ("GET", "/api/v1/mentions?limit=200", nil) },
        "GET /api/v1/mentions/{id}": RouteCall(mutates: false) { world, object in
            ("GET", "/api/v1/mentions/\(world.id(object))", nil)
        },
        "GET /api/v1/sources": RouteCall(mutates: false) { _, _ in ("GET", "/api/v1/sources", nil) },
        "POST /api/v1/erase": RouteCall(mutates: true) { world, object in
            ("POST", "/api/v1/erase", try! JSONSerialization.data(withJSONObject: ["address": world.address(object)]))
        },
        "PATCH /api/v1/mentions/{id}": RouteCall(mutates: true) { world, object in
            ("PATCH", "/api/v1/mentions/\(world.id(object))", Data(#"{"status": "acknowledged"}"#.utf8))
        },
        "POST /api/v1/mentions/{id}/notes": RouteCall(mutates: true) { world, object in
            ("POST", "/api/v1/mentions/\(world.id(object))/notes", Data(#"{"text": "Called back; sending a new meter."}"#.utf8))
        },
        "GET /api/v1/mentions/{id}/notes": RouteCall(mutates: false) { world, object in
            ("GET", "/api/v1/mentions/\(world.id(object))/notes", nil)
        },
        "GET /api/v1/mentions/{id}/history": RouteCall(mutates: false) { world, object in
            ("GET", "/api/v1/mentions/\(world.id(object))/history", nil)
        },
        "POST /api/v1/mentions/bulk": RouteCall(mutates: true) { world, object in
            ("POST", "/api/v1/mentions/bulk", Data(#"{"ids": ["\#(world.id(object))"], "assignee": "kari"}"#.utf8))
        },
    ]

    /// The mentions the matrix runs against.
    struct World: Sendable {
        var own: String
        var ownAddress: String
        var other: String
        var otherAddress: String
        static let missingID = "0193a5b2-7c1e-7d3a-9f10-2b6c8e4d1a7f"
        static let missingAddress = "nobody@example.invalid"

        func id(_ object: Object) -> String {
            switch object {
            case .ownBrand: own
            case .otherBrand: other
            case .missing: Self.missingID
            }
        }

        func address(_ object: Object) -> String {
            switch object {
            case .ownBrand: ownAddress
            case .otherBrand: otherAddress
            case .missing: Self.missingAddress
            }
        }
    }

    // MARK: The table is complete

    struct NoSink: MentionSink {
        func submit(_ batch: IngestBatch) async throws -> [IngestReceipt] { [] }
    }

    /// The routes Hark's router really serves, as `METHOD /path/{param}`.
    static func servedRoutes() -> Set<String> {
        let router = HarkRouter(
            .init(
                settings: SettingsHolder(ServerSettings()), sink: NoSink(), store: MemoryInboxStore(),
                clock: SystemWallClock(), renderMetrics: { "" }, isReady: { true }))
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
        let d = try TestDaemon(config: TestDaemon.config(limits: Self.matrixLimits))
        defer { d.daemon.kill() }
        try await d.start()
        let sqlite = try #require(SQLite3(d.daemon.databasePath), "the matrix needs /usr/bin/sqlite3 to give a mention a brand")
        var seeded = 0
        func seed() async throws -> World {
            seeded += 1
            let own = try await Self.post(d, id: "own\(seeded)", text: "Nordlys Energi billed me twice", address: "own\(seeded)@example.no")
            let other = try await Self.post(d, id: "other\(seeded)", text: "Another utility is slow", address: "other\(seeded)@example.no")
            // No assessment runs yet, so one (with its brands) is written to the store directly.
            for (id, brand) in [(own, "Nordlys Energi"), (other, "Other Power AS")] {
                try sqlite.run(
                    """
                    UPDATE mentions SET language = 'no', complaint = 1, severity = 'dissatisfied', category = 'billing',
                    brands = '["\(brand)"]' WHERE id = '\(id)'
                    """)
            }
            return World(own: own, ownAddress: "own\(seeded)@example.no", other: other, otherAddress: "other\(seeded)@example.no")
        }
        var world = try await seed()
        var counts: [Int: Int] = [:]
        // Read-only routes first, then those that change data, each case of those on a fresh world.
        let routes = Self.matrix.keys.sorted { (Self.calls[$0]!.mutates ? 1 : 0, $0) < (Self.calls[$1]!.mutates ? 1 : 0, $1) }
        for route in routes {
            let call = try #require(Self.calls[route])
            for caller in Caller.allCases {
                for object in Object.allCases {
                    let expected = try #require(Self.matrix[route]?[caller]?[object])
                    if call.mutates { world = try await seed() }
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
                == "erase|forbidden\nmention.bulk|forbidden\nmention.change|forbidden\nmention.history|forbidden\n"
                + "mention.note|forbidden\nmention.notes|forbidden\nsources.list|forbidden\n")
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
        case "POST /api/v1/mentions/bulk":
            let items = response.json["items"] as? [[String: Any]] ?? []
            return items.contains { $0["id"] as? String == world.id(object) && $0["status"] as? Int == 200 }
        default:
            let items = response.json["items"] as? [[String: Any]] ?? []
            return items.contains { $0["id"] as? String == world.id(object) }
        }
    }

    /// Marketing never sees personal fields; the other roles do (so the check is not vacuous).
    static func checkRedaction(_ response: HTTPResult, caller: Caller, label: String) {
        let json = response.json
        let mentions: [[String: Any]] = (json["items"] as? [[String: Any]] ?? (json["id"] != nil ? [json] : []))
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

    // MARK: Erasure

    @Test func erasureByAdminRemovesThePersonAndRedeliveryStaysADuplicate() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        let body = TestDaemon.body(id: "e1", text: "Please delete my data", address: "kari@example.no")
        let first = try await d.postForms(body, deliveryID: "msg_e1")
        #expect(first.status == 202)
        let id = try #require(first.json["id"] as? String)
        let keep = try await Self.post(d, id: "e2", text: "Someone else entirely", address: "ola@example.no")
        #expect(try await d.api("GET", "/api/v1/mentions/\(id)").status == 200)

        let erase = try await d.api("POST", "/api/v1/erase", body: Data(#"{"address": "kari@example.no"}"#.utf8))
        #expect(erase.status == 200, "\(erase.text)")
        #expect(erase.json["mentions"] as? Int == 1)
        #expect(try await d.api("GET", "/api/v1/mentions/\(id)").status == 404)
        #expect(try await d.api("GET", "/api/v1/mentions/\(keep)").status == 200)

        // The same delivery again, and a new delivery of the same external id: still duplicates.
        let again = try await d.postForms(body, deliveryID: "msg_e1")
        #expect(again.status == 202, "\(again.text)")
        #expect(again.json["duplicate"] as? Bool == true, "\(again.text)")
        let redelivered = try await d.postForms(body, deliveryID: "msg_e1_retry")
        #expect(redelivered.status == 202, "\(redelivered.text)")
        #expect(redelivered.json["duplicate"] as? Bool == true, "\(redelivered.text)")
        #expect(try await d.api("GET", "/api/v1/mentions/\(id)").status == 404)
        let list = try await d.api("GET", "/api/v1/mentions")
        let ids = (list.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(ids == [keep])
        #expect(!list.text.contains("kari@example.no"))
        #expect(try d.mentionCount() == 1)
        if let sqlite = SQLite3(d.daemon.databasePath) {
            #expect(try sqlite.int("SELECT count(*) FROM mentions WHERE author_address = 'kari@example.no'") == 0)
            #expect(try sqlite.int("SELECT count(*) FROM audit_log WHERE action = 'erase'") >= 1)
        }
        try await d.daemon.stop()
    }

    @Test func erasureRefusesBadBodiesAndChangesNothing() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        let id = try await Self.post(d, id: "x1", text: "Still here", address: "x@example.no")
        let bodies: [(String, String)] = [
            ("unknown field", #"{"address": "x@example.no", "brand": "y"}"#),
            ("address and handle", #"{"address": "x@example.no", "handle": "x"}"#),
            ("neither", "{}"),
            ("empty address", #"{"address": ""}"#),
            ("wrong type", #"{"address": 5}"#),
            ("not an object", #"["x@example.no"]"#),
            ("not JSON", "address=x@example.no"),
            ("empty body", ""),
        ]
        for (name, body) in bodies {
            let response = try await d.api("POST", "/api/v1/erase", body: Data(body.utf8))
            #expect(response.status == 400, "\(name): \(response.status) \(response.text)")
        }
        // Marketing and support may not erase, whatever the body; each refusal is audited.
        for token in ["mkt", "kari"] {
            let response = try await d.api("POST", "/api/v1/erase", token: token, body: Data(#"{"address": "x@example.no"}"#.utf8))
            #expect(response.status == 403, "\(token): \(response.status)")
        }
        #expect(try await d.api("GET", "/api/v1/mentions/\(id)").status == 200)
        if let sqlite = SQLite3(d.daemon.databasePath) {
            let rows = try sqlite.query("SELECT action, outcome, actor FROM audit_log WHERE outcome = 'forbidden' ORDER BY seq")
            #expect(rows == "erase|forbidden|token:mkt\nerase|forbidden|token:kari\n")
        }
        try await d.daemon.stop()
    }

    // MARK: Tokens (A5)

    @Test func tokenInTheQueryStringIsRefusedAndNotLogged() async throws {
        let d = try TestDaemon(config: TestDaemon.config() + "\nlogging: { level: \"trace\" }\n")
        defer { d.daemon.kill() }
        try await d.start()
        let token = try #require(TestDaemon.tokens["ops"])
        for path in [
            "/api/v1/mentions?access_token=\(token)",
            "/api/v1/mentions?token=\(token)",
            "/api/v1/mentions/\(World.missingID)?access_token=\(token)",
            "/api/v1/mentions?limit=5&access_token=\(token)",
        ] {
            let bare = try await d.daemon.request("GET", path)
            #expect(bare.status == 400, "\(path): \(bare.status)")
            #expect(!bare.text.contains(token))
            // Also with a valid header: the URL token is refused, not ignored.
            let withHeader = try await d.api("GET", path)
            #expect(withHeader.status == 400, "\(path) with a header: \(withHeader.status)")
        }
        let erase = try await d.daemon.request(
            "POST", "/api/v1/erase?access_token=\(token)", headers: ["Content-Type": "application/json"],
            body: Data(#"{"address": "a@example.no"}"#.utf8))
        #expect(erase.status == 400)
        try await d.daemon.stop()
        for secret in TestDaemon.tokens.values { #expect(!d.daemon.log().contains(secret), "a token is in the log") }
        #expect(!d.daemon.log().isEmpty, "the log was written (so its check means something)")
    }

    @Test func revokedAndRotatedTokensAreRefusedAfterAReload() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        #expect(try await d.api("GET", "/api/v1/mentions", token: "mkt").status == 200)
        #expect(try await d.api("GET", "/api/v1/mentions", token: "kari").status == 200)
        // Revoke mkt (removed from the configuration) and rotate kari's token (new credential file).
        let withoutMarketing = TestDaemon.config().split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("name: \"mkt\"") }.joined(separator: "\n")
        try d.daemon.writeConfig(withoutMarketing)
        let rotated = "hark_kari_rotated_token_4"
        try d.daemon.writeCredential("kari", rotated)
        d.daemon.signal(SIGHUP)
        let deadline = ContinuousClock.now + .seconds(10)
        while !d.daemon.log().contains("configuration reloaded"), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(d.daemon.log().contains("configuration reloaded"), "\(d.daemon.log())")
        #expect(try await d.api("GET", "/api/v1/mentions", token: "mkt").status == 401, "revoked token still works")
        #expect(try await d.api("GET", "/api/v1/mentions", token: "kari").status == 401, "the old token still works")
        #expect(try await d.api("GET", "/api/v1/mentions", token: rotated).status == 200)
        #expect(try await d.api("GET", "/api/v1/mentions", token: "ops").status == 200)
        try await d.daemon.stop()
        #expect(!d.daemon.log().contains(rotated))
    }

    @Test func twentyOneBadTokensFromOneAddressAreRateLimited() async throws {
        let d = try TestDaemon()  // the default: 20 failures per address and minute
        defer { d.daemon.kill() }
        try await d.start()
        let started = ContinuousClock.now
        var statuses: [Int] = []
        for attempt in 1...20 {
            let response = try await d.daemon.request(
                "GET", "/api/v1/mentions", headers: ["Authorization": "Bearer hark_guess_\(attempt)_\(UUID().uuidString)"])
            statuses.append(response.status)
        }
        let blocked = try await d.daemon.request("GET", "/api/v1/mentions", headers: ["Authorization": "Bearer hark_guess_21"])
        // Malformed headers count as failures too, and stay blocked.
        let malformed = try await d.daemon.request("GET", "/api/v1/mentions", headers: ["Authorization": "Basic x"])
        let elapsed = ContinuousClock.now - started
        #expect(statuses == Array(repeating: 401, count: 20))
        // The bucket refills one failure every 3 s; 22 loopback requests take far less than that (if
        // this machine was too slow to tell, the 429 checks are skipped rather than guessed).
        if elapsed < .milliseconds(2500) {
            #expect(blocked.status == 429, "21st bad token: \(blocked.status)")
            let retryAfter = try #require(blocked.header("Retry-After"), "429 without Retry-After")
            #expect((Int(retryAfter) ?? 0) >= 1)
            #expect(malformed.status == 429)
            if let sqlite = SQLite3(d.daemon.databasePath) {
                #expect(try sqlite.int("SELECT count(*) FROM audit_log WHERE action = 'api.authenticate' AND outcome = 'denied'") == 20)
                #expect(try sqlite.int("SELECT count(*) FROM audit_log WHERE action = 'api.authenticate' AND outcome = 'rate_limited'") == 2)
            }
        }
        try await d.daemon.stop()
    }

    @Test func rawTokensNeverReachTheDatabaseOrTheLog() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        let id = try await Self.post(d, id: "t1", text: "Token hygiene", address: "t@example.no")
        for token in ["ops", "kari", "mkt"] {
            _ = try await d.api("GET", "/api/v1/mentions", token: token)
            _ = try await d.api("GET", "/api/v1/mentions/\(id)", token: token)
            _ = try await d.api("POST", "/api/v1/erase", token: token, body: Data(#"{"address": "nobody@example.invalid"}"#.utf8))
        }
        _ = try await d.api("GET", "/api/v1/mentions", token: Caller.unknownTokenValue)
        _ = try await d.daemon.request("GET", "/api/v1/mentions?access_token=\(TestDaemon.tokens["ops"]!)")
        let canaries = Array(TestDaemon.tokens.values) + [Caller.unknownTokenValue]
        func files() -> [String] {
            ["", "-wal", "-shm"].map { d.daemon.databasePath + $0 }.filter { FileManager.default.fileExists(atPath: $0) }
        }
        // While running (the WAL holds the recent writes) and after a clean stop (checkpointed).
        #expect(files().count >= 2, "expected the database and its WAL")
        for path in files() { try Self.expectAbsent(canaries, in: path) }
        try await d.daemon.stop()
        for path in files() { try Self.expectAbsent(canaries, in: path) }
        for canary in canaries { #expect(!d.daemon.log().contains(canary)) }
    }

    static func expectAbsent(_ canaries: [String], in path: String) throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        for canary in canaries {
            #expect(bytes.range(of: Data(canary.utf8)) == nil, "\(canary) found in \((path as NSString).lastPathComponent)")
        }
    }

    // MARK: Queries (A3, A4)

    @Test func limitIsCappedAndCursorsPageThroughEverything() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        let total = 205
        // Eight senders at a time, so the daemon is busy but not flooded.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for sender in 0..<8 {
                group.addTask {
                    for index in stride(from: sender, to: total, by: 8) {
                        let response = try await d.postForms(
                            TestDaemon.body(id: "p\(index)", text: "page \(index)"), deliveryID: "msg_p\(index)")
                        guard response.status == 202 else { throw TestingError("post \(index): \(response.status)") }
                    }
                }
            }
            try await group.waitForAll()
        }
        let first = try await d.api("GET", "/api/v1/mentions?limit=1000000000")
        #expect(first.status == 200)
        let firstItems = try #require(first.json["items"] as? [[String: Any]])
        #expect(firstItems.count == 200, "limit=10^9 must be capped at 200")
        let cursor = try #require(first.json["next_cursor"] as? String)
        let second = try await d.api("GET", "/api/v1/mentions?limit=1000000000&cursor=\(cursor)")
        #expect(second.status == 200)
        let secondItems = try #require(second.json["items"] as? [[String: Any]])
        #expect(secondItems.count == total - 200)
        #expect(second.json["next_cursor"] is NSNull || second.json["next_cursor"] == nil)
        let ids = (firstItems + secondItems).compactMap { $0["id"] as? String }
        #expect(Set(ids).count == total, "pages overlap or miss items")
        #expect(ids == ids.sorted(by: >), "newest first across pages")

        // Small pages reach the same items, in a bounded number of steps.
        var walked: [String] = []
        var next: String? = nil
        for _ in 0..<10 {
            let path = "/api/v1/mentions?limit=30" + (next.map { "&cursor=\($0)" } ?? "")
            let page = try await d.api("GET", path)
            walked += (page.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            next = page.json["next_cursor"] as? String
            if next == nil { break }
        }
        #expect(next == nil)
        #expect(walked == ids)

        for bad in [
            "cursor=garbage", "cursor=", "cursor=0193A5B2-7C1E-7D3A-9F10-2B6C8E4D1A7F", "cursor=%27%20OR%201%3D1--",
            "limit=0", "limit=-1", "limit=abc", "limit=99999999999999999999999", "limit=1e3",
        ] {
            let response = try await d.api("GET", "/api/v1/mentions?\(bad)")
            #expect(response.status == 400, "\(bad): \(response.status)")
        }
        try await d.daemon.stop()
    }

    /// Values that must reach SQL (and FTS5) only as data. White space alone is left out: a blank `q`
    /// is no search at all, and rightly lists everything. NUL inside an FTS5 string was a 500
    /// ("unterminated string") before search terms were cleaned.
    static let metacharacters = [
        "'", "''", "\"", "' OR '1'='1", "' OR 1=1 --", "1; DROP TABLE mentions; --", "\"; DROP TABLE mentions; --",
        "%", "%%%%", "_", "\\", "*", "**", "\"*", "NEAR(a b)", "a OR b", "x AND y NOT z", "(", ")", "^", ":", "col:x",
        "{a b}", "-", "+", "\u{0}", "a\u{0}b", "%00", "\u{1}", "\u{1B}[31m", "'; SELECT * FROM audit_log; --", "/* */", "||", "$1", "?", "@x",
        "\u{202E}evil", String(repeating: "%_", count: 400),
    ]

    @Test func sqlMetacharactersInFiltersNeverGive500() async throws {
        // Hundreds of requests by one token: lift the per-token rate so only the answers are judged.
        let d = try TestDaemon(
            config: TestDaemon.config(limits: "webhook_rate_per_source: 0, webhook_rate_per_address: 0, api_rate_per_token: 0"))
        defer { d.daemon.kill() }
        try await d.start()
        _ = try await Self.post(d, id: "s1", text: "The parcel is late again", address: "s@example.no")
        var checked = 0
        for parameter in ["q", "source", "status", "severity", "category", "channel", "language", "brand", "since", "until"] {
            for value in Self.metacharacters {
                guard let encoded = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) else { continue }
                let response = try await d.api("GET", "/api/v1/mentions?\(parameter)=\(encoded)")
                checked += 1
                let label = "\(parameter)=\(value.debugDescription)"
                #expect(response.status == 200 || response.status == 400, "\(label): \(response.status) \(response.text)")
                // A search of nothing but control characters is a blank search (everything), like white space.
                let blank = parameter == "q"
                    && value.unicodeScalars.allSatisfy { $0.properties.isWhitespace || $0.properties.generalCategory == .control }
                if response.status == 200, !blank {
                    #expect((response.json["items"] as? [Any])?.isEmpty == true, "\(label) matched: \(response.text.prefix(200))")
                } else if response.status != 200 {
                    let lowered = response.text.lowercased()
                    #expect(!lowered.contains("sql") && !lowered.contains("syntax") && !lowered.contains("fts5"), "\(label) leaks: \(response.text)")
                }
            }
        }
        #expect(checked > 300)
        // Nothing was dropped or changed, and ordinary search still works.
        #expect(try d.mentionCount() == 1)
        let found = try await d.api("GET", "/api/v1/mentions?q=parcel%20LATE")
        #expect((found.json["items"] as? [Any])?.count == 1)
        let prefix = try await d.api("GET", "/api/v1/mentions?q=parc")
        #expect((prefix.json["items"] as? [Any])?.count == 1)
        let tooLong = try await d.api("GET", "/api/v1/mentions?q=\(String(repeating: "a", count: 1001))")
        #expect(tooLong.status == 400)
        try await d.daemon.stop()
        #expect(!d.daemon.log().lowercased().contains("sqlite error"))
    }

    @Test func unknownQueryParametersAre400() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        for query in ["foo=1", "sort=id", "order=desc", "offset=1000000000000", "Limit=5", "q=a&debug=1", "customer=x"] {
            let response = try await d.api("GET", "/api/v1/mentions?\(query)")
            #expect(response.status == 400, "\(query): \(response.status)")
            #expect(!response.text.contains("1000000000000"), "error messages do not echo input")
        }
        // Known parameters with valid values are fine.
        let good = try await d.api(
            "GET", "/api/v1/mentions?status=new&channel=webhook&source=forms&language=no&since=2020-01-01T00:00:00Z&limit=5")
        #expect(good.status == 200)
        try await d.daemon.stop()
    }

    @Test func everyAnswerCarriesTheSecurityHeaders() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        let id = try await Self.post(d, id: "h1", text: "Headers please", address: "h@example.no")
        let responses: [(String, HTTPResult)] = [
            ("list", try await d.api("GET", "/api/v1/mentions")),
            ("show", try await d.api("GET", "/api/v1/mentions/\(id)")),
            ("404", try await d.api("GET", "/api/v1/mentions/\(World.missingID)")),
            ("401", try await d.api("GET", "/api/v1/mentions", token: nil)),
            ("400", try await d.api("GET", "/api/v1/mentions?foo=1")),
            ("403", try await d.api("POST", "/api/v1/erase", token: "mkt", body: Data("{}".utf8))),
            ("unknown route", try await d.api("GET", "/api/v1/nope")),
            ("healthz", try await d.daemon.request("GET", "/healthz")),
            ("webhook", try await d.postForms(TestDaemon.body(id: "h2", text: "x"), deliveryID: "msg_h2")),
        ]
        for (name, response) in responses {
            let csp = response.header("Content-Security-Policy") ?? ""
            #expect(csp.hasPrefix("default-src 'self'") && csp.contains("script-src 'none'"), "\(name): \(response.headers)")
            #expect(response.header("X-Frame-Options") == "DENY", "\(name)")
            #expect(response.header("X-Content-Type-Options") == "nosniff", "\(name)")
            #expect(response.header("Access-Control-Allow-Origin") == nil, "\(name)")
        }
        for (name, response) in responses.prefix(6) {
            #expect(response.header("Content-Type")?.hasPrefix("application/json") == true, "\(name)")
        }
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
