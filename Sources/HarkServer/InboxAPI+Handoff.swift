import Foundation
import HTTPTypes
import HarkCore
import HarkStore
import Hummingbird

/// `POST /api/v1/mentions/{id}/handoff`: hands a mention off to the helpdesk (issue 6).
///
/// The hand-off is an outbox message: the answer (`202`) comes once it is stored, and the notifier
/// delivers it, signed, with retries. A mention is handed off once: asking again answers `200`
/// with the state of the first hand-off. Support and admin only; every call is audited.
extension InboxAPI {
    struct HandoffRequest: Decodable {
        var note: String?
    }

    struct HandoffJSON: Encodable {
        var message: OutboxMessage

        enum Keys: String, CodingKey { case id, status, attempts, lastError = "last_error", createdAt = "created_at" }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(message.id, forKey: .id)
            let status = message.deliveredAt != nil ? "delivered" : message.failedAt != nil ? "failed" : "pending"
            try container.encode(status, forKey: .status)
            try container.encode(message.attempts, forKey: .attempts)
            try container.encode(message.lastError, forKey: .lastError)
            try container.encode(RFC3339.string(message.createdAt), forKey: .createdAt)
        }
    }

    func handoff(_ request: Request, context: HarkRequestContext) async -> Response {
        await writer(request, context, action: "mention.handoff") { caller, actor in
            guard let id = try await visibleID(context, caller), let mention = try await store.mention(id) else {
                return Self.notFound
            }
            var note: String?
            if request.headers[.contentLength] != "0", request.headers[.contentType] != nil || request.headers[.transferEncoding] != nil {
                switch await StrictJSON.decode(HandoffRequest.self, from: request.body, allowedKeys: ["note"], limit: 16 * 1024) {
                case .valid(let body): note = body.note
                case .invalid(let message): return JSONResponses.error(.badRequest, "bad_request", message)
                }
            }
            guard let helpdesk, let handoff = try await helpdesk.handOff(mention, by: actor, note: note, in: store, at: clock.now())
            else {
                return JSONResponses.error(
                    .conflict, "no_helpdesk", "no helpdesk is configured (notifier.helpdesk in the configuration)")
            }
            return JSONResponses.json(handoff.isNew ? .accepted : .ok, HandoffJSON(message: handoff.message))
        }
    }
}
