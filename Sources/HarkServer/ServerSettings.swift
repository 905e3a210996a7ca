import Foundation
import HarkCore
import HarkWebhooks
import Synchronization

/// One configured webhook source as the server needs it.
public struct WebhookEndpoint: Sendable {
    public var source: SourceID
    public var verifier: WebhookVerifier
    public var mapper: WebhookPayloadMapper
    /// Accepted media types (`Content-Type` without parameters), lower-case.
    public var contentTypes: Set<String>

    public init(
        source: SourceID, verifier: WebhookVerifier, mapper: WebhookPayloadMapper,
        contentTypes: Set<String> = ["application/json"]
    ) {
        self.source = source
        self.verifier = verifier
        self.mapper = mapper
        self.contentTypes = Set(contentTypes.map { $0.lowercased() })
    }
}

/// The limits of the HTTP side (reliability.md §5), all configurable.
public struct ServerLimits: Sendable, Hashable {
    /// Largest webhook body, counted after decoding (`Content-Encoding: gzip`).
    public var webhookBodyBytes: Int = 1 << 20
    /// How long a client may take to send a body (applied per connection at start; not reloaded).
    public var bodyTimeout: Duration = .seconds(30)
    public var webhookRatePerSource: RateLimiter.Rate? = .init(perSecond: 200, burst: 400)
    public var webhookRatePerAddress: RateLimiter.Rate? = .init(perSecond: 50, burst: 100)
    public var apiRatePerToken: RateLimiter.Rate? = .init(perSecond: 20, burst: 100)
    /// Exports a token may start (on top of `apiRatePerToken`; default `10/min`, bursts of 20); one
    /// runs at a time per token.
    public var exportRatePerToken: RateLimiter.Rate? = .init(perSecond: 1.0 / 6, burst: 20)
    /// Failed authentications per address and minute before `429`.
    public var authFailuresPerMinute: Int = 20

    public init() {}
}

/// Everything the routes read that a reload (SIGHUP) may change: sources, tokens, secrets, limits.
public struct ServerSettings: Sendable {
    public var endpoints: [SourceID: WebhookEndpoint]
    public var tokens: TokenTable
    public var limits: ServerLimits
    /// Service levels and working hours, for people's changes (a reopened or corrected complaint
    /// gets a new response due time).
    public var serviceLevels = ServiceLevelPolicy()
    /// Mark the web page's cookies `Secure` (when the page is served over HTTPS by a proxy).
    public var secureCookies = false
    /// How many unhappy customers one complaint stands for, in the reach estimates of issues
    /// (`recurrence.reach_multiplier`; 26, after the often-quoted survey finding that one in 26
    /// complains). Shown as an estimate, never as a count.
    public var reachMultiplier = 26.0

    public init(endpoints: [SourceID: WebhookEndpoint] = [:], tokens: TokenTable = TokenTable(), limits: ServerLimits = .init()) {
        self.endpoints = endpoints
        self.tokens = tokens
        self.limits = limits
    }
}

/// Holds the current ``ServerSettings``; a reload swaps them atomically between requests.
public final class SettingsHolder: Sendable {
    private let value: Mutex<ServerSettings>

    public init(_ settings: ServerSettings) {
        value = Mutex(settings)
    }

    public var current: ServerSettings { value.withLock { $0 } }

    public func replace(with settings: ServerSettings) {
        value.withLock { $0 = settings }
    }
}
