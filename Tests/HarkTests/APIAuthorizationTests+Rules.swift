import Foundation
import HarkCore
import HarkServer
import HarkStore
import HarkTesting
import Hummingbird
import Testing
import Glibc

/// Erasure, tokens (A5) and queries (A3, A4) through the real daemon.
extension APIAuthorizationTests {
    // MARK: Erasure

    @Test func erasureByAdminRemovesThePersonAndRedeliveryStaysADuplicate() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        let body = TestDaemon.body(id: "e1", text: "Please delete my data", address: "kari@example.no")
        let first = try await d.postForms(body, deliveryID: "msg_e1")
        #expect(first.status == 202)
        let id = try #require(first.json["id"] as? String)
        let keep = try await Self.post(d, id: "e2", text: "Someone else entirely", address: "ola@example.no")
        #expect(try await d.api("GET", "/api/v1/mentions/\(id)").status == 200)

        let erase = try await d.api("POST", "/api/v1/erase", body: Data(#"{"address": "kari@example.no"}"#.utf8))
        #expect(erase.status == 200, "\(erase.text)")
        #expect(erase.json["mentions"] as? Int == 1)
        #expect(try await d.api("GET", "/api/v1/mentions/\(id)").status == 404)
        #expect(try await d.api("GET", "/api/v1/mentions/\(keep)").status == 200)

        // The same delivery again, and a new delivery of the same external id: still duplicates.
        let again = try await d.postForms(body, deliveryID: "msg_e1")
        #expect(again.status == 202, "\(again.text)")
        #expect(again.json["duplicate"] as? Bool == true, "\(again.text)")
        let redelivered = try await d.postForms(body, deliveryID: "msg_e1_retry")
        #expect(redelivered.status == 202, "\(redelivered.text)")
        #expect(redelivered.json["duplicate"] as? Bool == true, "\(redelivered.text)")
        #expect(try await d.api("GET", "/api/v1/mentions/\(id)").status == 404)
        let list = try await d.api("GET", "/api/v1/mentions")
        let ids = (list.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(ids == [keep])
        #expect(!list.text.contains("kari@example.no"))
        #expect(try d.mentionCount() == 1)
        if let sqlite = SQLite3(d.daemon.databasePath) {
            #expect(try sqlite.int("SELECT count(*) FROM mentions WHERE author_address = 'kari@example.no'") == 0)
            #expect(try sqlite.int("SELECT count(*) FROM audit_log WHERE action = 'erase'") >= 1)
        }
        try await d.daemon.stop()
    }

    @Test func erasureRefusesBadBodiesAndChangesNothing() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        let id = try await Self.post(d, id: "x1", text: "Still here", address: "x@example.no")
        let bodies: [(String, String)] = [
            ("unknown field", #"{"address": "x@example.no", "brand": "y"}"#),
            ("address and handle", #"{"address": "x@example.no", "handle": "x"}"#),
            ("neither", "{}"),
            ("empty address", #"{"address": ""}"#),
            ("wrong type", #"{"address": 5}"#),
            ("not an object", #"["x@example.no"]"#),
            ("not JSON", "address=x@example.no"),
            ("empty body", ""),
        ]
        for (name, body) in bodies {
            let response = try await d.api("POST", "/api/v1/erase", body: Data(body.utf8))
            #expect(response.status == 400, "\(name): \(response.status) \(response.text)")
        }
        // Marketing and support may not erase, whatever the body; each refusal is audited.
        for token in ["mkt", "kari"] {
            let response = try await d.api("POST", "/api/v1/erase", token: token, body: Data(#"{"address": "x@example.no"}"#.utf8))
            #expect(response.status == 403, "\(token): \(response.status)")
        }
        #expect(try await d.api("GET", "/api/v1/mentions/\(id)").status == 200)
        if let sqlite = SQLite3(d.daemon.databasePath) {
            let rows = try sqlite.query("SELECT action, outcome, actor FROM audit_log WHERE outcome = 'forbidden' ORDER BY seq")
            #expect(rows == "erase|forbidden|token:mkt\nerase|forbidden|token:kari\n")
        }
        try await d.daemon.stop()
    }

    // MARK: Tokens (A5)

    @Test func tokenInTheQueryStringIsRefusedAndNotLogged() async throws {
        let d = try TestDaemon(config: TestDaemon.config() + "\nlogging: { level: \"trace\" }\n")
        defer { d.daemon.kill() }
        try await d.start()
        let token = try #require(TestDaemon.tokens["ops"])
        for path in [
            "/api/v1/mentions?access_token=\(token)",
            "/api/v1/mentions?token=\(token)",
            "/api/v1/mentions/\(World.missingID)?access_token=\(token)",
            "/api/v1/mentions?limit=5&access_token=\(token)",
        ] {
            let bare = try await d.daemon.request("GET", path)
            #expect(bare.status == 400, "\(path): \(bare.status)")
            #expect(!bare.text.contains(token))
            // Also with a valid header: the URL token is refused, not ignored.
            let withHeader = try await d.api("GET", path)
            #expect(withHeader.status == 400, "\(path) with a header: \(withHeader.status)")
        }
        let erase = try await d.daemon.request(
            "POST", "/api/v1/erase?access_token=\(token)", headers: ["Content-Type": "application/json"],
            body: Data(#"{"address": "a@example.no"}"#.utf8))
        #expect(erase.status == 400)
        try await d.daemon.stop()
        for secret in TestDaemon.tokens.values { #expect(!d.daemon.log().contains(secret), "a token is in the log") }
        #expect(!d.daemon.log().isEmpty, "the log was written (so its check means something)")
    }

    @Test func revokedAndRotatedTokensAreRefusedAfterAReload() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        #expect(try await d.api("GET", "/api/v1/mentions", token: "mkt").status == 200)
        #expect(try await d.api("GET", "/api/v1/mentions", token: "kari").status == 200)
        // Revoke mkt (removed from the configuration) and rotate kari's token (new credential file).
        let withoutMarketing = TestDaemon.config().split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("name: \"mkt\"") }.joined(separator: "\n")
        try d.daemon.writeConfig(withoutMarketing)
        let rotated = "hark_kari_rotated_token_4"
        try d.daemon.writeCredential("kari", rotated)
        d.daemon.signal(SIGHUP)
        let deadline = ContinuousClock.now + .seconds(10)
        while !d.daemon.log().contains("configuration reloaded"), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(d.daemon.log().contains("configuration reloaded"), "\(d.daemon.log())")
        #expect(try await d.api("GET", "/api/v1/mentions", token: "mkt").status == 401, "revoked token still works")
        #expect(try await d.api("GET", "/api/v1/mentions", token: "kari").status == 401, "the old token still works")
        #expect(try await d.api("GET", "/api/v1/mentions", token: rotated).status == 200)
        #expect(try await d.api("GET", "/api/v1/mentions", token: "ops").status == 200)
        try await d.daemon.stop()
        #expect(!d.daemon.log().contains(rotated))
    }

    @Test func twentyOneBadTokensFromOneAddressAreRateLimited() async throws {
        let d = try TestDaemon()  // the default: 20 failures per address and minute
        defer { d.daemon.kill() }
        try await d.start()
        let started = ContinuousClock.now
        var statuses: [Int] = []
        for attempt in 1...20 {
            let response = try await d.daemon.request(
                "GET", "/api/v1/mentions", headers: ["Authorization": "Bearer hark_guess_\(attempt)_\(UUID().uuidString)"])
            statuses.append(response.status)
        }
        let blocked = try await d.daemon.request("GET", "/api/v1/mentions", headers: ["Authorization": "Bearer hark_guess_21"])
        // Malformed headers count as failures too, and stay blocked.
        let malformed = try await d.daemon.request("GET", "/api/v1/mentions", headers: ["Authorization": "Basic x"])
        let elapsed = ContinuousClock.now - started
        #expect(statuses == Array(repeating: 401, count: 20))
        // The bucket refills one failure every 3 s; 22 loopback requests take far less than that (if
        // this machine was too slow to tell, the 429 checks are skipped rather than guessed).
        if elapsed < .milliseconds(2500) {
            #expect(blocked.status == 429, "21st bad token: \(blocked.status)")
            let retryAfter = try #require(blocked.header("Retry-After"), "429 without Retry-After")
            #expect((Int(retryAfter) ?? 0) >= 1)
            #expect(malformed.status == 429)
            if let sqlite = SQLite3(d.daemon.databasePath) {
                #expect(try sqlite.int("SELECT count(*) FROM audit_log WHERE action = 'api.authenticate' AND outcome = 'denied'") == 20)
                #expect(try sqlite.int("SELECT count(*) FROM audit_log WHERE action = 'api.authenticate' AND outcome = 'rate_limited'") == 2)
            }
        }
        try await d.daemon.stop()
    }

    @Test func rawTokensNeverReachTheDatabaseOrTheLog() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        let id = try await Self.post(d, id: "t1", text: "Token hygiene", address: "t@example.no")
        for token in ["ops", "kari", "mkt"] {
            _ = try await d.api("GET", "/api/v1/mentions", token: token)
            _ = try await d.api("GET", "/api/v1/mentions/\(id)", token: token)
            _ = try await d.api("POST", "/api/v1/erase", token: token, body: Data(#"{"address": "nobody@example.invalid"}"#.utf8))
        }
        _ = try await d.api("GET", "/api/v1/mentions", token: Caller.unknownTokenValue)
        _ = try await d.daemon.request("GET", "/api/v1/mentions?access_token=\(TestDaemon.tokens["ops"]!)")
        let canaries = Array(TestDaemon.tokens.values) + [Caller.unknownTokenValue]
        func files() -> [String] {
            ["", "-wal", "-shm"].map { d.daemon.databasePath + $0 }.filter { FileManager.default.fileExists(atPath: $0) }
        }
        // While running (the WAL holds the recent writes) and after a clean stop (checkpointed).
        #expect(files().count >= 2, "expected the database and its WAL")
        for path in files() { try Self.expectAbsent(canaries, in: path) }
        try await d.daemon.stop()
        for path in files() { try Self.expectAbsent(canaries, in: path) }
        for canary in canaries { #expect(!d.daemon.log().contains(canary)) }
    }

    static func expectAbsent(_ canaries: [String], in path: String) throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        for canary in canaries {
            #expect(bytes.range(of: Data(canary.utf8)) == nil, "\(canary) found in \((path as NSString).lastPathComponent)")
        }
    }

    // MARK: Queries (A3, A4)

    @Test func limitIsCappedAndCursorsPageThroughEverything() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        let total = 205
        // Eight senders at a time, so the daemon is busy but not flooded.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for sender in 0..<8 {
                group.addTask {
                    for index in stride(from: sender, to: total, by: 8) {
                        let response = try await d.postForms(
                            TestDaemon.body(id: "p\(index)", text: "page \(index)"), deliveryID: "msg_p\(index)")
                        guard response.status == 202 else { throw TestingError("post \(index): \(response.status)") }
                    }
                }
            }
            try await group.waitForAll()
        }
        let first = try await d.api("GET", "/api/v1/mentions?limit=1000000000")
        #expect(first.status == 200)
        let firstItems = try #require(first.json["items"] as? [[String: Any]])
        #expect(firstItems.count == 200, "limit=10^9 must be capped at 200")
        let cursor = try #require(first.json["next_cursor"] as? String)
        let second = try await d.api("GET", "/api/v1/mentions?limit=1000000000&cursor=\(cursor)")
        #expect(second.status == 200)
        let secondItems = try #require(second.json["items"] as? [[String: Any]])
        #expect(secondItems.count == total - 200)
        #expect(second.json["next_cursor"] is NSNull || second.json["next_cursor"] == nil)
        let ids = (firstItems + secondItems).compactMap { $0["id"] as? String }
        #expect(Set(ids).count == total, "pages overlap or miss items")
        #expect(ids == ids.sorted(by: >), "newest first across pages")

        // Small pages reach the same items, in a bounded number of steps.
        var walked: [String] = []
        var next: String? = nil
        for _ in 0..<10 {
            let path = "/api/v1/mentions?limit=30" + (next.map { "&cursor=\($0)" } ?? "")
            let page = try await d.api("GET", path)
            walked += (page.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            next = page.json["next_cursor"] as? String
            if next == nil { break }
        }
        #expect(next == nil)
        #expect(walked == ids)

        for bad in [
            "cursor=garbage", "cursor=", "cursor=0193A5B2-7C1E-7D3A-9F10-2B6C8E4D1A7F", "cursor=%27%20OR%201%3D1--",
            "limit=0", "limit=-1", "limit=abc", "limit=99999999999999999999999", "limit=1e3",
        ] {
            let response = try await d.api("GET", "/api/v1/mentions?\(bad)")
            #expect(response.status == 400, "\(bad): \(response.status)")
        }
        try await d.daemon.stop()
    }

    /// Values that must reach SQL (and FTS5) only as data. White space alone is left out: a blank `q`
    /// is no search at all, and rightly lists everything. NUL inside an FTS5 string was a 500
    /// ("unterminated string") before search terms were cleaned.
    static let metacharacters = [
        "'", "''", "\"", "' OR '1'='1", "' OR 1=1 --", "1; DROP TABLE mentions; --", "\"; DROP TABLE mentions; --",
        "%", "%%%%", "_", "\\", "*", "**", "\"*", "NEAR(a b)", "a OR b", "x AND y NOT z", "(", ")", "^", ":", "col:x",
        "{a b}", "-", "+", "\u{0}", "a\u{0}b", "%00", "\u{1}", "\u{1B}[31m", "'; SELECT * FROM audit_log; --", "/* */", "||", "$1", "?", "@x",
        "\u{202E}evil", String(repeating: "%_", count: 400),
    ]

    @Test func sqlMetacharactersInFiltersNeverGive500() async throws {
        // Hundreds of requests by one token: lift the per-token rate so only the answers are judged.
        let d = try TestDaemon(
            config: TestDaemon.config(limits: "webhook_rate_per_source: 0, webhook_rate_per_address: 0, api_rate_per_token: 0"))
        defer { d.daemon.kill() }
        try await d.start()
        _ = try await Self.post(d, id: "s1", text: "The parcel is late again", address: "s@example.no")
        var checked = 0
        for parameter in ["q", "source", "status", "severity", "category", "channel", "language", "brand", "since", "until"] {
            for value in Self.metacharacters {
                guard let encoded = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) else { continue }
                let response = try await d.api("GET", "/api/v1/mentions?\(parameter)=\(encoded)")
                checked += 1
                let label = "\(parameter)=\(value.debugDescription)"
                #expect(response.status == 200 || response.status == 400, "\(label): \(response.status) \(response.text)")
                // A search of nothing but control characters is a blank search (everything), like white space.
                let blank = parameter == "q"
                    && value.unicodeScalars.allSatisfy { $0.properties.isWhitespace || $0.properties.generalCategory == .control }
                if response.status == 200, !blank {
                    #expect((response.json["items"] as? [Any])?.isEmpty == true, "\(label) matched: \(response.text.prefix(200))")
                } else if response.status != 200 {
                    let lowered = response.text.lowercased()
                    #expect(!lowered.contains("sql") && !lowered.contains("syntax") && !lowered.contains("fts5"), "\(label) leaks: \(response.text)")
                }
            }
        }
        #expect(checked > 300)
        // Nothing was dropped or changed, and ordinary search still works.
        #expect(try d.mentionCount() == 1)
        let found = try await d.api("GET", "/api/v1/mentions?q=parcel%20LATE")
        #expect((found.json["items"] as? [Any])?.count == 1)
        let prefix = try await d.api("GET", "/api/v1/mentions?q=parc")
        #expect((prefix.json["items"] as? [Any])?.count == 1)
        let tooLong = try await d.api("GET", "/api/v1/mentions?q=\(String(repeating: "a", count: 1001))")
        #expect(tooLong.status == 400)
        try await d.daemon.stop()
        #expect(!d.daemon.log().lowercased().contains("sqlite error"))
    }

    @Test func unknownQueryParametersAre400() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        for query in ["foo=1", "sort=id", "order=desc", "offset=1000000000000", "Limit=5", "q=a&debug=1", "customer=x"] {
            let response = try await d.api("GET", "/api/v1/mentions?\(query)")
            #expect(response.status == 400, "\(query): \(response.status)")
            #expect(!response.text.contains("1000000000000"), "error messages do not echo input")
        }
        // Known parameters with valid values are fine.
        let good = try await d.api(
            "GET", "/api/v1/mentions?status=new&channel=webhook&source=forms&language=no&since=2020-01-01T00:00:00Z&limit=5")
        #expect(good.status == 200)
        try await d.daemon.stop()
    }

    @Test func everyAnswerCarriesTheSecurityHeaders() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        let id = try await Self.post(d, id: "h1", text: "Headers please", address: "h@example.no")
        let responses: [(String, HTTPResult)] = [
            ("list", try await d.api("GET", "/api/v1/mentions")),
            ("show", try await d.api("GET", "/api/v1/mentions/\(id)")),
            ("404", try await d.api("GET", "/api/v1/mentions/\(World.missingID)")),
            ("401", try await d.api("GET", "/api/v1/mentions", token: nil)),
            ("400", try await d.api("GET", "/api/v1/mentions?foo=1")),
            ("403", try await d.api("POST", "/api/v1/erase", token: "mkt", body: Data("{}".utf8))),
            ("unknown route", try await d.api("GET", "/api/v1/nope")),
            ("healthz", try await d.daemon.request("GET", "/healthz")),
            ("webhook", try await d.postForms(TestDaemon.body(id: "h2", text: "x"), deliveryID: "msg_h2")),
        ]
        for (name, response) in responses {
            let csp = response.header("Content-Security-Policy") ?? ""
            #expect(csp.hasPrefix("default-src 'self'") && csp.contains("script-src 'none'"), "\(name): \(response.headers)")
            #expect(response.header("X-Frame-Options") == "DENY", "\(name)")
            #expect(response.header("X-Content-Type-Options") == "nosniff", "\(name)")
            #expect(response.header("Access-Control-Allow-Origin") == nil, "\(name)")
        }
        for (name, response) in responses.prefix(6) {
            #expect(response.header("Content-Type")?.hasPrefix("application/json") == true, "\(name)")
        }
        try await d.daemon.stop()
    }

    /// The admin's read-only view of the tokens: names, roles, brands; never a token or a digest.
    @Test func tokensAreListedForAdminsWithoutTheirSecrets() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        let response = try await d.api("GET", "/api/v1/tokens")
        #expect(response.status == 200)
        let items = try #require(response.json["items"] as? [[String: Any]])
        #expect(Set(items.compactMap { $0["name"] as? String }) == ["ops", "kari", "mkt"])
        #expect(items.first { $0["name"] as? String == "kari" }?["brands"] as? [String] == ["Nordlys Energi"])
        #expect(items.first { $0["name"] as? String == "mkt" }?["role"] as? String == "marketing")
        for token in TestDaemon.tokens.values { #expect(!response.text.contains(token)) }
        #expect(Set(items.flatMap(\.keys)) == ["name", "role", "brands"])
        try await d.daemon.stop()
    }
}
