import HarkCurl

extension HTTPFetcher: FeedFetching {
    public func fetchFeed(_ request: HTTPFetchRequest, limits: HTTPFetchLimits) async throws -> HTTPFetchResponse {
        try await fetch(request, limits: limits)
    }
}
