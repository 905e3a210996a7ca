import Foundation
import HarkCore
import HarkCurl
import HarkFeeds
import HarkStore
import Logging

/// The feed channel of a configuration: one fetcher (with the address guard), one politeness gate,
/// and a poller per feed source.
struct FeedChannel {
    let fetcher: HTTPFetcher
    let hosts: HostGate

    init(_ config: HarkConfiguration) throws {
        let policy: AddressPolicy
        do {
            policy = try AddressPolicy(allowing: config.allowCIDRs)
        } catch {
            throw HarkError(.invalidConfiguration, "network.allow_cidrs: \(error)")
        }
        fetcher = HTTPFetcher(policy: policy, limits: config.limits.fetch, userAgent: Self.userAgent)
        hosts = HostGate(minimumGap: config.limits.politenessGap)
    }

    static let userAgent = "Hark/1.0 (feed reader; +https://github.com/hark/hark)"

    /// A poller for the feed source `source`.
    func poller(
        _ source: HarkConfiguration.Source, limits: HarkConfiguration.Limits, sink: any MentionSink,
        ledger: any SourceLedger, clock: any WallClock, logger: Logger
    ) -> FeedPoller? {
        guard let settings = source.feedSettings(limits) else { return nil }
        return FeedPoller(
            settings: settings, fetcher: fetcher, sink: sink, ledger: ledger, hosts: hosts, clock: clock, logger: logger)
    }
}

/// Commits straight to the store, one batch per call (`hark poll` outside the daemon).
struct DirectSink: MentionSink {
    let store: any InboxStore
    let clock: any WallClock
    var assess: MentionAssessment.Assess?

    func submit(_ batch: IngestBatch) async throws -> [IngestReceipt] {
        try await store.commit([MentionAssessment.apply(assess, to: batch)], at: clock.now()).first ?? []
    }

    func assessment(of draft: MentionDraft) -> Assessment? { assess?(draft) }
}
