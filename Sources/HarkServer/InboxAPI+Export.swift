import Foundation
import HTTPTypes
import HarkCore
import HarkStore
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// Who may start an export now: a token bucket per token (`limits.export_rate_per_token`) and one
/// running export per token, so a scripted loop of exports cannot hold the store's readers.
final class ExportGate: Sendable {
    private let limiter = RateLimiter(maximumKeys: 10_000)
    private let running = Mutex<Set<String>>([])

    /// Holds a token's slot until released or dropped (a response body the server never wrote
    /// still gives its slot back when it goes away).
    final class Lease: Sendable {
        private let gate: ExportGate
        private let key: String
        private let released = Mutex(false)

        fileprivate init(gate: ExportGate, key: String) {
            self.gate = gate
            self.key = key
        }

        func release() {
            let first = released.withLock { released in
                defer { released = true }
                return !released
            }
            if first { _ = gate.running.withLock { $0.remove(key) } }
        }

        deinit { release() }
    }

    enum Admission {
        case admitted(Lease)
        /// Seconds to wait.
        case refused(retryAfter: Int, message: String)
    }

    func admit(_ caller: APICaller, rate: RateLimiter.Rate?, now: Date) -> Admission {
        let key = "token:\(caller.name)"
        let busy = running.withLock { running in !running.insert(key).inserted }
        if busy { return .refused(retryAfter: 5, message: "an export by this token is still running") }
        if let wait = limiter.acquire(key, rate: rate, now: now) {
            _ = running.withLock { $0.remove(key) }
            return .refused(retryAfter: wait, message: "too many exports")
        }
        return .admitted(Lease(gate: self, key: key))
    }
}

extension InboxAPI {
    /// Mentions per page of an export (one read transaction each, under the statement timeout).
    static let exportPageSize = MentionQuery.maximumLimit

    /// `GET /api/v1/export?format=csv|jsonl&...`: the mentions the caller may see, filtered as the
    /// list is, streamed page by page (memory stays flat however many there are), newest first.
    /// Marketing gets no author names or addresses. `limit` is ignored; `cursor` resumes after a
    /// mention. Every export is audited (data leaving the inbox).
    func export(_ request: Request, context: HarkRequestContext) async -> Response {
        await authenticated(request, context) { caller in
            let now = clock.now()
            let parameters = request.uri.queryParameters
            guard let raw = parameters["format"].map(String.init), let format = ExportFormat(rawValue: raw) else {
                return JSONResponses.error(.badRequest, "bad_query", "format must be csv or jsonl")
            }
            var parsed: MentionQuery
            switch MentionQueryParser.parse(parameters, scope: caller.brands, now: now, extra: ["format"]) {
            case .success(let query): parsed = query
            case .failure(let problem): return JSONResponses.error(.badRequest, "bad_query", problem.message)
            }
            parsed.limit = Self.exportPageSize
            let first = parsed
            let lease: ExportGate.Lease
            switch exports.admit(caller, rate: authenticator.settings.current.limits.exportRatePerToken, now: now) {
            case .admitted(let admitted): lease = admitted
            case .refused(let wait, let message):
                try await audit(caller, context, action: "export", object: format.rawValue, outcome: "rate_limited")
                return JSONResponses.error(.tooManyRequests, "rate_limited", message, retryAfter: wait)
            }
            try await audit(caller, context, action: "export", object: format.rawValue, outcome: "ok")
            let redact = caller.role == .marketing
            let store = self.store
            let logger = context.logger
            let body = ResponseBody { writer in
                var query = first
                do {
                    if let header = format.header { try await writer.write(ByteBuffer(string: header)) }
                    repeat {
                        let page = try await store.mentions(query)
                        let recurrence =
                            format == .jsonl ? try await store.recurrenceSummaries(of: page.items.map(\.id)) : [:]
                        let chunk = format.lines(page.items, redactPersonalData: redact, now: now, recurrence: recurrence)
                        if !chunk.isEmpty { try await writer.write(ByteBuffer(string: chunk)) }
                        query.after = page.nextCursor
                    } while query.after != nil
                } catch {
                    // The status line is gone: end the stream early, so the client sees a cut-off
                    // body (no final chunk), not a complete-looking file.
                    lease.release()
                    logger.error("export failed", metadata: ["hark.error": "\(type(of: error))"])
                    throw error
                }
                // Free before the last chunk: a client that saw the end may start the next export.
                lease.release()
                try await writer.finish(nil)
            }
            var headers = HTTPFields()
            headers[.contentType] = format.contentType
            headers[.contentDisposition] = "attachment; filename=\"hark-export.\(format.rawValue)\""
            headers[.cacheControl] = "no-store"
            return Response(status: .ok, headers: headers, body: body)
        }
    }

    struct StatisticsJSON: Encodable {
        struct Day: Encodable {
            var day: String
            var severity: String
            var category: String
            var count: Int
        }
        var total: Int
        var byStatus: [String: Int]
        var openBySeverity: [String: Int]
        var overdue: Int
        var since: String
        var timeZone: String
        var daily: [Day]
        enum CodingKeys: String, CodingKey {
            case total, byStatus = "by_status", openBySeverity = "open_by_severity", overdue, since,
                timeZone = "time_zone", daily
        }
    }

    /// `GET /api/v1/statistics?days=30`: the counts of the mentions the caller may see and their
    /// complaints per day, by severity and category, in the service levels' time zone (UTC when
    /// none is configured). Aggregates only, so every role may ask.
    func statistics(_ request: Request, context: HarkRequestContext) async -> Response {
        await aggregate(request, context, known: ["days"]) { caller, query in
            let days = try query.wholeNumber("days", in: 1...366) ?? 30
            let window = StatisticsWindow(
                days: days, serviceLevels: authenticator.settings.current.serviceLevels, now: clock.now())
            let (counts, daily) = try await window.load(from: store, scope: caller.brands)
            return JSONResponses.json(
                .ok,
                StatisticsJSON(
                    total: counts.total,
                    byStatus: Dictionary(uniqueKeysWithValues: counts.byStatus.map { ($0.key.rawValue, $0.value) }),
                    openBySeverity: Dictionary(
                        uniqueKeysWithValues: counts.openBySeverity.map { ($0.key.rawValue, $0.value) }),
                    overdue: counts.overdue, since: RFC3339.string(window.since), timeZone: window.zoneName,
                    daily: daily.map {
                        StatisticsJSON.Day(
                            day: $0.day, severity: $0.severity.rawValue, category: $0.category.rawValue, count: $0.count)
                    }))
        }
    }
}
