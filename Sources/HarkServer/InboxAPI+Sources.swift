import Foundation
import HarkCore
import HarkStore
import Hummingbird

extension InboxAPI {
    private struct SourceList: Encodable {
        var items: [SourceStatusJSON]
    }

    /// `GET /api/v1/sources`: the health of every polled source, with recent events (feed gaps with
    /// their estimated missed count, moves). Operational data: admin and support only.
    func listSources(_ request: Request, context: HarkRequestContext) async -> Response {
        await authenticated(request, context) { caller in
            guard caller.role != .marketing else {
                try await audit(caller, context, action: "sources.list", outcome: "forbidden")
                return JSONResponses.error(.forbidden, "forbidden", "this role cannot see sources")
            }
            let statuses = try await store.sourceStatuses(eventsPerSource: 20)
            return JSONResponses.json(.ok, SourceList(items: statuses.map(SourceStatusJSON.init)))
        }
    }

    private struct TokenList: Encodable {
        struct Item: Encodable {
            var name: String
            var role: String
            var brands: [String]?
        }
        var items: [Item]
    }

    /// `GET /api/v1/tokens`: the configured tokens by name, role and brands, read-only (the
    /// configuration file is the source of truth) and never the secrets. Admin only.
    func listTokens(_ request: Request, context: HarkRequestContext) async -> Response {
        await authenticated(request, context) { caller in
            guard caller.role == .admin else {
                try await audit(caller, context, action: "tokens.list", outcome: "forbidden")
                return JSONResponses.error(.forbidden, "forbidden", "only an admin can see the tokens")
            }
            let callers = authenticator.settings.current.tokens.callers
            return JSONResponses.json(
                .ok,
                TokenList(items: callers.map { TokenList.Item(name: $0.name, role: $0.role.rawValue, brands: $0.brands) }))
        }
    }
}
