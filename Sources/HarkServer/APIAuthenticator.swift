import Foundation
import HTTPTypes
import HarkCore
import HarkStore
import Hummingbird

/// Bearer-token authentication for `/api/` routes, with brute-force protection and auditing.
struct APIAuthenticator: Sendable {
    let settings: SettingsHolder
    let store: any InboxStore
    let clock: any WallClock
    let limiter: RateLimiter
    let failures: RateLimiter

    enum Outcome {
        case caller(APICaller)
        case refused(Response)
    }

    /// The caller, or the response to send instead.
    func authenticate(_ request: Request, context: HarkRequestContext) async -> Outcome {
        let now = clock.now()
        let settings = self.settings.current
        let query = request.uri.queryParameters
        if query["access_token"] != nil || query["token"] != nil {
            // Tokens in URLs end up in logs and proxies: refuse, and never log the value. The refusal
            // is an authentication failure, audited like the others (the object is the path without
            // its query, so the token stays out of the log).
            try? await store.appendAudit(
                AuditEvent(
                    at: now, actor: "anonymous", action: "api.authenticate", object: request.uri.path,
                    requestID: context.id, sourceIP: context.remoteAddress, outcome: "token_in_query"))
            return .refused(
                JSONResponses.error(.badRequest, "token_in_query", "send the token in the Authorization header"))
        }
        let failureRate = RateLimiter.Rate(
            perSecond: Double(settings.limits.authFailuresPerMinute) / 60, burst: Double(settings.limits.authFailuresPerMinute))
        guard let header = request.headers[.authorization], header.count <= 4096,
            header.lowercased().hasPrefix("bearer "),
            let caller = settings.tokens.caller(for: String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces))
        else {
            let blocked = failures.acquire("auth:\(context.remoteAddress)", rate: failureRate, now: now)
            try? await store.appendAudit(
                AuditEvent(
                    at: now, actor: "anonymous", action: "api.authenticate", object: request.uri.path,
                    requestID: context.id, sourceIP: context.remoteAddress,
                    outcome: blocked == nil ? "denied" : "rate_limited"))
            if let blocked {
                return .refused(
                    JSONResponses.error(.tooManyRequests, "rate_limited", "too many failed attempts", retryAfter: blocked))
            }
            return .refused(JSONResponses.error(.unauthorized, "unauthorized", "a valid bearer token is required"))
        }
        if let wait = limiter.acquire("token:\(caller.name)", rate: settings.limits.apiRatePerToken, now: now) {
            return .refused(JSONResponses.error(.tooManyRequests, "rate_limited", "too many requests", retryAfter: wait))
        }
        return .caller(caller)
    }
}
