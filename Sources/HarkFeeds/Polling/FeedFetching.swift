import HarkCurl

/// What the feed poller needs from an HTTP client: `HTTPFetcher` in the daemon.
public protocol FeedFetching: Sendable {
    /// Fetches `request`; throws ``HTTPFetchError``.
    func fetchFeed(_ request: HTTPFetchRequest, limits: HTTPFetchLimits) async throws -> HTTPFetchResponse
}
