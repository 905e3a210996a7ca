import Foundation
import HarkCore
import HarkRecurrence
import HarkServer
import HarkStore
import HarkTesting
import Hummingbird
import Testing
import Glibc

/// The authorisation matrix: every route × caller × object, and how each route is called.
extension APIAuthorizationTests {
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
            .marketing: seesAll,
            .support: seesOwnBrand,
            .admin: seesAll,
        ]) { $1 },
        "GET /api/v1/mentions/{id}": unauthenticated.merging([
            .marketing: [.ownBrand: Expect(status: 200), .otherBrand: Expect(status: 200), .missing: Expect(status: 404)],
            .support: [.ownBrand: Expect(status: 200), .otherBrand: Expect(status: 404), .missing: Expect(status: 404)],
            .admin: [.ownBrand: Expect(status: 200), .otherBrand: Expect(status: 200), .missing: Expect(status: 404)],
        ]) { $1 },
        "POST /api/v1/erase": unauthenticated.merging([
            .marketing: all(403, affects: false),
            .support: all(403, affects: false),
            .admin: seesAll,
        ]) { $1 },
        "GET /api/v1/sources": unauthenticated.merging([
            .marketing: all(403), .support: all(200), .admin: all(200),
        ]) { $1 },
        // Recurring problems: aggregates within the caller's brands, every role.
        "GET /api/v1/issues": unauthenticated.merging([
            .marketing: all(200), .support: all(200), .admin: all(200),
        ]) { $1 },
        // Complaints per day and their verdicts: aggregates within the caller's brands, every role.
        "GET /api/v1/trends": unauthenticated.merging([
            .marketing: all(200), .support: all(200), .admin: all(200),
        ]) { $1 },
        // A customer: seen through their mentions; marketing without addresses or handles.
        "GET /api/v1/customers/{id}": unauthenticated.merging([
            .marketing: [.ownBrand: Expect(status: 200), .otherBrand: Expect(status: 200), .missing: Expect(status: 404)],
            .support: [.ownBrand: Expect(status: 200), .otherBrand: Expect(status: 404), .missing: Expect(status: 404)],
            .admin: [.ownBrand: Expect(status: 200), .otherBrand: Expect(status: 200), .missing: Expect(status: 404)],
        ]) { $1 },
        // People's say over customers: support and admin tokens without a brand limit (a customer
        // spans every brand), so the brand-limited support token is refused whatever the object.
        "POST /api/v1/customers/{id}/merge": customerWrites(200),
        "POST /api/v1/customers/{id}/split": customerWrites(201),
        "GET /api/v1/tokens": unauthenticated.merging([
            .marketing: all(403), .support: all(403), .admin: all(200),
        ]) { $1 },
        // Streamed JSON Lines of what the caller may see; marketing without authors.
        "GET /api/v1/export": unauthenticated.merging([
            .marketing: seesAll,
            .support: seesOwnBrand,
            .admin: seesAll,
        ]) { $1 },
        // Aggregates only (scoped to the caller's brands, StatisticsAPITests): every role.
        "GET /api/v1/statistics": unauthenticated.merging([
            .marketing: all(200), .support: all(200), .admin: all(200),
        ]) { $1 },
        "PATCH /api/v1/mentions/{id}": writes(200),
        "POST /api/v1/mentions/{id}/notes": writes(201),
        "POST /api/v1/mentions/{id}/handoff": writes(202),
        "GET /api/v1/mentions/{id}/notes": workflowReads,
        "GET /api/v1/mentions/{id}/history": workflowReads,
        // One answer per id: a mention the caller may not see is reported 404 inside, and unchanged.
        "POST /api/v1/mentions/bulk": unauthenticated.merging([
            .marketing: all(403, affects: false),
            .support: seesOwnBrand,
            .admin: seesAll,
        ]) { $1 },
    ]

    /// A `200` for every object, that touches the mentions of every brand (not the missing one).
    static let seesAll: [Object: Expect] = [
        .ownBrand: Expect(status: 200, affects: true), .otherBrand: Expect(status: 200, affects: true),
        .missing: Expect(status: 200, affects: false),
    ]

    /// A `200` for every object, that touches only the mentions of the caller's brands.
    static let seesOwnBrand: [Object: Expect] = [
        .ownBrand: Expect(status: 200, affects: true), .otherBrand: Expect(status: 200, affects: false),
        .missing: Expect(status: 200, affects: false),
    ]

    /// A read of one mention's workflow (notes, history): marketing may not; support only within its brands.
    static let workflowReads: Row = unauthenticated.merging([
        .marketing: all(403),
        .support: [.ownBrand: Expect(status: 200), .otherBrand: Expect(status: 404), .missing: Expect(status: 404)],
        .admin: [.ownBrand: Expect(status: 200), .otherBrand: Expect(status: 200), .missing: Expect(status: 404)],
    ]) { $1 }

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

    /// A route that changes customers: only unlimited support and admin tokens.
    static func customerWrites(_ status: Int) -> Row {
        unauthenticated.merging([
            .marketing: all(403, affects: false),
            .support: all(403, affects: false),
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
        "GET /mentions/{id}", "GET /insight", "GET /customers/{id}", "GET /report", "POST /mentions/{id}/change", "POST /mentions/{id}/notes", "POST /mentions/{id}/handoff",
    ]

    /// How each route of the table is called for an object. Routes that change data (`mutates`) get a
    /// freshly seeded world for every case, so one case's erasure cannot change another's answer.
    struct RouteCall: Sendable {
        var mutates: Bool
        /// Whether recurrence must have linked the world's customers first.
        var needsCustomers = false
        var request: @Sendable (World, Object) -> (method: String, path: String, body: Data?)
    }

    static let calls: [String: RouteCall] = [
        "GET /api/v1/mentions": RouteCall(mutates: false) { _, _ in ("GET", "/api/v1/mentions?limit=200", nil) },
        "GET /api/v1/mentions/{id}": RouteCall(mutates: false) { world, object in
            ("GET", "/api/v1/mentions/\(world.id(object))", nil)
        },
        "GET /api/v1/sources": RouteCall(mutates: false) { _, _ in ("GET", "/api/v1/sources", nil) },
        "GET /api/v1/tokens": RouteCall(mutates: false) { _, _ in ("GET", "/api/v1/tokens", nil) },
        "GET /api/v1/issues": RouteCall(mutates: false) { _, _ in ("GET", "/api/v1/issues?min=1", nil) },
        "GET /api/v1/trends": RouteCall(mutates: false) { _, _ in ("GET", "/api/v1/trends?by=brand&days=7", nil) },
        "GET /api/v1/customers/{id}": RouteCall(mutates: false) { world, object in
            ("GET", "/api/v1/customers/\(world.customer(object))", nil)
        },
        "GET /api/v1/export": RouteCall(mutates: false) { _, _ in ("GET", "/api/v1/export?format=jsonl", nil) },
        "GET /api/v1/statistics": RouteCall(mutates: false) { _, _ in ("GET", "/api/v1/statistics?days=7", nil) },
        "POST /api/v1/customers/{id}/merge": RouteCall(mutates: true, needsCustomers: true) { world, object in
            let from = world.customer(object == .ownBrand ? .otherBrand : .ownBrand)
            return (
                "POST", "/api/v1/customers/\(world.customer(object))/merge",
                try! JSONSerialization.data(withJSONObject: ["from": from])
            )
        },
        "POST /api/v1/customers/{id}/split": RouteCall(mutates: true, needsCustomers: true) { world, object in
            // The customer's second mention leaves for a customer of its own.
            (
                "POST", "/api/v1/customers/\(world.customer(object))/split",
                try! JSONSerialization.data(withJSONObject: ["mentions": [world.extra(object)]])
            )
        },
        "POST /api/v1/erase": RouteCall(mutates: true) { world, object in
            ("POST", "/api/v1/erase", try! JSONSerialization.data(withJSONObject: ["address": world.address(object)]))
        },
        "PATCH /api/v1/mentions/{id}": RouteCall(mutates: true) { world, object in
            ("PATCH", "/api/v1/mentions/\(world.id(object))", Data(#"{"status": "acknowledged"}"#.utf8))
        },
        "POST /api/v1/mentions/{id}/notes": RouteCall(mutates: true) { world, object in
            ("POST", "/api/v1/mentions/\(world.id(object))/notes", Data(#"{"text": "Called back; sending a new meter."}"#.utf8))
        },
        "POST /api/v1/mentions/{id}/handoff": RouteCall(mutates: true) { world, object in
            ("POST", "/api/v1/mentions/\(world.id(object))/handoff", Data(#"{"note": "Meter swap needed."}"#.utf8))
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
        /// Each customer's second mention.
        var ownExtra: String
        var otherExtra: String
        static let missingID = "0193a5b2-7c1e-7d3a-9f10-2b6c8e4d1a7f"
        static let missingAddress = "nobody@example.invalid"

        func id(_ object: Object) -> String {
            switch object {
            case .ownBrand: own
            case .otherBrand: other
            case .missing: Self.missingID
            }
        }

        /// The customer the object's address names (recurrence derives the id from it).
        func customer(_ object: Object) -> String {
            object == .missing
                ? "cus_000000000000000000000000"
                : RecurrenceClusterer.customerID(for: CustomerEvidence(kind: .address, value: address(object)))
        }

        func extra(_ object: Object) -> String {
            switch object {
            case .ownBrand: ownExtra
            case .otherBrand: otherExtra
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

}
