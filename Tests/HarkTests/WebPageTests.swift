import Foundation
import HarkTesting
import Testing

/// The web page over HTTP against the real daemon: sign-in into a store-kept session, the cookie's
/// attributes, CSRF and cross-site refusals, roles, escaping under a strict CSP, languages, and a
/// rotated token ending its sessions. (The browser itself drives it in WebBrowserTests.)
@Suite struct WebPageTests {
    static let brands = "\nbrands:\n  - { name: \"Nordlys Energi\", aliases: [\"Nordlys\"] }\n"
    static let hostile = "<script>alert(1)</script><img src=x onerror=alert(2)> javascript:alert(3) Tredje gang Nordlys sender feil faktura. Jeg går til Forbrukerrådet."

    /// Signs in and returns the session cookie (`hark_session=...`).
    static func signIn(_ d: TestDaemon, token: String) async throws -> String {
        let answer = try await d.daemon.request(
            "POST", "/login", headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Data("token=\(token)".utf8))
        #expect(answer.status == 303, "\(answer.status) \(answer.text)")
        let cookie = try #require(answer.header("Set-Cookie"))
        return try #require(cookie.split(separator: ";").first.map(String.init))
    }

    static func csrf(_ html: String) -> String? {
        guard let range = html.range(of: #"name="csrf" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    func post(_ d: TestDaemon, _ path: String, cookie: String, _ form: String, headers: [String: String] = [:])
        async throws -> HTTPResult
    {
        var all = ["Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie]
        for (name, value) in headers { all[name] = value }
        return try await d.daemon.request("POST", path, headers: all, body: Data(form.utf8))
    }

    @Test func signInSessionCookieAndSignOut() async throws {
        let d = try TestDaemon(config: TestDaemon.config() + Self.brands)
        defer { d.daemon.kill() }
        try await d.start()
        let redirect = try await d.daemon.request("GET", "/")
        #expect(redirect.status == 303 && redirect.header("Location") == "/login")
        let login = try await d.daemon.request("GET", "/login")
        #expect(login.status == 200 && login.text.contains(#"id="token""#))
        #expect(login.header("Content-Security-Policy")?.contains("script-src 'none'") == true)

        let bad = try await d.daemon.request(
            "POST", "/login", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data("token=nope".utf8))
        #expect(bad.status == 401 && bad.header("Set-Cookie") == nil)

        let answer = try await d.daemon.request(
            "POST", "/login", headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Data("token=\(TestDaemon.tokens["ops"]!)".utf8))
        let setCookie = try #require(answer.header("Set-Cookie"))
        #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"))
        let cookie = try #require(setCookie.split(separator: ";").first.map(String.init))
        // Only a hash of the cookie is stored.
        if let sqlite = SQLite3(d.daemon.databasePath) {
            let value = String(cookie.dropFirst("hark_session=".count))
            #expect(try sqlite.int("SELECT count(*) FROM web_sessions") == 1)
            #expect(try sqlite.int("SELECT count(*) FROM web_sessions WHERE id_hash = '\(value)'") == 0)
            #expect(try sqlite.int("SELECT count(*) FROM audit_log WHERE action = 'web.login' AND outcome = 'ok'") == 1)
        }
        let inbox = try await d.daemon.request("GET", "/", headers: ["Cookie": cookie])
        #expect(inbox.status == 200 && inbox.text.contains("<h1>"))
        let token = try #require(Self.csrf(inbox.text))
        // Signing out needs the form token; afterwards the cookie is worth nothing.
        #expect(try await post(d, "/logout", cookie: cookie, "csrf=wrong").status == 403)
        let out = try await post(d, "/logout", cookie: cookie, "csrf=\(token)")
        #expect(out.status == 303 && out.header("Location") == "/login")
        #expect(try await d.daemon.request("GET", "/", headers: ["Cookie": cookie]).status == 303)
        try await d.daemon.stop()
    }

    @Test func escapingCSRFOriginAndRoles() async throws {
        let d = try TestDaemon(config: TestDaemon.config() + Self.brands)
        defer { d.daemon.kill() }
        try await d.start()
        let posted = try await d.postForms(
            TestDaemon.body(id: "x1", text: Self.hostile, address: "kunde@example.no"), deliveryID: "msg_x1")
        let id = try #require(posted.json["id"] as? String)
        let ops = try await Self.signIn(d, token: TestDaemon.tokens["ops"]!)
        let page = try await d.daemon.request("GET", "/mentions/\(id)", headers: ["Cookie": ops])
        #expect(page.status == 200)
        #expect(!page.text.contains("<script>") && !page.text.contains("<img src=x"), "mention text must be escaped")
        #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!page.text.contains("<script"), "no script element at all")
        #expect(!page.text.contains("style="), "no inline style")
        #expect(page.header("Content-Security-Policy")?.hasPrefix("default-src 'self'") == true)
        #expect(page.text.contains("kunde@example.no"), "support and admin see the author")
        let csrf = try #require(Self.csrf(page.text))

        // Without the form token, or from another site, nothing changes.
        #expect(try await post(d, "/mentions/\(id)/change", cookie: ops, "status=acknowledged").status == 403)
        #expect(try await post(d, "/mentions/\(id)/change", cookie: ops, "csrf=\(csrf)x&status=acknowledged").status == 403)
        let crossSite = try await post(
            d, "/mentions/\(id)/change", cookie: ops, "csrf=\(csrf)&status=acknowledged",
            headers: ["Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"])
        #expect(crossSite.status == 403)
        #expect(try await d.api("GET", "/api/v1/mentions/\(id)").json["status"] as? String == "new")

        // With it, the move happens, by the person, audited.
        let moved = try await post(d, "/mentions/\(id)/change", cookie: ops, "csrf=\(csrf)&status=acknowledged")
        #expect(moved.status == 303 && moved.header("Location") == "/mentions/\(id)")
        #expect(try await d.api("GET", "/api/v1/mentions/\(id)").json["status"] as? String == "acknowledged")
        let refused = try await post(d, "/mentions/\(id)/change", cookie: ops, "csrf=\(csrf)&status=closed")
        #expect(refused.status == 409 && refused.text.contains("allowed"))
        let noted = try await post(d, "/mentions/\(id)/notes", cookie: ops, "csrf=\(csrf)&text=%3Cb%3Ebold%3C%2Fb%3E")
        #expect(noted.status == 303)
        let after = try await d.daemon.request("GET", "/mentions/\(id)", headers: ["Cookie": ops])
        #expect(after.text.contains("&lt;b&gt;bold&lt;/b&gt;"))
        let history = try await d.api("GET", "/api/v1/mentions/\(id)/history")
        #expect((history.json["items"] as? [[String: Any]])?.first?["actor"] as? String == "session:ops")

        // Marketing: no author, no forms, and a forged post is refused.
        let mkt = try await Self.signIn(d, token: TestDaemon.tokens["mkt"]!)
        let view = try await d.daemon.request("GET", "/mentions/\(id)", headers: ["Cookie": mkt])
        #expect(view.status == 200 && !view.text.contains("kunde@example.no") && !view.text.contains("a-status"))
        let mktCSRF = try #require(Self.csrf(view.text))
        #expect(try await post(d, "/mentions/\(id)/change", cookie: mkt, "csrf=\(mktCSRF)&status=in_progress").status == 403)
        // A brand-scoped support token does not see another brand's mention.
        let other = try await d.postForms(TestDaemon.body(id: "x2", text: "Annet kraftselskap er tregt."), deliveryID: "msg_x2")
        let kari = try await Self.signIn(d, token: TestDaemon.tokens["kari"]!)
        let hidden = try await d.daemon.request("GET", "/mentions/\(other.json["id"] as? String ?? "")", headers: ["Cookie": kari])
        #expect(hidden.status == 404)
        try await d.daemon.stop()
    }

    @Test func languagesAndFilters() async throws {
        let d = try TestDaemon(config: TestDaemon.config() + Self.brands)
        defer { d.daemon.kill() }
        try await d.start()
        _ = try await d.postForms(TestDaemon.body(id: "l1", text: "Nordlys har ikke svart på tre uker."), deliveryID: "msg_l1")
        let cookie = try await Self.signIn(d, token: TestDaemon.tokens["ops"]!)
        var headings: Set<String> = []
        for accept in ["en-GB,en;q=0.8", "da-DK", "nb-NO,nb;q=0.9", "sv-SE", "fr-FR"] {
            let page = try await d.daemon.request("GET", "/", headers: ["Cookie": cookie, "Accept-Language": accept])
            #expect(page.status == 200)
            if let h1 = page.text.range(of: "<h1>") { headings.insert(String(page.text[h1.upperBound...].prefix(30))) }
        }
        #expect(headings.count == 4, "four languages, French falls back to English: \(headings)")
        // A chosen language sticks in a cookie, whatever the browser asks for.
        let choose = try await d.daemon.request("GET", "/language?lang=sv&back=/", headers: ["Cookie": cookie])
        #expect(choose.status == 303 && choose.header("Set-Cookie")?.hasPrefix("hark_lang=sv") == true)
        let offsite = try await d.daemon.request("GET", "/language?lang=sv&back=//evil.example/", headers: ["Cookie": cookie])
        #expect(offsite.header("Location") == "/", "no open redirect")
        let swedish = try await d.daemon.request(
            "GET", "/", headers: ["Cookie": "\(cookie); hark_lang=sv", "Accept-Language": "da"])
        #expect(swedish.text.contains(#"<html lang="sv">"#))
        // Filters, including hostile ones, answer a page (never a 500) and echo escaped.
        for query in [
            "severity=very_dissatisfied", "status=new&overdue=true", "q=%3Cscript%3E", "q=%27%22%3B--", "brand=%22%3E%3Cb%3E",
            "severity=bogus", "cursor=nonsense", "lang=sv&category=",
        ] {
            let page = try await d.daemon.request("GET", "/?\(query)", headers: ["Cookie": cookie])
            #expect(page.status == 200, "\(query): \(page.status)")
            #expect(!page.text.contains("<script>") && !page.text.contains("\"><b>"), "\(query)")
        }
        let bogus = try await d.daemon.request("GET", "/?severity=bogus", headers: ["Cookie": cookie])
        #expect(bogus.text.contains(#"role="alert""#) && bogus.text.contains("invalid severity"), "a bad filter is said")
        let css = try await d.daemon.request("GET", "/static/hark.css")
        #expect(css.status == 200 && css.header("Content-Type")?.hasPrefix("text/css") == true)
        try await d.daemon.stop()
    }

    @Test func anotherInstanceServesTheSessionAndARotatedTokenEndsIt() async throws {
        let d = try TestDaemon(config: TestDaemon.config() + Self.brands)
        defer { d.daemon.kill() }
        try await d.start()
        let cookie = try await Self.signIn(d, token: TestDaemon.tokens["ops"]!)
        // A second daemon on the same database (as several instances share one inbox).
        let second = try TestDaemon(
            config: TestDaemon.config().replacingOccurrences(of: "{{DB}}", with: d.daemon.databasePath) + Self.brands)
        defer { second.daemon.kill() }
        try await second.start()
        #expect(try await second.daemon.request("GET", "/", headers: ["Cookie": cookie]).status == 200)
        _ = try await second.daemon.stop()

        // The ops token is rotated and the configuration reloaded: its sessions end.
        try d.daemon.writeCredential("ops", "hark_ops_token_rotated")
        let pid = try #require(d.daemon.process?.processIdentifier)
        kill(pid, SIGHUP)
        var ended = false
        for _ in 0..<100 where !ended {
            ended = try await d.daemon.request("GET", "/", headers: ["Cookie": cookie]).status == 303
            if !ended { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(ended, "a session of a rotated token still works")
        try await d.daemon.stop()
    }
}
