import Crypto
import Foundation
import HTTPTypes
import HarkCore
import HarkStore
import Hummingbird
import Logging
import Mustache

/// The web page at `/`: sign in with an API token into a session cookie (`SameSite=Strict`,
/// `HttpOnly`, kept in the store), the inbox, a mention's page with its actions, in English,
/// Danish, Norwegian or Swedish. Every form that changes something carries the session's CSRF
/// token; no inline script or style (CSP); every value is escaped by the templates.
struct WebUI: Sendable {
    let store: any InboxStore
    let clock: any WallClock
    let settings: SettingsHolder
    let failures: RateLimiter
    /// Where hand-offs go (`nil`: the page offers none).
    var helpdesk: (any HelpdeskHandoff)?
    /// Trends and where to act.
    let insight: any InsightReading
    let library: MustacheLibrary
    let dates = WebDateFormat()

    static let sessionCookie = "hark_session"
    static let languageCookie = "hark_lang"
    static let sessionLifetime: TimeInterval = 12 * 3600

    init(
        store: any InboxStore, insight: any InsightReading, clock: any WallClock, settings: SettingsHolder,
        failures: RateLimiter
    ) {
        self.store = store
        self.insight = insight
        self.clock = clock
        self.settings = settings
        self.failures = failures
        do {
            library = try WebTemplates.library()
        } catch {
            preconditionFailure("the built-in templates do not parse: \(error)")
        }
    }

    /// A signed-in person.
    struct Visitor: Sendable {
        var caller: APICaller
        var session: WebSession
    }

    func addRoutes(to router: Router<HarkRequestContext>) {
        router.get("/") { request, context in await page(request, context) { try await inbox(request, context, $0) } }
        router.get("login") { request, _ in loginPage(request, error: nil) }
        router.post("login") { request, context in await signIn(request, context) }
        router.post("logout") { request, context in await signOut(request, context) }
        router.get("language") { request, _ in chooseLanguage(request) }
        router.get("static/hark.css") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/css; charset=utf-8"
            headers[.cacheControl] = "public, max-age=3600"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: WebAssets.css)))
        }
        router.get("favicon.ico") { _, _ in
            var headers = HTTPFields()
            headers[.cacheControl] = "public, max-age=86400"
            return Response(status: .noContent, headers: headers)
        }
        router.get("mentions/:id") { request, context in
            await page(request, context) { try await mentionPage(request, context, $0) }
        }
        router.get("insight") { request, context in await page(request, context) { try await insightPage(request, $0) } }
        router.get("customers/:id") { request, context in
            await page(request, context) { try await customerPage(request, context, $0) }
        }
        router.get("report") { request, context in await page(request, context) { try await reportPage(request, $0) } }
        router.post("mentions/:id/change") { request, context in await change(request, context) }
        router.post("mentions/:id/notes") { request, context in await note(request, context) }
        router.post("mentions/:id/handoff") { request, context in await handoff(request, context) }
    }

    // MARK: Sessions

    func language(_ request: Request) -> WebLanguage {
        WebLanguage.parse(WebHTTP.cookie(Self.languageCookie, in: request))
            ?? WebLanguage.preferred(acceptLanguage: request.headers[.acceptLanguage])
    }

    static func hash(_ value: String) -> String {
        SHA256.hash(data: Data(value.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The signed-in person, if the cookie names a live session of a token still configured.
    func visitor(_ request: Request) async throws -> Visitor? {
        guard let value = WebHTTP.cookie(Self.sessionCookie, in: request), value.utf8.count <= 128 else { return nil }
        let idHash = Self.hash(value)
        guard let session = try await store.session(idHash: idHash, at: clock.now()) else { return nil }
        guard let caller = settings.current.tokens.caller(named: session.tokenName, fingerprint: session.tokenFingerprint)
        else {
            // The token was removed or rotated: its sessions end with it.
            try await store.deleteSession(idHash: idHash)
            return nil
        }
        return Visitor(caller: caller, session: session)
    }

    /// Renders a page for a signed-in visitor; others go to the sign-in page.
    func page(
        _ request: Request, _ context: HarkRequestContext, _ body: (Visitor) async throws -> Response
    ) async -> Response {
        do {
            guard let visitor = try await visitor(request) else { return WebHTTP.redirect("/login") }
            return try await body(visitor)
        } catch let error as HarkError where error.code == .unavailable {
            return message(request, .serviceUnavailable, "unavailable")
        } catch {
            context.logger.error("web page failed", metadata: ["hark.error": "\(type(of: error))"])
            return message(request, .internalServerError, "error")
        }
    }

    func loginPage(_ request: Request, error: WebText?, status: HTTPResponse.Status = .ok) -> Response {
        let lang = language(request)
        var values = base(request, lang, title: WebStrings.text(.loginTitle, lang), visitor: nil)
        if let error { values["error"] = WebStrings.text(error, lang) }
        return WebHTTP.html(status, library.render(values, withTemplate: "login") ?? "")
    }

    func signIn(_ request: Request, _ context: HarkRequestContext) async -> Response {
        guard WebHTTP.sameOrigin(request) else { return loginPage(request, error: .formExpired, status: .forbidden) }
        let now = clock.now()
        let settings = self.settings.current
        let form = await WebHTTP.form(request.body, limit: 8 * 1024) ?? [:]
        let token = (form["token"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty, token.utf8.count <= 4096, let (caller, fingerprint) = settings.tokens.callerAndFingerprint(for: token)
        else {
            let rate = RateLimiter.Rate(
                perSecond: Double(settings.limits.authFailuresPerMinute) / 60,
                burst: Double(settings.limits.authFailuresPerMinute))
            let blocked = failures.acquire("auth:\(context.remoteAddress)", rate: rate, now: now)
            try? await store.appendAudit(
                AuditEvent(
                    at: now, actor: "anonymous", action: "web.login", requestID: context.id,
                    sourceIP: context.remoteAddress, outcome: blocked == nil ? "denied" : "rate_limited"))
            return loginPage(request, error: .badToken, status: blocked == nil ? .unauthorized : .tooManyRequests)
        }
        let value = WebHTTP.randomToken()
        let session = WebSession(
            idHash: Self.hash(value), tokenName: caller.name, tokenFingerprint: fingerprint, csrf: WebHTTP.randomToken(),
            createdAt: now, expiresAt: now.addingTimeInterval(Self.sessionLifetime))
        do {
            try await store.createSession(session)
            _ = try? await store.purgeSessions(expiredBefore: now)
            try await store.appendAudit(
                AuditEvent(
                    at: now, actor: "session:\(caller.name)", role: caller.role.rawValue, action: "web.login",
                    requestID: context.id, sourceIP: context.remoteAddress))
        } catch {
            return message(request, .serviceUnavailable, "unavailable")
        }
        let cookie = "\(Self.sessionCookie)=\(value); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(Int(Self.sessionLifetime))"
            + (settings.secureCookies ? "; Secure" : "")
        return WebHTTP.redirect("/", cookies: [cookie])
    }

    func signOut(_ request: Request, _ context: HarkRequestContext) async -> Response {
        let expired = "\(Self.sessionCookie)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
        guard let visitor = try? await visitor(request) else { return WebHTTP.redirect("/login", cookies: [expired]) }
        let form = await WebHTTP.form(request.body) ?? [:]
        guard WebHTTP.sameOrigin(request), Self.csrfMatches(form["csrf"], visitor.session.csrf) else {
            return message(request, .forbidden, "formExpired")
        }
        try? await store.deleteSession(idHash: visitor.session.idHash)
        try? await store.appendAudit(
            AuditEvent(
                at: clock.now(), actor: "session:\(visitor.caller.name)", role: visitor.caller.role.rawValue,
                action: "web.logout", requestID: context.id, sourceIP: context.remoteAddress))
        return WebHTTP.redirect("/login", cookies: [expired])
    }

    func chooseLanguage(_ request: Request) -> Response {
        let query = request.uri.queryParameters
        let back = query["back"].map(String.init).flatMap(WebHTTP.localPath) ?? "/"
        guard let choice = WebLanguage.parse(query["lang"].map(String.init)) else { return WebHTTP.redirect(back) }
        let cookie = "\(Self.languageCookie)=\(choice.rawValue); Path=/; SameSite=Strict; Max-Age=31536000"
        return WebHTTP.redirect(back, cookies: [cookie])
    }

    static func csrfMatches(_ given: String?, _ expected: String) -> Bool {
        guard let given else { return false }
        return ConstantTime.equal(Array(given.utf8), Array(expected.utf8))
    }

    func message(_ request: Request, _ status: HTTPResponse.Status, _ key: String) -> Response {
        let lang = language(request)
        let text = WebText(rawValue: key).map { WebStrings.text($0, lang) } ?? status.reasonPhrase
        let values = base(request, lang, title: text, visitor: nil)
        return WebHTTP.html(status, library.render(values, withTemplate: "message") ?? "")
    }

    /// What every page's header needs.
    func base(_ request: Request, _ lang: WebLanguage, title: String, visitor: Visitor?) -> [String: Any] {
        var texts: [String: String] = [:]
        for key in WebText.allCases { texts[key.rawValue] = WebStrings.text(key, lang) }
        for key in InsightText.allCases { texts[key.rawValue] = InsightStrings.text(key, lang) }
        var values: [String: Any] = [
            "lang": lang.htmlLang, "title": title, "t": texts, "back": request.uri.path,
            "languages": WebLanguage.allCases.map { ["code": $0.rawValue, "name": $0.nativeName, "selected": $0 == lang] },
        ]
        if let visitor {
            values["signedIn"] = true
            values["who"] = visitor.caller.name
            values["role"] = visitor.caller.role.rawValue
            values["csrf"] = visitor.session.csrf
        }
        return values
    }
}
