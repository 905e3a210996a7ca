import Foundation
import HTTPTypes
import HarkCore
import HarkStore
import Hummingbird

/// The workflow routes: `PATCH /api/v1/mentions/{id}`, notes, history and bulk changes. Writes need
/// the `admin` or `support` role; every change lands in the audit log.
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
                try await audit(caller, context, action: action, outcome: "forbidden")
                return Self.forbidden
            }
            guard let id = try await visibleID(context, caller) else { return Self.notFound }
            return try await body(id)
        }
    }

    struct HistoryJSON: Encodable {
        var event: AuditEvent
        enum Keys: String, CodingKey { case at, actor, role, action, before, after, requestID = "request_id" }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(RFC3339.string(event.at), forKey: .at)
            try container.encode(event.actor, forKey: .actor)
            try container.encode(event.role, forKey: .role)
            try container.encode(event.action, forKey: .action)
            try container.encode(event.before, forKey: .before)
            try container.encode(event.after, forKey: .after)
            try container.encode(event.requestID, forKey: .requestID)
        }
    }

    func history(_ request: Request, context: HarkRequestContext) async -> Response {
        await workflowReader(request, context, action: "mention.history") { id in
            JSONResponses.json(.ok, Items(items: try await store.history(of: id).map(HistoryJSON.init)))
        }
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
                    continue
                }
                do {
                    _ = try await store.change(id, change, by: actor, at: clock.now(), serviceLevels: levels)
                    results.append(BulkResult(id: raw, status: 200))
                } catch let error as HarkError where error.code == .conflict || error.code == .invalidInput {
                    results.append(
                        BulkResult(id: raw, status: error.code == .conflict ? 409 : 400, error: error.message))
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

    /// Runs `body` for a caller who may change mentions (admin, support); answers 403 (audited) for
    /// the others, 404, 409 and 400 for the store's refusals.
    func writer(
        _ request: Request, _ context: HarkRequestContext, action: String,
        _ body: (APICaller, ChangeActor) async throws -> Response
    ) async -> Response {
        await authenticated(request, context) { caller in
            guard caller.role == .admin || caller.role == .support else {
                try await audit(caller, context, action: action, outcome: "forbidden")
                return Self.forbidden
            }
            let actor = ChangeActor(
                name: "token:\(caller.name)", role: caller.role.rawValue, requestID: context.id,
                sourceIP: context.remoteAddress)
            do {
                return try await body(caller, actor)
            } catch let error as HarkError where error.code == .conflict {
                return JSONResponses.error(.conflict, "invalid_transition", error.message)
            } catch let error as HarkError where error.code == .invalidInput {
                return JSONResponses.error(.badRequest, "bad_request", error.message)
            } catch let error as HarkError where error.code == .notFound {
                return Self.notFound
            }
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
            guard let flag = complaint as? Bool, !(complaint is Int) else {
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

    static func allValues<T: RawRepresentable<String>>(_ type: T.Type) -> String {
        switch type {
        case is InboxStatus.Type: return InboxStatus.allCases.map(\.rawValue).joined(separator: ", ")
        case is Severity.Type: return Severity.allCases.map(\.rawValue).joined(separator: ", ")
        case is Category.Type: return Category.allCases.map(\.rawValue).joined(separator: ", ")
        default: return "the known values"
        }
    }
}
