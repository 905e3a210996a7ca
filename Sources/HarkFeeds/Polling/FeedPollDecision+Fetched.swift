import Foundation
import HarkCore
import HarkCurl

extension FeedPollDecision {
    /// A `200`: parse, find what is new or edited, detect a gap, and build the state to commit.
    static func fetched(
        _ response: HTTPFetchResponse, settings: FeedSourceSettings, previous: FeedState, now: Date
    ) -> FeedPollDecision {
        var options = FeedParseOptions(url: URL(string: response.url), httpCharset: charset(response.header("Content-Type")))
        options.maximumItems = settings.maximumItems
        let feed: ParsedFeed
        do {
            feed = try FeedParser.parse(response.body, options: options)
        } catch {
            // Whether the parser throws typed or not, what comes out is a FeedParseError.
            let parseError = (error as Any) as? FeedParseError ?? FeedParseError(.malformed, "\(error)")
            return unusable(parseError, response: response, settings: settings)
        }

        if feed.recovered && feed.items.isEmpty {
            // Broken, and recovery found nothing: not an empty feed (nothing is forgotten).
            return unusable(
                FeedParseError(.malformed, "the document is not well-formed and no item could be recovered"),
                response: response, settings: settings)
        }
        var state = previous
        state.validatorsURL = settings.url
        state.etag = response.header("ETag")
        state.lastModified = response.header("Last-Modified")
        var seen: [String: String] = [:]
        var identityByLink: [String: String] = [:]
        var identities: [String] = []
        var dates: [Date] = []
        var items: [IngestItem] = []
        for item in feed.items {
            var identity = FeedItemIdentity.identity(of: item, policy: settings.identity)
            var key = FeedItemIdentity.identityKey(identity)
            let linkKey = item.link.map(FeedItemIdentity.shortDigest)
            // A changed GUID under a link the last fetch had under another identity: the same item.
            if settings.identity == .auto, previous.items[key] == nil, let linkKey,
                let earlier = previous.identityByLink[linkKey], earlier != key
            {
                identity = FeedItemIdentity.rekeyed(earlier)
                key = earlier
            }
            guard seen[key] == nil else { continue }
            let draft = item.draft(source: settings.id, identity: identity, fetchedAt: now)
            let version = String(draft.bodyDigest.prefix(16))
            seen[key] = version
            if let linkKey { identityByLink[linkKey] = key }
            identities.append(key)
            if let date = item.published ?? item.updated { dates.append(min(date, now)) }
            if previous.items[key] != version { items.append(.mention(draft, nil)) }
        }
        let gap = FeedGap.detect(
            previous: Set(previous.items.keys), current: identities, previousNewest: previous.newestItemAt,
            dates: dates)
        state.items = seen
        state.identityByLink = identityByLink
        state.newestItemAt = dates.max() ?? previous.newestItemAt
        if !items.isEmpty { state.lastChangeAt = now }

        var decision = FeedPollDecision(
            outcome: .fetched(changed: !items.isEmpty, gap: gap, hints: hints(response, ttl: feed.ttlMinutes)))
        decision.items = items.reversed()  // feeds list newest first; store oldest first
        decision.state = state == previous ? nil : state
        if let gap {
            decision.events.append(
                SourceEvent(
                    kind: "feed_gap", at: now,
                    details: [
                        "estimated_missed": gap.estimatedMissed.map(String.init) ?? "unknown",
                        "items_in_feed": String(identities.count),
                    ]))
        }
        if feed.droppedItems > 0 {
            decision.events.append(
                SourceEvent(
                    kind: "feed_truncated", at: now,
                    details: ["processed": String(feed.items.count), "dropped": String(feed.droppedItems)]))
        }
        return decision
    }

    /// A `200` from which nothing usable came: an error on the source; a broken document is also
    /// quarantined with its bytes (once per distinct body).
    static func unusable(
        _ error: FeedParseError, response: HTTPFetchResponse, settings: FeedSourceSettings
    ) -> FeedPollDecision {
        var decision = FeedPollDecision(
            outcome: .failed(code: error.code.rawValue, message: error.detail, retryAfter: nil, gone: false))
        guard error.code == .malformed else { return decision }
        let kept = response.body.prefix(settings.maximumQuarantineBytes)
        let digest = DedupKey.contentDigest(response.body)
        decision.items = [
            .quarantine(
                QuarantineDraft(
                    source: settings.id, channel: .feed, reason: error.code.rawValue, detail: error.detail,
                    deliveryKey: DedupKey.derive("feed-fetch", settings.id.rawValue, digest),
                    raw: RawInput(contentType: response.header("Content-Type"), bytes: Data(kept)),
                    metadata: [
                        "url": response.url, "bytes": String(response.body.count),
                        "truncated": kept.count < response.body.count ? "true" : "false",
                    ]))
        ]
        return decision
    }
}
