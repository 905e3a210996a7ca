import Foundation
import HarkTesting
import Testing

/// The loopback feed server used by the fetcher and poller tests, checked with raw sockets.
@Suite struct FeedServerTests {
    private func get(
        _ server: FeedServer,
        _ path: String,
        headers: [String] = [],
        timeout: TimeInterval = 5
    ) async throws -> String {
        let lines = ["GET \(path) HTTP/1.1", "Host: 127.0.0.1", "Connection: close"] + headers
        let request = lines.joined(separator: "\r\n") + "\r\n\r\n"
        return try await RawHTTP.exchangeInBackground(port: server.port, Array(request.utf8), timeout: timeout)
    }

    @Test func servesRoutesRecordsRequestsAndAnswers404() async throws {
        try await withFeedServer { server in
            server.route("/feed.xml") { request in
                .feed("<rss/>", etag: "\"v1\"").adding(header: "X-Seen-Query", request.path)
            }
            let answer = try await get(server, "/feed.xml?page=2", headers: ["X-Probe: yes"])
            #expect(RawHTTP.statuses(answer) == [200])
            #expect(answer.contains("<rss/>"))
            #expect(answer.lowercased().contains("x-seen-query: /feed.xml?page=2"))
            #expect(server.requestCount("/feed.xml") == 1)
            let request = try #require(server.requests("/feed.xml").first)
            #expect(request.method == "GET")
            #expect(request.path == "/feed.xml?page=2")
            #expect(request.headers["x-PROBE"] == "yes")
            #expect(RawHTTP.statuses(try await get(server, "/nothing")) == [404])
            #expect(server.totalRequestCount == 2)
            #expect(server.baseURL == "http://127.0.0.1:\(server.port)")
        }
    }

    @Test func conditionalFeedAnswers304OnMatchingValidators() async throws {
        try await withFeedServer { server in
            let modified = "Tue, 01 Jul 2025 10:00:00 GMT"
            server.route("/feed.xml", .feed("<rss/>", etag: "\"v1\"", lastModified: modified))
            #expect(RawHTTP.statuses(try await get(server, "/feed.xml", headers: ["If-None-Match: \"v1\""])) == [304])
            #expect(RawHTTP.statuses(try await get(server, "/feed.xml", headers: ["If-None-Match: \"v0\""])) == [200])
            #expect(
                RawHTTP.statuses(try await get(server, "/feed.xml", headers: ["If-Modified-Since: \(modified)"])) == [
                    304
                ]
            )
            #expect(RawHTTP.statuses(try await get(server, "/feed.xml")) == [200])
            server.route("/feed.xml", .feed("<rss>2</rss>", etag: "\"v2\""))
            let changed = try await get(server, "/feed.xml", headers: ["If-None-Match: \"v1\""])
            #expect(RawHTTP.statuses(changed) == [200])
            #expect(changed.contains("<rss>2</rss>"))
        }
    }

    @Test func gzipLayersAreRealGzip() async throws {
        let response = try FeedServer.Response.gzip(Data("<rss/>".utf8), layers: 3)
        #expect(response.header("Content-Encoding") == "gzip, gzip, gzip")
        #expect(Array(response.body.prefix(2)) == [0x1f, 0x8b])
        let bomb = try FeedServer.Compression.gzipZeros(count: 10 * 1_048_576)
        #expect(bomb.count < 64 * 1024)
    }

    @Test func contentLengthLieClosesAfterTheShortBody() async throws {
        try await withFeedServer { server in
            server.route("/lie", FeedServer.Response.feed("<rss/>").with(.contentLengthLie(announced: 1_000)))
            let request = "GET /lie HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
            // The server ends the connection after the short body (the client's limit never has to).
            let (answer, closed) = try await RawHTTP.exchangeReportingClose(port: server.port, Array(request.utf8), timeout: 60)
            #expect(answer.lowercased().contains("content-length: 1000"))
            #expect(answer.hasSuffix("<rss/>"))
            #expect(closed, "the server closed the connection")
        }
    }

    @Test func stallNeverAnswersAndEndlessNeverEnds() async throws {
        try await withFeedServer { server in
            server.route("/stall", FeedServer.Response.feed("<rss/>").with(.stall))
            server.route(
                "/endless",
                FeedServer.Response.feed("").with(.endless(chunk: Data(repeating: 0x41, count: 4096)))
            )
            #expect(try await get(server, "/stall", timeout: 1).isEmpty)
            let endless = try await get(server, "/endless", timeout: 1)
            #expect(endless.lowercased().contains("transfer-encoding: chunked"))
            #expect(endless.utf8.count > 100_000)
        }
    }

    @Test func dripSendsTheWholeBodySlowly() async throws {
        try await withFeedServer { server in
            server.route(
                "/drip",
                FeedServer.Response.feed("abcdef").with(.drip(chunkBytes: 2, every: .milliseconds(50)))
            )
            let answer = try await get(server, "/drip", timeout: 10)
            #expect(answer.hasSuffix("abcdef"))
        }
    }

    @Test func canaryCountsAcceptedConnections() async throws {
        let canary = try await CanaryListener.start(host: "127.0.0.1")
        _ = try? await RawHTTP.exchangeInBackground(port: canary.port, Array("x".utf8), timeout: 1)
        for _ in 0..<100 where canary.acceptedCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(canary.acceptedCount == 1)
        try await canary.stop()
        try await canary.stop()
    }
}
