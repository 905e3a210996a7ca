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
}
