import Foundation
import HarkCurl
import HarkTesting
import Testing

/// reliability.md H3: every address form of section 4.1 "SSRF", direct and as a redirect target
/// from the (allowed) test server, is refused at connect time; canaries count 0 connections.
@Suite struct CurlSSRFTests {
    /// Canaries on 127.0.0.1, 127.0.0.2 and (when available) ::1, all on one port, so that a URL
    /// with that port reaches a canary whichever loopback address it resolves to.
    struct Canaries {
        let all: [CanaryListener]
        var port: Int { all[0].port }
        var accepted: Int { all.reduce(0) { $0 + $1.acceptedCount } }

        static func start() async throws -> Canaries {
            let first = try await CanaryListener.start(host: "127.0.0.1")
            var all = [first]
            all.append(try await CanaryListener.start(host: "127.0.0.2", port: first.port))
            if CurlTest.ipv6LoopbackAvailable, let v6 = try? await CanaryListener.start(host: "::1", port: first.port) {
                all.append(v6)
            } else {
                print("note: no IPv6 loopback here; the [::1] canary is skipped (the ::1 URLs are still checked)")
            }
            return Canaries(all: all)
        }

        func stop() async throws {
            for canary in all { try await canary.stop() }
        }
    }

    /// The host as written in the URL, and the addresses the error may name.
    static let forms: [(host: String, named: [String])] = [
        ("127.0.0.1", ["127.0.0.1"]),
        ("127.1", ["127.0.0.1"]),
        ("2130706433", ["127.0.0.1"]),
        ("0x7f000001", ["127.0.0.1"]),
        ("0177.0.0.1", ["127.0.0.1"]),
        ("127.0.0.2", ["127.0.0.2"]),
        ("0.0.0.0", ["0.0.0.0"]),
        ("[::1]", ["::1"]),
        ("[::ffff:127.0.0.1]", ["::ffff:127.0.0.1"]),
        ("[::]", ["::"]),
        ("localhost", ["127.0.0.1", "::1"]),
        ("169.254.169.254", ["169.254.169.254"]),
        ("[fd00::1]", ["fd00::1"]),
        ("[fd00:ec2::254]", ["fd00:ec2::254"]),
        ("10.0.0.1", ["10.0.0.1"]),
        ("172.16.0.1", ["172.16.0.1"]),
        ("172.31.255.254", ["172.31.255.254"]),
        ("192.168.0.1", ["192.168.0.1"]),
        ("100.64.0.1", ["100.64.0.1"]),
        ("[::ffff:169.254.169.254]", ["::ffff:169.254.169.254"]),
        ("[64:ff9b::7f00:1]", ["64:ff9b::7f00:1"]),
        ("[2002:7f00:1::1]", ["2002:7f00:1::1"]),
        ("[fe80::1]", ["fe80::1"]),
    ]

    static var hosts: [String] { forms.map(\.host) }

    private func expectBlocked(_ error: HTTPFetchError?, host: String) {
        let named = Self.forms.first { $0.host == host }?.named ?? []
        #expect(error?.code == .blockedAddress, "\(host): \(String(describing: error))")
        let message = error?.message ?? ""
        #expect(named.contains { message.contains($0) }, "\(host): the message names the address: \(message)")
    }

    @Test(arguments: hosts)
    func directFetchIsBlocked(host: String) async throws {
        let canaries = try await Canaries.start()
        try await withFeedServer { server in
            let fetcher = try CurlTest.fetcher(allowing: server)
            let error = await CurlTest.error(fetcher, "http://\(host):\(canaries.port)/feed")
            expectBlocked(error, host: host)
        }
        #expect(canaries.accepted == 0, "\(host)")
        try await canaries.stop()
    }

    @Test(arguments: hosts)
    func redirectTargetIsBlocked(host: String) async throws {
        let canaries = try await Canaries.start()
        try await withFeedServer { server in
            server.route("/moved", .redirect(status: 302, to: "http://\(host):\(canaries.port)/feed"))
            let fetcher = try CurlTest.fetcher(allowing: server)
            let error = await CurlTest.error(fetcher, server.url("/moved"))
            expectBlocked(error, host: host)
            #expect(server.requestCount("/moved") == 1)
        }
        #expect(canaries.accepted == 0, "\(host)")
        try await canaries.stop()
    }

    @Test func allowEntryAdmitsExactlyItsAddressAndPort() async throws {
        let canaries = try await Canaries.start()
        try await withFeedServer { server in
            server.route("/feed", .feed("<rss/>"))
            let fetcher = try CurlTest.fetcher(allowing: server)
            #expect(try await fetcher.fetch(HTTPFetchRequest(url: server.url("/feed"))).status == 200)
            // The same address on another port stays blocked.
            let other = await CurlTest.error(fetcher, "http://127.0.0.1:\(canaries.port)/feed")
            #expect(other?.code == .blockedAddress)
            #expect(canaries.accepted == 0)

            // A positive control: allowing a canary's address lets the connection through, so a 0
            // above means the guard held, not that the canary was deaf.
            let open = HTTPFetcher(
                policy: try AddressPolicy(allowing: ["127.0.0.2:\(canaries.port)"]),
                limits: CurlTest.limits
            )
            let answer = await CurlTest.error(open, "http://127.0.0.2:\(canaries.port)/feed")
            #expect(answer != nil && answer?.code != .blockedAddress)
            #expect(canaries.all[1].acceptedCount == 1)

            // A range entry admits any port.
            let range = HTTPFetcher(policy: try AddressPolicy(allowing: ["127.0.0.0/8"]), limits: CurlTest.limits)
            #expect(try await range.fetch(HTTPFetchRequest(url: server.url("/feed"))).status == 200)
        }
        try await canaries.stop()
    }

    @Test func strictPolicyBlocksTheTestServerToo() async throws {
        try await withFeedServer { server in
            server.route("/feed", .feed("<rss/>"))
            let fetcher = HTTPFetcher(policy: AddressPolicy(), limits: CurlTest.limits)
            let error = await CurlTest.error(fetcher, server.url("/feed"))
            #expect(error?.code == .blockedAddress)
            #expect(error?.message.contains("127.0.0.1") == true)
            #expect(error?.message.contains("loopback") == true)
            #expect(server.totalRequestCount == 0)
        }
    }
}

/// The address policy as a pure value.
@Suite struct AddressPolicyTests {
    static let refused = [
        "127.0.0.1", "127.255.255.254", "0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1", "100.64.0.1", "100.127.255.255", "169.254.169.254", "169.254.0.1", "224.0.0.1",
        "239.255.255.250",
        "255.255.255.255", "240.0.0.1", "192.0.0.170", "198.18.0.1", "::", "::1", "::ffff:127.0.0.1", "::ffff:10.1.2.3",
        "::127.0.0.1", "::ffff:0:127.0.0.1", "64:ff9b::a9fe:a9fe", "2002:c0a8:0101::1", "fc00::1", "fd00::1",
        "fd00:ec2::254", "fe80::1", "febf::1", "ff02::1", "2001:db8::1", "2001::1", "64:ff9b:1::1",
    ]
    static let allowed = [
        "93.184.216.34", "1.1.1.1", "8.8.8.8", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1",
        "169.253.255.255", "192.169.0.1", "11.0.0.1", "2606:4700:4700::1111", "2a00:1450:4001::1", "::ffff:8.8.8.8",
        "64:ff9b::808:808", "2002:0808:0808::1",
    ]

    @Test(arguments: refused)
    func refusesSpecialAddresses(text: String) throws {
        let address = try #require(IPAddress(text))
        #expect(AddressPolicy().verdict(for: address, port: 80) != .allowed, "\(text)")
        #expect(AddressPolicy.specialRange(of: address) != nil)
    }

    @Test(arguments: allowed)
    func allowsPublicAddresses(text: String) throws {
        let address = try #require(IPAddress(text))
        #expect(AddressPolicy().verdict(for: address, port: 443) == .allowed, "\(text)")
    }

    @Test func allowEntriesParseAndMatch() throws {
        let policy = try AddressPolicy(allowing: [
            "10.1.0.0/16", "fd12::/16", "127.0.0.1:8081", "[::1]:8081", " 192.168.5.5 ",
        ])
        #expect(policy.permits(try #require(IPAddress("10.1.200.3")), port: 1))
        #expect(!policy.permits(try #require(IPAddress("10.2.0.1")), port: 1))
        #expect(policy.permits(try #require(IPAddress("fd12:3::1")), port: 1))
        #expect(!policy.permits(try #require(IPAddress("fd13::1")), port: 1))
        #expect(policy.permits(try #require(IPAddress("127.0.0.1")), port: 8081))
        #expect(!policy.permits(try #require(IPAddress("127.0.0.1")), port: 8082))
        #expect(policy.permits(try #require(IPAddress("::ffff:127.0.0.1")), port: 8081))
        #expect(policy.permits(try #require(IPAddress("::1")), port: 8081))
        #expect(!policy.permits(try #require(IPAddress("::1")), port: 80))
        #expect(policy.permits(try #require(IPAddress("192.168.5.5")), port: 9))
        #expect(!policy.permits(try #require(IPAddress("192.168.5.6")), port: 9))
        #expect(
            policy.allowEntries.map(\.description) == [
                "10.1.0.0/16", "fd12::/16", "127.0.0.1:8081", "[::1]:8081", "192.168.5.5/32",
            ]
        )
    }

    @Test(arguments: [
        "", "localhost", "example.com/24", "10.1.2.3/16", "10.0.0.0/33", "10.0.0.0/x", "127.0.0.1:0", "127.0.0.1:70000",
        "[::1]", "[::1]:", "[127.0.0.1]:80", "300.1.1.1", "127.1", "fd12::/129",
    ])
    func badEntriesAreReportedClearly(entry: String) {
        let error = #expect(throws: AddressPolicy.EntryError.self) {
            try AddressPolicy(allowing: ["10.0.0.0/8", entry])
        }
        #expect(error?.entry == entry)
        #expect(error?.description.contains("network.allow_cidrs") == true)
    }

    @Test func addressesPrintCanonically() throws {
        #expect(try #require(IPAddress("::ffff:127.0.0.1")).description == "::ffff:127.0.0.1")
        #expect(try #require(IPAddress("FD00:EC2:0::254")).description == "fd00:ec2::254")
        #expect(try #require(IPAddress("10.0.0.1")).description == "10.0.0.1")
        #expect(IPAddress("127.1") == nil)
        #expect(IPAddress("0x7f000001") == nil)
    }
}
