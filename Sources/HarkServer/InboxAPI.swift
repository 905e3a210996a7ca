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
            return JSONResponses.json(
                .ok,
                Page(
                    items: page.items.map {
                        MentionJSON(mention: $0, redactPersonalData: caller.role == .marketing, now: now)
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
            return JSONResponses.json(
                .ok,
                MentionJSON(
                    mention: mention, redactPersonalData: caller.role == .marketing, places: places, now: clock.now()))
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
                try await audit(caller, context, action: "erase", outcome: "forbidden")
                return JSONResponses.error(.forbidden, "forbidden", "erasure needs the admin role")
            }
            let subject: ErasureSubject
            switch await StrictJSON.decode(EraseRequest.self, from: request.body, allowedKeys: ["address", "handle"]) {
            case .valid(let body):
                switch (body.address, body.handle) {
                case (let address?, nil) where !address.isEmpty: subject = .address(address)
                case (nil, let handle?) where !handle.isEmpty: subject = .handle(handle)
                default:
                    return JSONResponses.error(.badRequest, "bad_request", "give exactly one of address or handle")
                }
            case .invalid(let message):
                return JSONResponses.error(.badRequest, "bad_request", message)
            }
            let result = try await store.erase(subject, actor: "token:\(caller.name)", at: clock.now())
            return JSONResponses.json(
                .ok, EraseResponse(mentions: result.mentions, revisions: result.revisions, rawInputs: result.rawInputs))
        }
    }

    static func visible(_ mention: Mention, to caller: APICaller) -> Bool {
        guard let scope = caller.brands else { return true }
        return (mention.assessment?.brands ?? []).contains(where: scope.contains)
    }

    func audit(_ caller: APICaller, _ context: HarkRequestContext, action: String, outcome: String) async throws {
        try await store.appendAudit(
            AuditEvent(
                at: clock.now(), actor: "token:\(caller.name)", role: caller.role.rawValue, action: action,
                requestID: context.id, sourceIP: context.remoteAddress, outcome: outcome))
    }

    func authenticated(
        _ request: Request, _ context: HarkRequestContext, _ body: (APICaller) async throws -> Response
    ) async -> Response {
        switch await authenticator.authenticate(request, context: context) {
        case .refused(let response):
            return response
        case .caller(let caller):
            do {
                return try await body(caller)
            } catch let error as HarkError where error.code == .unavailable {
                return JSONResponses.error(.serviceUnavailable, "unavailable", "the store is busy; retry", retryAfter: 2)
            } catch {
                context.logger.error("api request failed", metadata: ["hark.error": "\(type(of: error))"])
                return JSONResponses.error(.internalServerError, "internal", "the request failed")
            }
        }
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
