import Foundation
import HarkCore
import HarkTesting
import HarkWebhooks
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The webhook route against the real daemon: exactly once, and every hostile input of
/// reliability.md §4.3 answered as listed there, with nothing written unless it says so.
@Suite struct WebhookIntakeTests {
    @Test func storesOnceAndAnswersRetriesAndConflicts() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        let body = TestDaemon.body(id: "r1", text: "The parcel is late again")
        let first = try await d.postForms(body, deliveryID: "msg_1")
        #expect(first.status == 202)
        #expect(first.json["duplicate"] as? Bool == false)
        let id = try #require(first.json["id"] as? String)
        let retry = try await d.postForms(body, deliveryID: "msg_1")
        #expect(retry.status == 202)
        #expect(retry.json["duplicate"] as? Bool == true)
        #expect(retry.json["id"] as? String == id)
        let conflict = try await d.postForms(TestDaemon.body(id: "r1", text: "changed"), deliveryID: "msg_1")
        #expect(conflict.status == 409)
        // An edit arrives as a new delivery of the same external id: same mention, one revision kept.
        let edit = try await d.postForms(TestDaemon.body(id: "r1", text: "Still late, cancelling"), deliveryID: "msg_2")
        #expect(edit.status == 202)
        #expect(edit.json["id"] as? String == id)
        let shown = try await d.api("GET", "/api/v1/mentions/\(id)")
        #expect(shown.json["text"] as? String == "Still late, cancelling")
        #expect(shown.json["revisions"] as? Int == 1)
        #expect(try d.mentionCount() == 1)
        let quarantine = try d.daemon.command(["quarantine", "list", "--config", d.daemon.configPath])
        #expect(quarantine.stdout.contains("delivery_conflict"))
        let metrics = try await d.daemon.request("GET", "/metrics")
        #expect(metrics.text.contains("hark_intake_total"))
        #expect(metrics.text.contains("outcome=\"conflict\""))
        // Counted once: as a conflict, not also as a refusal.
        #expect(!metrics.text.contains("outcome=\"rejected_409\""))
        try await d.daemon.stop()
    }

    @Test func concurrentCopiesOfOneDeliveryMakeOneMention() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        // D7 in small: each of 50 events sent 5 times at once; exactly one mention each.
        try await withThrowingTaskGroup(of: Int.self) { group in
            for event in 0..<50 {
                let body = TestDaemon.body(id: "e\(event)", text: "event \(event)")
                for _ in 0..<5 {
                    group.addTask { try await d.postForms(body, deliveryID: "msg_e\(event)").status }
                }
            }
            for try await status in group { #expect(status == 202) }
        }
        #expect(try d.mentionCount() == 50)
        try await d.daemon.stop()
    }

    struct Hostile: Sendable, CustomTestStringConvertible {
        var name: String
        var path = "/hooks/forms"
        var headers: @Sendable (Data) -> [String: String]
        var body: Data
        var expected: Set<Int>
        var testDescription: String { name }
    }

    static let signedBody = TestDaemon.body(id: "h1", text: "hostile")

    static let cases: [Hostile] = {
        let body = signedBody
        let signed: @Sendable (Data) -> [String: String] = { TestDaemon.formsHeaders(body: $0, deliveryID: "msg_h") }
        func replacing(_ key: String, _ value: String?) -> @Sendable (Data) -> [String: String] {
            { data in
                var headers = TestDaemon.formsHeaders(body: data, deliveryID: "msg_h")
                headers[key] = value
                return headers
            }
        }
        var flipped = body
        flipped[flipped.count - 2] ^= 0x01
        let deep = Data((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)
        return [
            Hostile(name: "missing signature", headers: replacing("webhook-signature", nil), body: body, expected: [401]),
            Hostile(name: "empty v1 value", headers: replacing("webhook-signature", "v1,"), body: body, expected: [400, 401]),
            Hostile(name: "truncated signature", headers: replacing("webhook-signature", "v1,g0hM9SsE"), body: body, expected: [400, 401]),
            Hostile(name: "bit flipped body", headers: { _ in signed(body) }, body: flipped, expected: [401]),
            Hostile(
                name: "another secret",
                headers: { data in
                    var headers = Dictionary(
                        try! WebhookSigner.headers(
                            scheme: .standardWebhooks, secret: WebhookSecret("whsec_" + Data(repeating: 7, count: 24).base64EncodedString()),
                            body: data, timestamp: Int64(Date().timeIntervalSince1970), deliveryID: "msg_h"),
                        uniquingKeysWith: { $1 })
                    headers["Content-Type"] = "application/json"
                    return headers
                }, body: body, expected: [401]),
            Hostile(
                name: "github signature to a standard-webhooks source",
                headers: { data in
                    ["Content-Type": "application/json", "X-Hub-Signature-256": try! WebhookSigner.github(secret: WebhookSecret("x"), body: data)]
                }, body: body, expected: [401]),
            Hostile(
                name: "timestamp 305 s old",
                headers: { TestDaemon.formsHeaders(body: $0, deliveryID: "msg_h", timestamp: Date().addingTimeInterval(-305)) },
                body: body, expected: [401]),
            Hostile(
                name: "timestamp 305 s ahead",
                headers: { TestDaemon.formsHeaders(body: $0, deliveryID: "msg_h", timestamp: Date().addingTimeInterval(305)) },
                body: body, expected: [401]),
            Hostile(name: "timestamp not an integer", headers: replacing("webhook-timestamp", "12.5"), body: body, expected: [400, 401]),
            Hostile(name: "message id with a dot", headers: { TestDaemon.formsHeaders(body: $0, deliveryID: "msg.h") }, body: body, expected: [400, 401]),
            Hostile(name: "1 MB signature header", headers: replacing("webhook-signature", String(repeating: "a", count: 1 << 20)), body: body, expected: [400, 431]),
            Hostile(name: "text/plain", headers: replacing("Content-Type", "text/plain"), body: body, expected: [415]),
            Hostile(name: "form encoded", headers: replacing("Content-Type", "application/x-www-form-urlencoded"), body: body, expected: [415]),
            Hostile(name: "unknown encoding", headers: replacing("Content-Encoding", "br"), body: body, expected: [415]),
            Hostile(name: "two encodings", headers: replacing("Content-Encoding", "gzip, gzip"), body: body, expected: [415]),
            Hostile(name: "body over 1 MiB", headers: signed, body: Data(repeating: 0x20, count: (1 << 20) + 10), expected: [413]),
            Hostile(name: "unknown source", path: "/hooks/nope", headers: signed, body: body, expected: [404]),
            Hostile(name: "traversal", path: "/hooks/..%2f..%2fetc", headers: signed, body: body, expected: [404]),
            Hostile(name: "10 KB path", path: "/hooks/" + String(repeating: "a", count: 10_000), headers: signed, body: body, expected: [404, 414, 431, 400]),
            Hostile(name: "unsigned malformed JSON", path: "/hooks/open", headers: { _ in ["Content-Type": "application/json"] }, body: Data("{nope".utf8), expected: [400]),
            Hostile(name: "unsigned deep JSON", path: "/hooks/open", headers: { _ in ["Content-Type": "application/json"] }, body: deep, expected: [400]),
        ]
    }()

    @Test(arguments: cases)
    func hostileInputIsRejectedAndNothingWritten(_ hostile: Hostile) async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        let response = try? await d.daemon.request(
            "POST", hostile.path, headers: hostile.headers(hostile.body), body: hostile.body)
        if let response {
            #expect(hostile.expected.contains(response.status), "\(hostile.name): got \(response.status) \(response.text)")
            #expect(!response.text.contains(TestDaemon.formsSecret))
        } else {
            // The server may close the connection on a header it refuses outright; that is a rejection too.
            #expect(hostile.expected.contains(431) || hostile.expected.contains(400), "\(hostile.name): no answer")
        }
        #expect(try d.mentionCount() == 0)
        let quarantine = try d.daemon.command(["quarantine", "list", "--config", d.daemon.configPath])
        #expect(quarantine.stdout.contains("no quarantine records"))
        // The daemon is still up and takes a good webhook afterwards.
        let good = try await d.postForms(TestDaemon.body(id: "ok", text: "fine"), deliveryID: "msg_ok")
        #expect(good.status == 202)
        try await d.daemon.stop()
    }

    @Test func signedButUnparsableIsQuarantinedAndAcknowledged() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        let bodies: [(String, Data)] = [
            ("malformed", Data("{not json".utf8)),
            ("deep", Data((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)),
            ("array", Data("[1,2,3]".utf8)),
            ("invalid utf8", Data([0x7B, 0x22, 0x74, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D])),
            ("no text", Data("{\"id\": \"x\"}".utf8)),
            ("huge number", Data("{\"id\": 1e999999, \"text\": \"x\"}".utf8)),
            ("lone surrogate", Data("{\"id\": \"\\ud800\", \"text\": \"x\"}".utf8)),
        ]
        var quarantined = 0
        for (index, (name, body)) in bodies.enumerated() {
            let response = try await d.postForms(body, deliveryID: "msg_q\(index)")
            #expect(response.status == 202 || response.status == 400, "\(name): \(response.status)")
            if response.json["quarantined"] is String { quarantined += 1 }
            // A retried delivery of the same bytes is not quarantined twice.
            let again = try await d.postForms(body, deliveryID: "msg_q\(index)")
            #expect(again.status == response.status, "\(name) retried")
        }
        #expect(quarantined >= 5)
        let list = try d.daemon.command(["quarantine", "list", "--config", d.daemon.configPath])
        #expect(list.stdout.split(separator: "\n").count == quarantined)
        try await d.daemon.stop()
    }

    @Test func gzipBodiesCountDecoded() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        // A small gzip body is decoded and stored; a bomb (2 MiB of zeros) is refused at 1 MiB decoded.
        for (name, plain, expected) in [
            ("small", TestDaemon.body(id: "g1", text: "gzipped"), 202),
            ("bomb", Data(repeating: 0x20, count: 2 << 20), 413),
        ] {
            let compressed = try gzip(plain)
            var headers = TestDaemon.formsHeaders(body: plain, deliveryID: "msg_\(name)")
            headers["Content-Encoding"] = "gzip"
            let response = try await d.daemon.request("POST", "/hooks/forms", headers: headers, body: compressed)
            #expect(response.status == expected, "\(name): \(response.status)")
        }
        #expect(try d.mentionCount() == 1)
        try await d.daemon.stop()
    }

    @Test func smugglingAndBrokenHTTPAreRefused() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        let requests = [
            "POST /hooks/open HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /hooks/open HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 40\r\n\r\nabc",
            "POST /hooks/open HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
            "GARBAGE / HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /healthz\r\n\r\n",
            "POST /hooks/open HTTP/1.1\r\nHost: x\r\nX-Long: \(String(repeating: "a", count: 100_000))\r\n\r\n",
        ]
        for raw in requests {
            let answer = try RawHTTP.exchange(port: d.daemon.port, Array(raw.utf8), timeout: 3)
            let statuses = RawHTTP.statuses(answer)
            #expect(statuses.allSatisfy { $0 == 400 || $0 == 431 || $0 == 501 || $0 == 505 }, "\(raw.prefix(40)): \(statuses)")
        }
        #expect(try d.mentionCount() == 0)
        #expect(try await d.daemon.request("GET", "/healthz").status == 200)
        try await d.daemon.stop()
    }

    @Test func rateLimitAnswers429WithRetryAfter() async throws {
        let d = try TestDaemon(config: TestDaemon.config(limits: "webhook_rate_per_source: 1000, webhook_rate_per_address: 1/h"))
        defer { d.daemon.kill() }
        try await d.start()
        // Ten in a row against a bucket of 2 refilling once an hour: eight must be refused,
        // however slow the machine.
        var responses: [HTTPResult] = []
        for index in 0..<10 {
            responses.append(try await d.postForms(TestDaemon.body(id: "rl\(index)", text: "x"), deliveryID: "msg_rl\(index)"))
        }
        let limited = responses.filter { $0.status == 429 }
        #expect(limited.count == 8, "statuses: \(responses.map(\.status))")
        #expect(limited.allSatisfy { $0.header("Retry-After").flatMap(Int.init).map { $0 >= 1 } == true })
        #expect(
            try d.mentionCount() == responses.filter { $0.status == 202 }.count,
            "statuses: \(responses.map(\.status))")
        try await d.daemon.stop()
    }

    private func gzip(_ data: Data) throws -> Data {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("body")
        try data.write(to: file)
        let result = try CommandResult.run(URL(fileURLWithPath: "/bin/gzip"), ["-k", "-9", file.path])
        guard result.status == 0 else { throw TestingError("gzip failed") }
        return try Data(contentsOf: directory.appendingPathComponent("body.gz"))
    }
}

/// Slow clients (reliability.md H5 in small): a body that trickles is cut off at the body timeout,
/// an idle connection is closed at the idle timeout, and other senders are served meanwhile.
@Suite struct SlowClientTests {
    @Test func slowBodyAndIdleConnectionsAreClosed() async throws {
        let config = TestDaemon.config().replacingOccurrences(
            of: "server: { listen: \"127.0.0.1:{{PORT}}\" }",
            with: "server: { listen: \"127.0.0.1:{{PORT}}\", idle_timeout: \"2s\" }"
        ).replacingOccurrences(of: "limits: { ", with: "limits: { body_timeout: \"1s\", ")
        let d = try TestDaemon(config: config)
        defer { d.daemon.kill() }
        try await d.start()
        let port = d.daemon.port
        // Announces 100 bytes, sends 10, then stalls.
        async let slowBody = RawHTTP.exchangeInBackground(
            port: port,
            Array("POST /hooks/open HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"id\":\"x\",".utf8),
            timeout: 30)
        async let idle = RawHTTP.exchangeInBackground(
            port: port, Array("POST /hooks/open HTTP/1.1\r\nHost: x\r\n".utf8), timeout: 30)
        // Meanwhile a legitimate sender is served.
        let good = try await d.postForms(TestDaemon.body(id: "fast", text: "fast"), deliveryID: "msg_fast")
        #expect(good.status == 202)
        let started = ContinuousClock.now
        let slowAnswer = try await slowBody
        // The connection is closed at the body timeout; nothing was acknowledged.
        #expect(RawHTTP.statuses(slowAnswer).isEmpty)
        _ = try await idle
        // Both were closed by the daemon well before the client's own 30 s limit (body timeout 2 s here).
        #expect(ContinuousClock.now - started < .seconds(25))
        #expect(try d.mentionCount() == 1)
        try await d.daemon.stop()
    }

    @Test func tricklingHeadersAreCutOffAtTheHeaderTimeout() async throws {
        let config = TestDaemon.config().replacingOccurrences(
            of: "server: { listen: \"127.0.0.1:{{PORT}}\" }",
            with: "server: { listen: \"127.0.0.1:{{PORT}}\", header_timeout: \"1s\" }")
        let d = try TestDaemon(config: config)
        defer { d.daemon.kill() }
        try await d.start()
        // One byte every 200 ms keeps an idle timer happy but never completes the head.
        let head = Array("POST /hooks/open HTTP/1.1\r\nHost: x\r\nX-Slow: \(String(repeating: "a", count: 200))".utf8)
        let closedAfter = try await RawHTTP.trickle(port: d.daemon.port, head, interval: 0.2, timeout: 30)
        #expect(closedAfter != nil, "the slow client was never cut off")
        #expect(try await d.daemon.request("GET", "/healthz").status == 200)
        try await d.daemon.stop()
    }
}
