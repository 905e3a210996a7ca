import Foundation
import HarkTesting

/// The calls of the audit completeness run (reliability.md §3.4 A6): a reproducible random mix of
/// state-changing API calls by every role, and authentication failures, each with the audit records
/// it must leave.
extension AuditCompletenessTests {
    /// What a call does.
    enum Kind: String, CaseIterable, Comparable {
        case status, assign, correct, multi, badBody, note, bulk, erase, authFailure
        static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    /// One call, its answer, and the audit records it must have left.
    struct Call {
        var number: Int
        var kind: Kind
        /// The `TestDaemon` token name; `nil` for an authentication failure.
        var token: String?
        var method: String
        var path: String
        var headers: [String: String] = [:]
        /// The fields of a change (PATCH, bulk), kept to predict the records.
        var change: [String: Any] = [:]
        var body: Data?
        /// The ids a bulk call names, in order.
        var bulkIDs: [String] = []
        /// The answer.
        var status = 0
        var requestID: String?
        var noteID: String?
        /// How many records with this call's request id, and the actions they may have.
        var expectedRows = 0
        var expectedActions: Set<String> = []
        /// The audit actor and role of the records.
        var actor: String { token.map { "token:\($0)" } ?? "anonymous" }
        var role: String? { token.map { AuditCompletenessTests.roles[$0] ?? "?" } }
    }

    static let roles = ["ops": "admin", "kari": "support", "mkt": "marketing"]

    /// Text that must never reach the audit log raw: CRLF (with a header injection) and ANSI escapes.
    static let hostile = "Ringte kunden.\r\nBcc: evil@example.com\r\n\u{1b}[31mRØD\u{1b}[0m\u{1b}]0;title\u{7}"

    /// The mentions of the run and their workflow state as the calls leave it (all changes go
    /// through this run, one at a time, so the state is known and each call's records predictable).
    struct World {
        var own: [String] = []
        var other: [String] = []
        /// Addresses an erase may name (their mentions disappear when it succeeds).
        var erasable: [String] = []
        var status: [String: String] = [:]
        var assignee: [String: String] = [:]
        static let missing = "0193a5b2-7c1e-7d3a-9f10-2b6c8e4d1a7f"
        static let malformed = ["nonsense", "%0D%0ABcc:%20evil%1B%5B31m", String(repeating: "9", count: 300)]

        /// A mention id to act on: mostly the support token's brand, else another brand's, a missing
        /// or a malformed id.
        func target(_ random: inout A6Random) -> String {
            switch random.below(100) {
            case 0..<55: own[random.below(own.count)]
            case 55..<75: other[random.below(other.count)]
            case 75..<88: Self.missing
            default: Self.malformed[random.below(Self.malformed.count)]
            }
        }

        /// A status to move to: usually one the workflow allows from here, sometimes any.
        func nextStatus(_ id: String, _ random: inout A6Random) -> String {
            let current = status[id] ?? "new"
            let allowed = Self.allowedNext[current] ?? []
            if random.below(100) < 70, !allowed.isEmpty { return allowed[random.below(allowed.count)] }
            return Self.statuses[random.below(Self.statuses.count)]
        }

        static let statuses = ["new", "acknowledged", "in_progress", "resolved", "followed_up", "closed", "reopened", "dismissed"]
        static let allowedNext: [String: [String]] = [
            "new": ["acknowledged", "in_progress", "dismissed"], "acknowledged": ["in_progress", "resolved", "dismissed"],
            "in_progress": ["resolved", "dismissed"], "resolved": ["followed_up", "closed", "reopened"],
            "followed_up": ["closed", "reopened"], "closed": ["reopened"],
            "reopened": ["acknowledged", "in_progress", "resolved", "dismissed"], "dismissed": ["reopened"],
        ]

        /// The actions a successful change of `fields` to `id` records (one per aspect changed, or
        /// one `mention.change` when nothing changed), updating the known state.
        mutating func applied(_ fields: [String: Any], to id: String) -> [String] {
            var actions: [String] = []
            if fields["severity"] != nil || fields["category"] != nil || fields["complaint"] != nil {
                actions.append("mention.correct")
            }
            if let value = fields["assignee"] {
                let name = value as? String
                if name != assignee[id] { actions.append("mention.assign") }
                assignee[id] = name
            }
            if let next = fields["status"] as? String {
                if next != (status[id] ?? "new") { actions.append("mention.status") }
                status[id] = next
            }
            return actions.isEmpty ? ["mention.change"] : actions
        }
    }

    // MARK: Making calls

    /// Assignees; `nil` unassigns.
    static let names: [String?] = ["kari", "ola", "Støtte 2", nil]

    /// A random change: status, assignee, a correction, or several at once.
    static func change(_ kind: Kind, for id: String, _ world: World, _ random: inout A6Random) -> [String: Any] {
        var fields: [String: Any] = [:]
        func correction() {
            switch random.below(3) {
            case 0: fields["severity"] = ["none", "dissatisfied", "very_dissatisfied"][random.below(3)]
            case 1: fields["category"] = ["product", "service", "delivery", "billing", "other"][random.below(5)]
            default: fields["complaint"] = random.below(2) == 0
            }
        }
        switch kind {
        case .status: fields["status"] = world.nextStatus(id, &random)
        case .assign: fields["assignee"] = names[random.below(names.count)] ?? NSNull()
        case .correct: correction()
        default:
            fields["status"] = world.nextStatus(id, &random)
            fields["assignee"] = names[random.below(names.count)] ?? NSNull()
            if random.below(2) == 0 { correction() }
        }
        return fields
    }

    /// Bodies every write route refuses with 400, hostile text included.
    static let badBodies = [
        #"{"assignee": "x\r\nBcc: evil@example.com"}"#, #"{"assignee": "\u001b[31mred"}"#, #"{"status": "done"}"#,
        #"{"status": "acknowledged", "brand": "other"}"#, "not json\r\n\u{1b}[2J", "{}", #"{"complaint": 1}"#,
    ]

    /// The next state-changing call by a random role.
    static func makeCall(_ number: Int, _ world: World, _ random: inout A6Random) -> Call {
        let roll = random.below(100)
        let kind: Kind =
            switch roll {
            case 0..<18: .status
            case 18..<30: .assign
            case 30..<42: .correct
            case 42..<50: .multi
            case 50..<60: .badBody
            case 60..<75: .note
            case 75..<95: .bulk
            default: .erase
            }
        let token: String
        if kind == .erase {
            token = ["ops", "ops", "ops", "ops", "kari", "mkt"][random.below(6)]
        } else {
            token = ["ops", "ops", "kari", "kari", "mkt"][random.below(5)]
        }
        var call = Call(number: number, kind: kind, token: token, method: "POST", path: "")
        let id = world.target(&random)
        switch kind {
        case .status, .assign, .correct, .multi:
            call.method = "PATCH"
            call.path = "/api/v1/mentions/\(id)"
            call.change = change(kind, for: id, world, &random)
            call.body = try! JSONSerialization.data(withJSONObject: call.change, options: [.sortedKeys])
        case .badBody:
            call.method = random.below(3) == 0 ? "POST" : "PATCH"
            call.path = "/api/v1/mentions/\(id)" + (call.method == "POST" ? "/notes" : "")
            call.body = Data(badBodies[random.below(badBodies.count)].utf8)
        case .note:
            call.path = "/api/v1/mentions/\(id)/notes"
            let text: Any = random.below(8) == 0 ? "  \r\n " : hostile + " #\(number)"
            call.body = try! JSONSerialization.data(withJSONObject: ["text": text])
        case .bulk:
            call.path = "/api/v1/mentions/bulk"
            call.bulkIDs = (0...random.below(4)).map { _ in
                random.below(10) == 0 ? "\r\nBcc: evil@example.com\u{1b}[31m#\(number)" : world.target(&random)
            }
            call.change = change([.status, .assign, .correct][random.below(3)], for: call.bulkIDs[0], world, &random)
            var object = call.change
            object["ids"] = random.below(25) == 0 ? [String]() : call.bulkIDs
            call.body = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        case .erase:
            call.path = "/api/v1/erase"
            let body: [String: Any] =
                switch random.below(10) {
                case 0..<4: ["address": world.erasable[random.below(world.erasable.count)]]
                case 4..<8: ["address": "nobody\(number)@example.net"]
                case 8: ["handle": "", "address": "x@example.net"]
                default: ["address": hostile]
                }
            call.body = try! JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        case .authFailure:
            break
        }
        return call
    }

    /// An authentication failure on a state-changing route: no, malformed, unknown or oversized
    /// credentials, or a token in the query string.
    static func makeFailure(_ number: Int, _ world: World, _ random: inout A6Random) -> Call {
        let own = world.own[random.below(world.own.count)]
        let routes: [(String, String, String)] = [
            ("PATCH", "/api/v1/mentions/\(own)", #"{"status": "dismissed"}"#),
            ("POST", "/api/v1/mentions/\(own)/notes", #"{"text": "x"}"#),
            ("POST", "/api/v1/mentions/bulk", #"{"ids": ["\#(own)"], "status": "dismissed"}"#),
            ("POST", "/api/v1/erase", #"{"address": "nobody@example.net"}"#),
        ]
        let (method, path, body) = routes[random.below(routes.count)]
        var call = Call(number: number, kind: .authFailure, token: nil, method: method, path: path, body: Data(body.utf8))
        let valid = TestDaemon.tokens["ops"]!
        switch random.below(9) {
        case 0: break
        case 1: call.headers["Authorization"] = "Bearer"
        case 2: call.headers["Authorization"] = "Basic b3BzOnNlY3JldA=="
        case 3: call.headers["Authorization"] = "Bearer hark_unknown_token_a6_\(number)"
        case 4: call.headers["Authorization"] = "Bearer \(valid)x"
        case 5: call.headers["Authorization"] = "Token \(valid)"
        case 6: call.headers["Authorization"] = "Bearer " + String(repeating: "a", count: 5000)
        case 7: call.headers["Authorization"] = "Bearer\t\(valid)"
        default:
            // A token in the URL is refused (400) even beside a valid header, and never logged.
            call.headers["Authorization"] = "Bearer \(valid)"
            call.path += "?access_token=\(valid)"
        }
        return call
    }

    // MARK: What each call must have left

    /// Sets the records `call` must have left, from its answer and the known state.
    static func expect(_ call: inout Call, _ response: HTTPResult, _ world: inout World) {
        call.status = response.status
        call.requestID = response.header("X-Request-Id")
        let refusal = Set([routeAction(call)])
        switch (call.kind, response.status) {
        case (.authFailure, _):
            (call.expectedRows, call.expectedActions) = (1, ["api.authenticate"])
        case (.erase, 200):
            (call.expectedRows, call.expectedActions) = (1, ["erase"])
        case (.note, 201):
            call.noteID = response.json["id"] as? String
            (call.expectedRows, call.expectedActions) = (1, ["mention.note"])
        case (.status, 200), (.assign, 200), (.correct, 200), (.multi, 200):
            let id = String(call.path.split(separator: "/").last ?? "")
            let actions = world.applied(call.change, to: id)
            (call.expectedRows, call.expectedActions) = (actions.count, Set(actions))
            world.status[id] = response.json["status"] as? String ?? world.status[id]
            world.assignee[id] = response.json["assignee"] as? String
        case (.bulk, 200):
            // One id's change records, or one refusal per id.
            let items = response.json["items"] as? [[String: Any]] ?? []
            call.expectedActions = ["mention.bulk"]
            for (raw, item) in zip(call.bulkIDs, items) {
                if item["status"] as? Int == 200 {
                    let actions = world.applied(call.change, to: raw)
                    call.expectedRows += actions.count
                    call.expectedActions.formUnion(actions)
                } else {
                    call.expectedRows += 1
                }
            }
            if items.count != call.bulkIDs.count { call.expectedRows = -1 }  // an answer the test cannot read
        default:
            (call.expectedRows, call.expectedActions) = (1, refusal)
        }
    }

    /// The action a route's refusals are recorded under.
    static func routeAction(_ call: Call) -> String {
        if call.path.hasPrefix("/api/v1/erase") { return "erase" }
        if call.path.hasPrefix("/api/v1/mentions/bulk") { return "mention.bulk" }
        return call.method == "POST" ? "mention.note" : "mention.change"
    }

    /// The outcome the records of a call must carry.
    static func outcomes(_ call: Call) -> Set<String> {
        switch call.status {
        case 200, 201: call.kind == .bulk ? ["ok", "unchanged", "not_found", "conflict", "bad_request"] : ["ok", "unchanged"]
        case 400: call.kind == .authFailure ? ["token_in_query"] : ["bad_request"]
        case 401: ["denied"]
        case 403: ["forbidden"]
        case 404: ["not_found"]
        case 409: ["conflict"]
        default: []
        }
    }
}

/// A small seeded generator (SplitMix64), so a run can be repeated from its printed seed.
struct A6Random: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    mutating func below(_ bound: Int) -> Int { Int.random(in: 0..<max(bound, 1), using: &self) }
}
