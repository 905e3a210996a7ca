import Foundation
import HarkCore
import HarkStore
import Hummingbird

/// People's say over customers: merge two into one, split mentions off into a customer of their
/// own. Support and admin tokens without a brand limit only: a customer spans every brand.
extension InboxAPI {
    struct MergeRequest: Decodable {
        var from: String
    }

    struct SplitRequest: Decodable {
        var mentions: [String]
    }

    /// The most mentions one split moves.
    static let splitLimit = 1_000

    /// `POST /api/v1/customers/{id}/merge {"from": "cus_..."}`: customer `from` becomes part of
    /// `{id}` (its mentions and evidence move; its id stays a link to `{id}`). Answers the merged customer.
    func mergeCustomer(_ request: Request, context: HarkRequestContext) async -> Response {
        await writer(request, context, action: "customer.merge") { caller, actor in
            guard caller.brands == nil else { return Self.brandLimited }
            guard let into = Self.customerID(context) else { return Self.noSuchCustomer }
            switch await StrictJSON.decode(MergeRequest.self, from: request.body, allowedKeys: ["from"], limit: 4 * 1024) {
            case .invalid(let message):
                return JSONResponses.error(.badRequest, "bad_request", message)
            case .valid(let body):
                guard body.from.hasPrefix("cus_"), MentionQueryParser.isRecurrenceID(body.from) else {
                    return JSONResponses.error(.badRequest, "bad_request", "from must be a customer id (cus_...)")
                }
                try await store.mergeCustomer(body.from, into: into, by: actor, at: clock.now())
                return try await customerResponse(into, to: caller)
            }
        }
    }

    /// `POST /api/v1/customers/{id}/split {"mentions": ["..."]}`: the mentions leave `{id}` for a
    /// new customer, with the evidence only they carry. Answers `201` with the new customer.
    func splitCustomer(_ request: Request, context: HarkRequestContext) async -> Response {
        await writer(request, context, action: "customer.split") { caller, actor in
            guard caller.brands == nil else { return Self.brandLimited }
            guard let id = Self.customerID(context) else { return Self.noSuchCustomer }
            switch await StrictJSON.decode(SplitRequest.self, from: request.body, allowedKeys: ["mentions"], limit: 64 * 1024) {
            case .invalid(let message):
                return JSONResponses.error(.badRequest, "bad_request", message)
            case .valid(let body):
                let mentions = body.mentions.compactMap(MentionID.init)
                guard !mentions.isEmpty, mentions.count == body.mentions.count, mentions.count <= Self.splitLimit,
                    Set(mentions).count == mentions.count
                else {
                    return JSONResponses.error(
                        .badRequest, "bad_request", "mentions must list 1 to \(Self.splitLimit) distinct mention ids")
                }
                let newID = try await store.splitCustomer(id, mentions: mentions, by: actor, at: clock.now())
                return try await customerResponse(newID, to: caller, status: .created)
            }
        }
    }

    static let brandLimited = JSONResponses.error(
        .forbidden, "forbidden", "a token limited to brands cannot merge or split customers: they span every brand")
}
