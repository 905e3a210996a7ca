import Foundation
import HarkDaemon
import HarkServer
import Testing

/// The `limits` keys that take a rate: per second by default, per minute or hour when written so.
@Suite struct ConfigLimitsTests {
    static func parse(_ limits: String) throws(ConfigurationError) -> HarkConfiguration {
        try HarkConfiguration.parse(
            yaml: """
                storage: { sqlite: "/tmp/x.sqlite" }
                limits: { \(limits) }
                """,
            path: "test.yaml")
    }

    static let rates: [(text: String, perSecond: Double, burst: Double)] = [
        ("50", 50, 100), ("50/s", 50, 100), ("30/min", 0.5, 60), ("120/h", 120.0 / 3600, 240), ("1/h", 1.0 / 3600, 2),
    ]

    @Test(arguments: rates)
    func ratesAreReadInTheirUnit(text: String, perSecond: Double, burst: Double) throws {
        let config = try Self.parse("webhook_rate_per_address: \"\(text)\"")
        let rate = try #require(config.limits.server.webhookRatePerAddress)
        #expect(abs(rate.perSecond - perSecond) < 1e-9)
        #expect(rate.burst == burst)
    }

    @Test func zeroLiftsTheLimit() throws {
        let config = try Self.parse("api_rate_per_token: 0, webhook_rate_per_source: \"0/min\"")
        #expect(config.limits.server.apiRatePerToken == nil)
        #expect(config.limits.server.webhookRatePerSource == nil)
    }

    @Test(arguments: ["-1", "fast", "5/week", "5/", "/s", "2000000", "1.5/s", "5/s/s"])
    func aBadRateIsRefusedByName(text: String) {
        do {
            _ = try Self.parse("webhook_rate_per_source: \"\(text)\"")
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.problems.contains { $0.hasPrefix("limits.webhook_rate_per_source: expected a rate") }, "\(error.problems)")
        }
    }
}
