import Foundation
import HTTPTypes
import HarkCore
import HarkStore
import Hummingbird
import Logging
import NIOCore

/// `/api/v1/...`: the inbox for people and tools.
struct InboxAPI: Sendable {
    let store: any InboxStore
    let clock: any WallClock
    let authenticator: APIAuthenticator
    let insight: any InsightReading
    /// Where hand-offs go (`nil`: refused with `409 no_helpdesk`).
    var helpdesk: (any HelpdeskHandoff)? = nil
    /// Who may start an export now.
    let exports = ExportGate()

    struct Page: Encodable {
        var items: [MentionJSON]
        var nextCursor: String?
        enum Keys: String, CodingKey { case items, nextCursor = "next_cursor" }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(items, forKey: .items)
            try container.encode(nextCursor, forKey: .nextCursor)
        }
    }

    func listMentions(_ request: Request, context: HarkRequestContext) async -> Response {
        await authenticated(request, context) { caller in
            let query: MentionQuery
            let now = clock.now()
            switch MentionQueryParser.parse(request.uri.queryParameters, scope: caller.brands, now: now) {
            case .success(let parsed): query = parsed
            case .failure(let problem): return JSONResponses.error(.badRequest, "bad_query", problem.message)
            }
            let page = try await store.mentions(query)
            let recurrence = try await store.recurrenceSummaries(of: page.items.map(\.id))
            return JSONResponses.json(
                .ok,
                Page(
                    items: page.items.map {
                        MentionJSON(
                            mention: $0, redactPersonalData: caller.role == .marketing, now: now,
                            recurrence: recurrence[$0.id])
                    },
                    nextCursor: page.nextCursor?.rawValue))
        }
    }

    func showMention(_ request: Request, context: HarkRequestContext) async -> Response {
        await authenticated(request, context) { caller in
            guard let raw = context.parameters.get("id"), let id = MentionID(raw),
                let mention = try await store.mention(id), Self.visible(mention, to: caller)
            else {
                return JSONResponses.error(.notFound, "not_found", "no such mention")
            }
            let places = try await store.places(of: id)
            let recurrence = try await store.recurrenceSummaries(of: [id])[id]
            return JSONResponses.json(
                .ok,
                MentionJSON(
                    mention: mention, redactPersonalData: caller.role == .marketing, places: places, now: clock.now(),
                    recurrence: recurrence))
        }
    }

    struct EraseRequest: Decodable {
        var address: String?
        var handle: String?
    }

    struct EraseResponse: Encodable {
        var mentions: Int
        var revisions: Int
        var rawInputs: Int
        enum CodingKeys: String, CodingKey { case mentions, revisions, rawInputs = "raw_inputs" }
    }

    func erase(_ request: Request, context: HarkRequestContext) async -> Response {
        await authenticated(request, context) { caller in
            guard caller.role == .admin else {
                try await audit(caller, context, action: "erase", object: "person", outcome: "forbidden")
                return JSONResponses.error(.forbidden, "forbidden", "erasure needs the admin role")
            }
            let subject: ErasureSubject
            // A refused body is audited too (reliability.md A6: one record per state-changing call);
            // the store records the erasure itself.
            switch await StrictJSON.decode(EraseRequest.self, from: request.body, allowedKeys: ["address", "handle"]) {
            case .valid(let body):
                switch (body.address, body.handle) {
                case (let address?, nil) where !address.isEmpty: subject = .address(address)
                case (nil, let handle?) where !handle.isEmpty: subject = .handle(handle)
                default:
                    try await audit(caller, context, action: "erase", object: "person", outcome: "bad_request")
                    return JSONResponses.error(.badRequest, "bad_request", "give exactly one of address or handle")
                }
            case .invalid(let message):
                try await audit(caller, context, action: "erase", object: "person", outcome: "bad_request")
                return JSONResponses.error(.badRequest, "bad_request", message)
            }
            let actor = ChangeActor(
                name: "token:\(caller.name)", role: caller.role.rawValue, requestID: context.id, sourceIP: context.remoteAddress)
            let result = try await store.erase(subject, by: actor, at: clock.now())
            return JSONResponses.json(
                .ok, EraseResponse(mentions: result.mentions, revisions: result.revisions, rawInputs: result.rawInputs))
        }
    }

    static func visible(_ mention: Mention, to caller: APICaller) -> Bool {
        guard let scope = caller.brands else { return true }
        return (mention.assessment?.brands ?? []).contains(where: scope.contains)
    }

    /// Appends one audit record of `caller`'s request: a refusal, or a call that changed nothing.
    /// `object` is what the call was about (a mention id, `person`, a path).
    func audit(
        _ caller: APICaller, _ context: HarkRequestContext, action: String, object: String? = nil, outcome: String
    ) async throws {
        try await store.appendAudit(
            AuditEvent(
                at: clock.now(), actor: "token:\(caller.name)", role: caller.role.rawValue, action: action,
                object: object, requestID: context.id, sourceIP: context.remoteAddress, outcome: outcome))
    }

    /// The header that carries the request id of every API answer: the `request_id` of the audit
    /// records the request left, so a caller can find them. Always Hark's own id, never one a client
    /// sent, so the audit log's ids stay unique and unforgeable.
    static let requestIDHeader = HTTPField.Name("X-Request-Id")!

    func authenticated(
        _ request: Request, _ context: HarkRequestContext, _ body: (APICaller) async throws -> Response
    ) async -> Response {
        var response: Response
        switch await authenticator.authenticate(request, context: context) {
        case .refused(let refusal):
            response = refusal
        case .caller(let caller):
            do {
                response = try await body(caller)
            } catch let error as HarkError where error.code == .unavailable {
                response = JSONResponses.error(.serviceUnavailable, "unavailable", "the store is busy; retry", retryAfter: 2)
            } catch {
                context.logger.error("api request failed", metadata: ["hark.error": "\(type(of: error))"])
                response = JSONResponses.error(.internalServerError, "internal", "the request failed")
            }
        }
        response.headers[Self.requestIDHeader] = context.id
        return response
    }
}

/// Decodes a small JSON request body, refusing unknown fields (mass assignment) and large bodies.
enum StrictJSON {
    static func decode<T: Decodable>(
        _ type: T.Type, from body: RequestBody, allowedKeys: Set<String>, limit: Int = 64 * 1024
    ) async -> Decoded<T> {
        guard case .success(let buffer) = await BodyReader.collect(body, limit: limit) else {
            return .invalid("the body is too large or was cut off")
        }
        let data = Data(buffer.readableBytesView)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return .invalid("the body must be a JSON object")
        }
        let unknown = Set(object.keys).subtracting(allowedKeys)
        guard unknown.isEmpty else { return .invalid("unknown fields: \(unknown.sorted().joined(separator: ", "))") }
        guard let value = try? JSONDecoder().decode(T.self, from: data) else {
            return .invalid("a field has the wrong type")
        }
        return .valid(value)
    }

    enum Decoded<T> {
        case valid(T)
        case invalid(String)
    }
}
