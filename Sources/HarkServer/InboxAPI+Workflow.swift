import Foundation
import HTTPTypes
import HarkCore
import HarkStore
import Hummingbird

/// The workflow routes: `PATCH /api/v1/mentions/{id}`, notes, history and bulk changes. Writes need
/// the `admin` or `support` role; every change lands in the audit log.
///
/// Audit records of a write (reliability.md A6), all with the request's id: a change leaves one per
/// aspect changed (status, assignee, correction), written with it in one transaction; a note one; a
/// change that changes nothing one (`unchanged`); any refusal (403, 400, 404, 409) one, with the
/// outcome `forbidden`, `bad_request`, `not_found` or `conflict`. A bulk call over N ids is audited
/// as N changes sharing one request id, so each mention's history is complete: per id, its change
/// records or one refusal.
extension InboxAPI {
    static let changeKeys: Set<String> = ["status", "assignee", "severity", "category", "complaint"]
    /// The most mentions one bulk request changes.
    static let maximumBulk = 500

    func changeMention(_ request: Request, context: HarkRequestContext) async -> Response {
        await writer(request, context, action: "mention.change") { caller, actor in
            guard let id = try await visibleID(context, caller) else { return Self.notFound }
            let object: [String: Any]
            switch await Self.jsonObject(request.body, limit: 64 * 1024) {
            case .valid(let value): object = value
            case .invalid(let message): return JSONResponses.error(.badRequest, "bad_request", message)
            }
            let change: MentionChange
            switch Self.change(from: object) {
            case .valid(let value): change = value
            case .invalid(let message): return JSONResponses.error(.badRequest, "bad_request", message)
            }
            let now = clock.now()
            let updated = try await store.change(
                id, change, by: actor, at: now, serviceLevels: authenticator.settings.current.serviceLevels)
            return JSONResponses.json(.ok, MentionJSON(mention: updated, now: now))
        }
    }

    struct NoteRequest: Decodable { var text: String }

    struct NoteJSON: Encodable {
        var note: MentionNote
        enum Keys: String, CodingKey { case id, author, text, at }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(note.id, forKey: .id)
            try container.encode(note.author, forKey: .author)
            try container.encode(note.text, forKey: .text)
            try container.encode(RFC3339.string(note.at), forKey: .at)
        }
    }

    func addNote(_ request: Request, context: HarkRequestContext) async -> Response {
        await writer(request, context, action: "mention.note") { caller, actor in
            guard let id = try await visibleID(context, caller) else { return Self.notFound }
            switch await StrictJSON.decode(NoteRequest.self, from: request.body, allowedKeys: ["text"], limit: 64 * 1024) {
            case .valid(let body):
                let note = try await store.addNote(to: id, text: body.text, by: actor, at: clock.now())
                return JSONResponses.json(.created, NoteJSON(note: note))
            case .invalid(let message):
                return JSONResponses.error(.badRequest, "bad_request", message)
            }
        }
    }

    struct Items<T: Encodable>: Encodable { var items: [T] }

    func listNotes(_ request: Request, context: HarkRequestContext) async -> Response {
        await workflowReader(request, context, action: "mention.notes") { id in
            JSONResponses.json(.ok, Items(items: try await store.notes(of: id).map(NoteJSON.init)))
        }
    }

    /// A read of a mention's workflow (notes, history): `admin` and `support` only (a refusal is
    /// audited), the mention within the caller's brands.
    func workflowReader(
        _ request: Request, _ context: HarkRequestContext, action: String, _ body: (MentionID) async throws -> Response
    ) async -> Response {
        await authenticated(request, context) { caller in
            guard caller.role != .marketing else {
                try await audit(
                    caller, context, action: action, object: Self.object(request, context), outcome: "forbidden")
                return Self.forbidden
            }
            guard let id = try await visibleID(context, caller) else { return Self.notFound }
            return try await body(id)
        }
    }

    struct HistoryJSON: Encodable {
        var event: AuditEvent
        enum Keys: String, CodingKey { case at, actor, role, action, before, after, outcome, requestID = "request_id" }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(RFC3339.string(event.at), forKey: .at)
            try container.encode(event.actor, forKey: .actor)
            try container.encode(event.role, forKey: .role)
            try container.encode(event.action, forKey: .action)
            try container.encode(event.outcome, forKey: .outcome)
            try container.encode(event.before, forKey: .before)
            try container.encode(event.after, forKey: .after)
            try container.encode(event.requestID, forKey: .requestID)
        }
    }

    /// The changes made to a mention: its audit records except refusals and calls that changed
    /// nothing (those stay in the audit log).
    func history(_ request: Request, context: HarkRequestContext) async -> Response {
        await workflowReader(request, context, action: "mention.history") { id in
            let changes = try await store.history(of: id).filter(Self.isHistory)
            return JSONResponses.json(.ok, Items(items: changes.map(HistoryJSON.init)))
        }
    }

    /// Whether an audit record belongs in a mention's history: the changes people made, and what the
    /// notifier sent about it (delivered or given up); not refusals or calls that changed nothing.
    static func isHistory(_ event: AuditEvent) -> Bool {
        event.outcome == "ok" || event.action.hasPrefix("notify.")
    }

    struct BulkResult: Encodable {
        var id: String
        var status: Int
        var error: String?
    }

    /// `POST /api/v1/mentions/bulk` `{"ids": [...], "status"?, "assignee"?, ...}`: the same change to
    /// each mention, each in its own transaction; one result per id, in order.
    func bulk(_ request: Request, context: HarkRequestContext) async -> Response {
        await writer(request, context, action: "mention.bulk") { caller, actor in
            let object: [String: Any]
            switch await Self.jsonObject(request.body, limit: 256 * 1024) {
            case .valid(let value): object = value
            case .invalid(let message): return JSONResponses.error(.badRequest, "bad_request", message)
            }
            guard let ids = object["ids"] as? [String], !ids.isEmpty, ids.count <= Self.maximumBulk else {
                return JSONResponses.error(
                    .badRequest, "bad_request", "ids must be a list of 1 to \(Self.maximumBulk) mention ids")
            }
            var fields = object
            fields["ids"] = nil
            let change: MentionChange
            switch Self.change(from: fields) {
            case .valid(let value): change = value
            case .invalid(let message): return JSONResponses.error(.badRequest, "bad_request", message)
            }
            var results: [BulkResult] = []
            let levels = authenticator.settings.current.serviceLevels
            for raw in ids {
                guard let id = MentionID(raw), let mention = try await store.mention(id), Self.visible(mention, to: caller)
                else {
                    results.append(BulkResult(id: String(raw.prefix(64)), status: 404, error: "not_found"))
                    try await audit(
                        caller, context, action: "mention.bulk", object: String(raw.prefix(64)), outcome: "not_found")
                    continue
                }
                do {
                    _ = try await store.change(id, change, by: actor, at: clock.now(), serviceLevels: levels)
                    results.append(BulkResult(id: raw, status: 200))
                } catch let error as HarkError where error.code == .conflict || error.code == .invalidInput {
                    results.append(
                        BulkResult(id: raw, status: error.code == .conflict ? 409 : 400, error: error.message))
                    try await audit(
                        caller, context, action: "mention.bulk", object: raw,
                        outcome: error.code == .conflict ? "conflict" : "bad_request")
                }
            }
            return JSONResponses.json(.ok, Items(items: results))
        }
    }

    // MARK: Helpers

    static let notFound = JSONResponses.error(.notFound, "not_found", "no such mention")
    static let forbidden = JSONResponses.error(.forbidden, "forbidden", "this role may not do that")

    /// The mention id of the path when the caller may see it.
    func visibleID(_ context: HarkRequestContext, _ caller: APICaller) async throws -> MentionID? {
        guard let raw = context.parameters.get("id"), let id = MentionID(raw), let mention = try await store.mention(id),
            Self.visible(mention, to: caller)
        else { return nil }
        return id
    }

    /// What a call on `/mentions/{id}...` is about: the id as given (cut short; the audit record
    /// escapes it), or the path for the others.
    static func object(_ request: Request, _ context: HarkRequestContext) -> String {
        context.parameters.get("id").map { String($0.prefix(64)) } ?? request.uri.path
    }

    /// Runs `body` for a caller who may change mentions (admin, support); answers 403 for the others,
    /// 404, 409 and 400 for the store's refusals. Every answer but a success is audited here (a
    /// success was audited with its change), so each call leaves a record.
    func writer(
        _ request: Request, _ context: HarkRequestContext, action: String,
        _ body: (APICaller, ChangeActor) async throws -> Response
    ) async -> Response {
        await authenticated(request, context) { caller in
            let object = Self.object(request, context)
            guard caller.role == .admin || caller.role == .support else {
                try await audit(caller, context, action: action, object: object, outcome: "forbidden")
                return Self.forbidden
            }
            let actor = ChangeActor(
                name: "token:\(caller.name)", role: caller.role.rawValue, requestID: context.id,
                sourceIP: context.remoteAddress)
            let response: Response
            do {
                response = try await body(caller, actor)
            } catch let error as HarkError where error.code == .conflict {
                response = JSONResponses.error(.conflict, "invalid_transition", error.message)
            } catch let error as HarkError where error.code == .invalidInput {
                response = JSONResponses.error(.badRequest, "bad_request", error.message)
            } catch let error as HarkError where error.code == .notFound {
                response = Self.notFound
            } catch {
                // The store failed (503 or 500 follow): recorded if it still takes a record.
                try? await audit(caller, context, action: action, object: object, outcome: "failed")
                throw error
            }
            if let outcome = Self.refusalOutcome(response.status) {
                try await audit(caller, context, action: action, object: object, outcome: outcome)
            }
            return response
        }
    }

    /// The audit outcome of a write's answer; `nil` for a success.
    static func refusalOutcome(_ status: HTTPResponse.Status) -> String? {
        switch status.code {
        case 200..<300: nil
        case 400: "bad_request"
        case 403: "forbidden"  // a route's own refusal (a brand-limited token)
        case 404: "not_found"
        case 409: "conflict"  // an invalid transition, or a route's own conflict
        default: "failed"
        }
    }

    static func jsonObject(_ body: RequestBody, limit: Int) async -> StrictJSON.Decoded<[String: Any]> {
        guard case .success(let buffer) = await BodyReader.collect(body, limit: limit) else {
            return .invalid("the body is too large or was cut off")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any]
        else { return .invalid("the body must be a JSON object") }
        return .valid(object)
    }

    /// The change a PATCH body asks for; unknown fields and wrong types are refused by name.
    static func change(from object: [String: Any]) -> StrictJSON.Decoded<MentionChange> {
        let unknown = Set(object.keys).subtracting(changeKeys)
        guard unknown.isEmpty else {
            return .invalid("unknown fields: \(unknown.sorted().map { String($0.prefix(40)) }.joined(separator: ", "))")
        }
        var change = MentionChange()
        func value<T: RawRepresentable<String>>(_ key: String, _ type: T.Type) -> Result<T?, Failure> {
            guard let raw = object[key] else { return .success(nil) }
            guard let text = raw as? String, let parsed = T(rawValue: text) else {
                return .failure(Failure(message: "\(key) must be one of \(allValues(T.self))"))
            }
            return .success(parsed)
        }
        do {
            change.status = try value("status", InboxStatus.self).get()
            change.severity = try value("severity", Severity.self).get()
            change.category = try value("category", Category.self).get()
        } catch {
            return .invalid(error.message)
        }
        if let complaint = object["complaint"] {
            // JSONSerialization gives `true` and `1` both as NSNumber, and on Linux a boolean is also
            // `is Int` (so `true` was refused); only a JSON boolean has the boolean NSNumber's class.
            guard let flag = complaint as? Bool, ObjectIdentifier(type(of: complaint)) == Self.booleanClass else {
                return .invalid("complaint must be true or false")
            }
            change.complaint = flag
        }
        if let assignee = object["assignee"] {
            if assignee is NSNull {
                change.assignee = .some(nil)
            } else if let name = assignee as? String {
                change.assignee = .some(name)
            } else {
                return .invalid("assignee must be a string or null")
            }
        }
        guard !change.isEmpty else { return .invalid("give at least one of \(changeKeys.sorted().joined(separator: ", "))") }
        return .valid(change)
    }

    struct Failure: Error { var message: String }

    /// The class of a JSON `true` or `false` from JSONSerialization.
    static let booleanClass = ObjectIdentifier(type(of: NSNumber(value: true)))

    static func allValues<T: RawRepresentable<String>>(_ type: T.Type) -> String {
        switch type {
        case is InboxStatus.Type: return InboxStatus.allCases.map(\.rawValue).joined(separator: ", ")
        case is Severity.Type: return Severity.allCases.map(\.rawValue).joined(separator: ", ")
        case is Category.Type: return Category.allCases.map(\.rawValue).joined(separator: ", ")
        default: return "the known values"
        }
    }
}
