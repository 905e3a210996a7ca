import Foundation
import HarkCurl
import HarkTesting
import Testing

/// reliability.md H4 and the HTTP rows of 4.1: bombs, lies, endless and slow bodies, stalls,
/// cancellation. Serialized, so that the memory measurement sees one transfer at a time.
@Suite(.serialized) struct CurlLimitsTests {
    static let mebibyte = 1_048_576

    private func limits(decoded: Int = 2 * mebibyte, wire: Int = 10 * mebibyte) -> HTTPFetchLimits {
        var limits = CurlTest.limits
        limits.maximumDecodedBytes = decoded
        limits.maximumWireBytes = wire
        return limits
    }

    @Test func gzipBombStopsAtTheDecodedLimitInBoundedMemory() async throws {
        let decodedLimit = 4 * Self.mebibyte
        let bomb = try FeedServer.Compression.gzipZeros(count: 128 * Self.mebibyte)
        #expect(bomb.count < Self.mebibyte)
        try await withFeedServer { server in
            server.route("/bomb", .encoded(bomb, contentEncoding: "gzip"))
            server.route("/small", try .gzip(Data("<rss/>".utf8)))
            let fetcher = try CurlTest.fetcher(allowing: server, limits: limits(decoded: decodedLimit))
            // Warm up libcurl and OpenSSL so that their one-time set-up is not counted.
            _ = try await fetcher.fetch(HTTPFetchRequest(url: server.url("/small")))

            var growths: [Int] = []
            for attempt in 0..<10 {
                if attempt > 0 { try await Task.sleep(for: .milliseconds(300)) }
                let measurable = ProcessMemory.resetPeak()
                let before = ProcessMemory.resident() ?? 0
                let started = ContinuousClock.now
                let error = await CurlTest.error(fetcher, server.url("/bomb"))
                #expect(error?.code == .bodyTooLarge, "\(String(describing: error))")
                #expect(error?.message.contains("decoded") == true)
                #expect(ContinuousClock.now - started < .seconds(60))
                guard measurable, let peak = ProcessMemory.peak() else {
                    print(
                        "note: the peak RSS cannot be reset or read here (/proc/self); the memory bound is not measured"
                    )
                    return
                }
                growths.append(peak - before)
                // Other suites may run beside this one; their allocations only add, so the
                // smallest of a few runs is the honest figure.
                if peak - before <= 2 * decodedLimit { break }
            }
            print("note: peak RSS growth during the gzip bomb: \(growths) bytes (limit \(decodedLimit))")
            #expect(growths.contains { $0 <= 2 * decodedLimit }, "peak RSS growth \(growths) > 2 × \(decodedLimit)")
        }
    }

    @Test func sixChainedGzipLayersAreRefused() async throws {
        try await withFeedServer { server in
            server.route("/six", try .gzip(Data("<rss/>".utf8), layers: 6))
            let fetcher = try CurlTest.fetcher(allowing: server, limits: limits())
            let error = await CurlTest.error(fetcher, server.url("/six"))
            #expect(error?.code == .bodyTooLarge, "\(String(describing: error))")
            #expect(error?.message.contains("content encodings") == true)
        }
    }

    @Test func encodingLayersOverAConfiguredLimitAreRefused() async throws {
        try await withFeedServer { server in
            server.route("/two", try .gzip(Data("<rss/>".utf8), layers: 2))
            var limits = limits()
            limits.maximumEncodings = 1
            let fetcher = try CurlTest.fetcher(allowing: server, limits: limits)
            let error = await CurlTest.error(fetcher, server.url("/two"))
            #expect(error?.code == .bodyTooLarge, "\(String(describing: error))")
            #expect(error?.message.contains("2 content encodings") == true)
            limits.maximumEncodings = 2
            let body = try await fetcher.fetch(HTTPFetchRequest(url: server.url("/two")), limits: limits).body
            #expect(body == Data("<rss/>".utf8))
        }
    }

    @Test(.enabled(if: CurlTest.has("brotli"), "the brotli command is missing; the brotli bomb is skipped"))
    func brotliBombStopsAtTheDecodedLimit() async throws {
        let bomb = try #require(try FeedServer.Compression.brotliZeros(count: 128 * Self.mebibyte))
        try await withFeedServer { server in
            server.route("/br", .encoded(bomb, contentEncoding: "br"))
            let fetcher = try CurlTest.fetcher(allowing: server, limits: limits())
            let error = await CurlTest.error(fetcher, server.url("/br"))
            #expect(error?.code == .bodyTooLarge, "\(String(describing: error))")
        }
    }

    @Test(.enabled(if: CurlTest.has("zstd"), "the zstd command is missing; the zstd bomb is skipped"))
    func zstdBombStopsAtTheDecodedLimit() async throws {
        let bomb = try #require(try FeedServer.Compression.zstdZeros(count: 128 * Self.mebibyte))
        try await withFeedServer { server in
            server.route("/zstd", .encoded(bomb, contentEncoding: "zstd"))
            let fetcher = try CurlTest.fetcher(allowing: server, limits: limits())
            let error = await CurlTest.error(fetcher, server.url("/zstd"))
            #expect(error?.code == .bodyTooLarge, "\(String(describing: error))")
        }
    }

    @Test func contentLengthLiesAreCaught() async throws {
        try await withFeedServer { server in
            let body = "<rss>0123456789</rss>"
            server.route("/high", FeedServer.Response.feed(body).with(.contentLengthLie(announced: 10_000)))
            server.route("/low", FeedServer.Response.feed(body).with(.contentLengthLie(announced: 5)))
            let fetcher = try CurlTest.fetcher(allowing: server, limits: limits())
            let high = await CurlTest.error(fetcher, server.url("/high"))
            #expect(high?.code == .protocolError, "\(String(describing: high))")
            // Too low: only the announced bytes are taken; the rest is never part of the body.
            let low = try await fetcher.fetch(HTTPFetchRequest(url: server.url("/low")))
            #expect(low.body == Data(body.utf8.prefix(5)))
        }
    }

    @Test func wireSizeIsCapped() async throws {
        try await withFeedServer { server in
            server.route("/big", .feed(Data(repeating: 0x20, count: 3 * Self.mebibyte)))
            server.route(
                "/endless",
                FeedServer.Response.feed("").with(.endless(chunk: Data(repeating: 0x20, count: 65_536)))
            )
            let fetcher = try CurlTest.fetcher(
                allowing: server,
                limits: limits(decoded: 8 * Self.mebibyte, wire: Self.mebibyte)
            )
            let big = await CurlTest.error(fetcher, server.url("/big"))
            #expect(big?.code == .bodyTooLarge, "\(String(describing: big))")
            let started = ContinuousClock.now
            let endless = await CurlTest.error(fetcher, server.url("/endless"))
            #expect(endless?.code == .bodyTooLarge, "\(String(describing: endless))")
            #expect(ContinuousClock.now - started < .seconds(60), "a hang guard; the error says which limit stopped it")
        }
    }

    @Test func endlessBodyStopsAtTheDecodedLimit() async throws {
        try await withFeedServer { server in
            server.route(
                "/endless",
                FeedServer.Response.feed("").with(.endless(chunk: Data(repeating: 0x41, count: 65_536)))
            )
            let fetcher = try CurlTest.fetcher(
                allowing: server,
                limits: limits(decoded: Self.mebibyte, wire: 64 * Self.mebibyte)
            )
            let error = await CurlTest.error(fetcher, server.url("/endless"))
            #expect(error?.code == .bodyTooLarge, "\(String(describing: error))")
            #expect(error?.message.contains("decoded") == true)
        }
    }

    @Test func oneByteDripTimesOut() async throws {
        try await withFeedServer { server in
            let body = String(repeating: "x", count: 200)
            server.route("/drip", FeedServer.Response.feed(body).with(.drip(chunkBytes: 1, every: .milliseconds(500))))
            var limits = limits()
            limits.lowSpeedBytesPerSecond = 1_000
            limits.lowSpeedTime = .seconds(1)
            let fetcher = try CurlTest.fetcher(allowing: server, limits: limits)
            let started = ContinuousClock.now
            let error = await CurlTest.error(fetcher, server.url("/drip"))
            #expect(error?.code == .timeout, "\(String(describing: error))")
            #expect(ContinuousClock.now - started < .seconds(60), "a hang guard; the error says which limit stopped it")
        }
    }

    @Test func stallTimesOut() async throws {
        try await withFeedServer { server in
            server.route("/stall", FeedServer.Response.feed("<rss/>").with(.stall))
            var limits = limits()
            limits.totalTimeout = .seconds(1)
            let fetcher = try CurlTest.fetcher(allowing: server, limits: limits)
            let started = ContinuousClock.now
            let error = await CurlTest.error(fetcher, server.url("/stall"))
            #expect(error?.code == .timeout, "\(String(describing: error))")
            #expect(ContinuousClock.now - started < .seconds(60), "a hang guard; the error says which limit stopped it")
        }
    }

    @Test func cancellingTheTaskEndsTheTransfer() async throws {
        try await withFeedServer { server in
            server.route("/stall", FeedServer.Response.feed("<rss/>").with(.stall))
            var limits = limits()
            limits.totalTimeout = .seconds(120)
            limits.lowSpeedTime = .seconds(120)
            let fetcher = try CurlTest.fetcher(allowing: server, limits: limits)
            let task = Task { await CurlTest.error(fetcher, server.url("/stall")) }
            for _ in 0..<200 where server.requestCount("/stall") == 0 { try await Task.sleep(for: .milliseconds(10)) }
            let started = ContinuousClock.now
            task.cancel()
            let error = await task.value
            #expect(error?.code == .cancelled, "\(String(describing: error))")
            #expect(ContinuousClock.now - started < .seconds(60), "a hang guard; the error says it was cancelled")
        }
    }

    @Test func oversizedResponseHeadersAreRefused() async throws {
        try await withFeedServer { server in
            let headers = (0..<100).map { (name: "X-Filler-\($0)", value: String(repeating: "v", count: 1_000)) }
            server.route("/headers", .status(200, headers: headers, body: Data("<rss/>".utf8)))
            let fetcher = try CurlTest.fetcher(allowing: server, limits: limits())
            let error = await CurlTest.error(fetcher, server.url("/headers"))
            #expect(error?.code == .protocolError, "\(String(describing: error))")
        }
    }
}
