import Foundation
import HTTPTypes
import HarkCore
import HarkStore
import Hummingbird
import NIOCore

/// Builds Hark's routers: the API listener and, optionally, a separate public webhook listener.
public struct HarkRouter: Sendable {
    /// What the routes need from the daemon.
    public struct Dependencies: Sendable {
        public var settings: SettingsHolder
        public var sink: any MentionSink
        public var store: any InboxStore
        public var clock: any WallClock
        /// Prometheus text of all metrics.
        public var renderMetrics: @Sendable () -> String
        /// Whether the daemon can take input (store reachable, not shutting down).
        public var isReady: @Sendable () async -> Bool
        /// Writes hand-offs to the helpdesk (`nil`: hand-offs are refused).
        public var helpdesk: (any HelpdeskHandoff)?
        /// Trends and where to act (HarkRecurrence's, handed in by the daemon).
        public var insight: any InsightReading

        public init(
            settings: SettingsHolder, sink: any MentionSink, store: any InboxStore, clock: any WallClock,
            renderMetrics: @escaping @Sendable () -> String, isReady: @escaping @Sendable () async -> Bool,
            insight: any InsightReading, helpdesk: (any HelpdeskHandoff)? = nil
        ) {
            self.insight = insight
            self.settings = settings
            self.sink = sink
            self.store = store
            self.clock = clock
            self.renderMetrics = renderMetrics
            self.isReady = isReady
            self.helpdesk = helpdesk
        }
    }

    let dependencies: Dependencies
    let webhooks: WebhookRoute
    let api: InboxAPI
    let web: WebUI

    public init(_ dependencies: Dependencies, metrics: IntakeMetrics = IntakeMetrics()) {
        self.dependencies = dependencies
        let limiter = RateLimiter()
        webhooks = WebhookRoute(
            settings: dependencies.settings, sink: dependencies.sink, store: dependencies.store,
            clock: dependencies.clock, limiter: limiter, metrics: metrics)
        let failures = RateLimiter()
        api = InboxAPI(
            store: dependencies.store, clock: dependencies.clock,
            authenticator: APIAuthenticator(
                settings: dependencies.settings, store: dependencies.store, clock: dependencies.clock,
                limiter: limiter, failures: failures),
            insight: dependencies.insight, helpdesk: dependencies.helpdesk)
        var web = WebUI(
            store: dependencies.store, insight: dependencies.insight, clock: dependencies.clock,
            settings: dependencies.settings, failures: failures)
        web.helpdesk = dependencies.helpdesk
        self.web = web
    }

    /// The router of `server.listen`: API, health, metrics, and webhooks unless they have a listener
    /// of their own.
    public func apiRouter(includeWebhooks: Bool) -> Router<HarkRequestContext> {
        let router = Router(context: HarkRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        addHealth(to: router)
        if includeWebhooks { addWebhooks(to: router) }
        let v1 = router.group("api/v1")
        v1.get("mentions") { request, context in await api.listMentions(request, context: context) }
        v1.post("mentions/bulk") { request, context in await api.bulk(request, context: context) }
        v1.get("mentions/:id") { request, context in await api.showMention(request, context: context) }
        v1.patch("mentions/:id") { request, context in await api.changeMention(request, context: context) }
        v1.get("mentions/:id/notes") { request, context in await api.listNotes(request, context: context) }
        v1.post("mentions/:id/notes") { request, context in await api.addNote(request, context: context) }
        v1.get("mentions/:id/history") { request, context in await api.history(request, context: context) }
        v1.post("mentions/:id/handoff") { request, context in await api.handoff(request, context: context) }
        v1.post("erase") { request, context in await api.erase(request, context: context) }
        v1.get("sources") { request, context in await api.listSources(request, context: context) }
        v1.get("tokens") { request, context in await api.listTokens(request, context: context) }
        v1.get("issues") { request, context in await api.listIssues(request, context: context) }
        v1.get("trends") { request, context in await api.trends(request, context: context) }
        v1.get("customers/:id") { request, context in await api.showCustomer(request, context: context) }
        v1.post("customers/:id/merge") { request, context in await api.mergeCustomer(request, context: context) }
        v1.post("customers/:id/split") { request, context in await api.splitCustomer(request, context: context) }
        v1.get("export") { request, context in await api.export(request, context: context) }
        v1.get("statistics") { request, context in await api.statistics(request, context: context) }
        web.addRoutes(to: router)
        return router
    }

    /// The router of `server.hooks_listen`: webhooks and liveness only.
    public func hooksRouter() -> Router<HarkRequestContext> {
        let router = Router(context: HarkRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.get("healthz") { _, _ in Self.ok() }
        addWebhooks(to: router)
        return router
    }

    private func addWebhooks(to router: Router<HarkRequestContext>) {
        router.post("hooks/:source") { request, context in await webhooks.handle(request, context: context) }
    }

    private func addHealth(to router: Router<HarkRequestContext>) {
        let dependencies = self.dependencies
        router.get("healthz") { _, _ in Self.ok() }
        router.get("readyz") { _, _ in
            await dependencies.isReady()
                ? Self.ok() : JSONResponses.error(.serviceUnavailable, "not_ready", "the store is not reachable")
        }
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: dependencies.renderMetrics())))
        }
    }

    static func ok() -> Response {
        JSONResponses.json(.ok, ["status": "ok"])
    }
}

/// Adds the security headers every answer carries.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = HarkRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            response = JSONResponses.error(error.status, "http_error", error.status.reasonPhrase)
        }
        // No script at all, no inline style, no framing, forms only to this site.
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
            + "form-action 'self'"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.xContentTypeOptions] = "nosniff"
        // Same-origin: the browser still sends `Origin` on the page's own forms (checked there),
        // and nothing leaks to other sites.
        response.headers[.init("Referrer-Policy")!] = "same-origin"
        return response
    }
}
