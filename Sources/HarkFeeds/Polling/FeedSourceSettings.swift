import Foundation
import HarkCore
import HarkCurl

/// How one feed source is polled (`sources[]` entries of kind `feed`).
public struct FeedSourceSettings: Sendable {
    public var id: SourceID
    /// The feed's URL as configured; redirects never replace it.
    public var url: String
    /// The usual time between polls; the poller adapts within `minimumInterval...maximumInterval`.
    public var interval: Duration
    public var minimumInterval: Duration
    public var maximumInterval: Duration
    /// The longest wait after errors (backoff never gives up, it only slows down to this).
    public var maximumBackoff: Duration = .seconds(6 * 3600)
    /// How often a feed that answered `410 Gone` is checked again.
    public var goneInterval: Duration = .seconds(24 * 3600)
    /// How an item is recognised again across polls.
    public var identity: FeedItemIdentity.Policy = .auto
    /// Transfer limits of each fetch.
    public var limits = HTTPFetchLimits()
    /// Items processed per fetch at most (the rest are counted and logged).
    public var maximumItems = 5_000
    /// Raw bytes kept with a quarantined fetch at most.
    public var maximumQuarantineBytes = 4 * 1_048_576

    public init(id: SourceID, url: String, interval: Duration = .seconds(900)) {
        self.id = id
        self.url = url
        self.interval = interval
        self.minimumInterval = max(.seconds(1), interval / 4)
        self.maximumInterval = interval * 8
    }
}
