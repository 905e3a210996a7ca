import Foundation
import HarkCurl
import HarkTesting
import Testing

/// `HTTPFetcher` against the loopback feed server: plain fetches, validators, encodings, redirects.
@Suite struct CurlFetcherTests {
    static let xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title></channel></rss>"

    /// libcurl is opened at first use (it is not linked): it loads, and says its version.
    @Test func libcurlLoadsAtFirstUse() throws {
        let version = try loadLibcurl()
        #expect(version.split(separator: ".").count >= 2)
    }

    @Test func fetchesWithHeadersAndAnswers304ToValidators() async throws {
        try await withFeedServer { server in
            server.route("/feed.xml", .feed(Self.xml, etag: "\"v1\"", lastModified: "Tue, 01 Jul 2025 10:00:00 GMT"))
            let fetcher = try CurlTest.fetcher(allowing: server)
            let first = try await fetcher.fetch(
                HTTPFetchRequest(url: server.url("/feed.xml"), headers: [("X-Probe", "1")])
            )
            #expect(first.status == 200)
            #expect(String(decoding: first.body, as: UTF8.self) == Self.xml)
            #expect(first.header("etag") == "\"v1\"")
            #expect(first.header("Content-Type") == "application/rss+xml")
            #expect(first.redirects.isEmpty)
            #expect(first.url == server.url("/feed.xml"))
            #expect(first.remoteAddress == "127.0.0.1")
            let request = try #require(server.requests("/feed.xml").first)
            #expect(request.headers["User-Agent"] == "Hark/1 (+https://github.com/hark)")
            #expect(request.headers["x-probe"] == "1")
            #expect(request.headers["Accept-Encoding"]?.contains("gzip") == true)

            let second = try await fetcher.fetch(
                HTTPFetchRequest(url: server.url("/feed.xml"), headers: [("If-None-Match", "\"v1\"")])
            )
            #expect(second.status == 304)
            #expect(second.body.isEmpty)
            #expect(second.header("ETag") == "\"v1\"")
            #expect(server.requestCount("/feed.xml") == 2)
        }
    }

    @Test func errorStatusesAreResponses() async throws {
        try await withFeedServer { server in
            server.route("/gone", .status(410))
            server.route("/busy", .status(429, headers: [("Retry-After", "1000000000")]))
            let fetcher = try CurlTest.fetcher(allowing: server)
            #expect(try await fetcher.fetch(HTTPFetchRequest(url: server.url("/gone"))).status == 410)
            let busy = try await fetcher.fetch(HTTPFetchRequest(url: server.url("/busy")))
            #expect(busy.status == 429)
            #expect(busy.header("retry-after") == "1000000000")
            #expect(try await fetcher.fetch(HTTPFetchRequest(url: server.url("/unknown"))).status == 404)
        }
    }

    @Test func keepsOnlyTheFinalResponsesHeaders() async throws {
        try await withFeedServer { server in
            var response = FeedServer.Response.feed(Self.xml, etag: "\"final\"")
            response.interimResponses = [(status: 103, headers: [(name: "Link", value: "</style.css>; rel=preload")])]
            server.route("/hints", response)
            let fetcher = try CurlTest.fetcher(allowing: server)
            let answer = try await fetcher.fetch(HTTPFetchRequest(url: server.url("/hints")))
            #expect(answer.status == 200)
            #expect(answer.header("Link") == nil)
            #expect(answer.header("ETag") == "\"final\"")
            #expect(String(decoding: answer.body, as: UTF8.self) == Self.xml)
        }
    }

    @Test func reportsDNSAndConnectionFailures() async throws {
        // Port 1 (tcpmux) is not served here; a freed ephemeral port could be taken by a test
        // running beside this one.
        let port = 1
        let fetcher = HTTPFetcher(policy: try AddressPolicy(allowing: ["127.0.0.1:\(port)"]), limits: CurlTest.limits)
        let refused = await CurlTest.error(fetcher, "http://127.0.0.1:\(port)/feed")
        #expect(refused?.code == .connectError, "\(String(describing: refused))")
        let unknown = await CurlTest.error(fetcher, "http://hark-test.invalid/feed")
        #expect(unknown?.code == .dnsError, "\(String(describing: unknown))")
    }

    @Test func decodesGzipAndFiveLayers() async throws {
        try await withFeedServer { server in
            server.route("/gzip", try .gzip(Data(Self.xml.utf8)))
            server.route("/gzip5", try .gzip(Data(Self.xml.utf8), layers: 5))
            let fetcher = try CurlTest.fetcher(allowing: server)
            let once = try await fetcher.fetch(HTTPFetchRequest(url: server.url("/gzip")))
            #expect(String(decoding: once.body, as: UTF8.self) == Self.xml)
            let five = try await fetcher.fetch(HTTPFetchRequest(url: server.url("/gzip5")))
            #expect(String(decoding: five.body, as: UTF8.self) == Self.xml)
        }
    }

    @Test(.enabled(if: CurlTest.has("brotli") && CurlTest.has("zstd"), "the brotli or zstd command is missing"))
    func decodesBrotliAndZstd() async throws {
        try await withFeedServer { server in
            let data = Data(Self.xml.utf8)
            server.route("/br", .encoded(try #require(try FeedServer.Compression.brotli(data)), contentEncoding: "br"))
            server.route(
                "/zstd",
                .encoded(try #require(try FeedServer.Compression.zstd(data)), contentEncoding: "zstd")
            )
            let fetcher = try CurlTest.fetcher(allowing: server)
            for path in ["/br", "/zstd"] {
                let response = try await fetcher.fetch(HTTPFetchRequest(url: server.url(path)))
                #expect(String(decoding: response.body, as: UTF8.self) == Self.xml, "\(path)")
            }
        }
    }

    @Test func returnsTheRedirectChainWithStatuses() async throws {
        try await withFeedServer { server in
            server.route("/a", .redirect(status: 301, to: server.url("/b")))
            server.route("/b", .redirect(status: 302, to: "/c?x=1"))
            server.route("/c", .redirect(status: 307, to: "d"))
            server.route("/d", .redirect(status: 308, to: "//\(server.allowEntry)/feed"))
            server.route("/feed", .feed(Self.xml))
            let fetcher = try CurlTest.fetcher(allowing: server)
            let response = try await fetcher.fetch(HTTPFetchRequest(url: server.url("/a")))
            #expect(response.status == 200)
            #expect(response.url == server.url("/feed"))
            #expect(response.redirects.map(\.status) == [301, 302, 307, 308])
            #expect(
                response.redirects.map(\.to) == [
                    server.url("/b"), server.url("/c?x=1"), server.url("/d"), server.url("/feed"),
                ]
            )
            #expect(
                response.redirects.map(\.from) == [
                    server.url("/a"), server.url("/b"), server.url("/c?x=1"), server.url("/d"),
                ]
            )
            #expect(response.redirects.map(\.isPermanent) == [true, false, false, true])
        }
    }

    @Test func aLoopAndSixHopsAreTooManyRedirects() async throws {
        try await withFeedServer { server in
            server.route("/loop1", .redirect(to: "/loop2"))
            server.route("/loop2", .redirect(to: "/loop1"))
            for hop in 1...6 { server.route("/hop\(hop)", .redirect(to: "/hop\(hop + 1)")) }
            server.route("/hop7", .feed(Self.xml))
            let fetcher = try CurlTest.fetcher(allowing: server)
            #expect(await CurlTest.error(fetcher, server.url("/loop1"))?.code == .tooManyRedirects)
            #expect(server.requestCount("/loop1") + server.requestCount("/loop2") <= 6)
            #expect(await CurlTest.error(fetcher, server.url("/hop1"))?.code == .tooManyRedirects)
            #expect(server.requestCount("/hop7") == 0)
            // Five hops are fine.
            let five = try await fetcher.fetch(HTTPFetchRequest(url: server.url("/hop2")))
            #expect(five.redirects.count == 5)
            #expect(five.status == 200)
        }
    }

    @Test(arguments: [
        "file:///etc/passwd", "ftp://127.0.0.1/feed", "gopher://127.0.0.1/1", "dict://127.0.0.1/d:x",
        "ldap://127.0.0.1/o=x",
    ])
    func redirectsToOtherSchemesAreRefused(target: String) async throws {
        try await withFeedServer { server in
            server.route("/move", .redirect(to: target))
            let fetcher = try CurlTest.fetcher(allowing: server)
            let error = await CurlTest.error(fetcher, server.url("/move"))
            #expect(error?.code == .badScheme, "\(String(describing: error))")
            #expect(await CurlTest.error(fetcher, target)?.code == .badScheme)
        }
    }

    @Test func redirectRulesResolveAndRefuseDowngrades() throws {
        #expect(throws: HTTPFetchError(.downgrade, "refused a redirect from https to http")) {
            try HTTPRedirectRule.check(fromScheme: "https", toScheme: "http")
        }
        #expect(throws: Never.self) { try HTTPRedirectRule.check(fromScheme: "http", toScheme: "https") }
        #expect(throws: Never.self) { try HTTPRedirectRule.check(fromScheme: "HTTPS", toScheme: "https") }
        let downgrade = #expect(throws: HTTPFetchError.self) {
            try HTTPRedirectRule.target(of: "http://example.com/feed", from: "https://example.com/old")
        }
        #expect(downgrade?.code == .downgrade)
        let javascript = #expect(throws: HTTPFetchError.self) {
            try HTTPRedirectRule.target(of: "javascript:alert(1)", from: "https://example.com/old")
        }
        #expect(javascript?.code == .badScheme)
        #expect(
            try HTTPRedirectRule.target(of: "../new?a=b", from: "https://example.com/x/old")
                == "https://example.com/new?a=b"
        )
        #expect(
            try HTTPRedirectRule.target(of: "//cdn.example.com/f", from: "https://example.com/")
                == "https://cdn.example.com/f"
        )
        #expect(HTTPRedirectRule.isFollowed(303))
        #expect(!HTTPRedirectRule.isFollowed(304))
        #expect(!HTTPRedirectRule.isFollowed(300))
    }

    @Test func refusesHeaderInjectionAndBadURLs() async throws {
        try await withFeedServer { server in
            server.route("/feed", .feed(Self.xml))
            let fetcher = try CurlTest.fetcher(allowing: server)
            for header in [
                ("X-A", "1\r\nX-Injected: 1"), ("X-B", "1\nx"), ("X-C", "a\u{0}b"), ("Bad Name", "1"), ("X:Y", "1"),
                ("", "1"),
            ] {
                let error = await CurlTest.error(fetcher, server.url("/feed"), headers: [header])
                #expect(error?.code == .invalidURL, "\(header)")
            }
            #expect(server.requestCount("/feed") == 0)
            #expect(await CurlTest.error(fetcher, "http://")?.code == .invalidURL)
            #expect(await CurlTest.error(fetcher, "http://exa mple.com/\r\n")?.code == .invalidURL)
            #expect(await CurlTest.error(fetcher, "mailto:someone@example.com")?.code == .badScheme)
            #expect(await CurlTest.error(fetcher, "no scheme at all")?.code != nil)
        }
    }

    @Test func runsManyFetchesThroughFewTransferThreads() async throws {
        try await withFeedServer { server in
            server.route("/feed", .feed(Self.xml).with(.drip(chunkBytes: 4096, every: .milliseconds(20))))
            let fetcher = HTTPFetcher(
                policy: try AddressPolicy(allowing: [server.allowEntry]),
                limits: CurlTest.limits,
                maximumConcurrentTransfers: 2
            )
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<12 {
                    group.addTask { try await fetcher.fetch(HTTPFetchRequest(url: server.url("/feed"))).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 12))
        }
    }
}

/// TLS through `openssl s_server`: verification is always on.
@Suite(.enabled(if: CurlTest.has("openssl"), "openssl is missing; the TLS tests are skipped"))
struct CurlTLSTests {
    @Test func selfSignedWrongHostAndDowngradeAreRefused() async throws {
        try await withFeedServer { plain in
            plain.route("/feed", .feed(CurlFetcherTests.xml))
            let files = [
                "feed": "HTTP/1.0 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n\(CurlFetcherTests.xml)",
                "redirect": "HTTP/1.0 302 Found\r\nLocation: \(plain.url("/feed"))\r\nContent-Length: 0\r\n\r\n",
            ]
            let good = try TLSTestServer(subjectAltName: "IP:127.0.0.1", files: files)
            defer { good.stop() }
            let wrongHost = try TLSTestServer(subjectAltName: "DNS:feeds.example.invalid", files: files)
            defer { wrongHost.stop() }
            let entries = [plain.allowEntry, "127.0.0.1:\(good.port)", "127.0.0.1:\(wrongHost.port)"]
            let policy = try AddressPolicy(allowing: entries)

            let untrusting = HTTPFetcher(policy: policy, limits: CurlTest.limits)
            let selfSigned = await CurlTest.error(untrusting, "https://127.0.0.1:\(good.port)/feed")
            #expect(selfSigned?.code == .tlsError, "\(String(describing: selfSigned))")

            let trusting = HTTPFetcher(
                policy: policy,
                limits: CurlTest.limits,
                certificateAuthorities: good.certificate
            )
            let response = try await trusting.fetch(HTTPFetchRequest(url: "https://127.0.0.1:\(good.port)/feed"))
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == CurlFetcherTests.xml)

            let downgrade = await CurlTest.error(trusting, "https://127.0.0.1:\(good.port)/redirect")
            #expect(downgrade?.code == .downgrade, "\(String(describing: downgrade))")
            #expect(plain.requestCount("/feed") == 0)

            let trustingWrong = HTTPFetcher(
                policy: policy,
                limits: CurlTest.limits,
                certificateAuthorities: wrongHost.certificate
            )
            let mismatch = await CurlTest.error(trustingWrong, "https://127.0.0.1:\(wrongHost.port)/feed")
            #expect(mismatch?.code == .tlsError, "\(String(describing: mismatch))")
        }
    }
}
