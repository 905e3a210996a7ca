import Foundation
import HarkCore
import HarkCurl

/// What one fetch of a feed means for the source, decided without I/O (tested without sockets).
public struct FeedPollDecision: Sendable {
    public enum Outcome: Sendable, Hashable {
        /// The fetch worked. `changed`: new or edited items; `hints`: the server's lower bounds on
        /// the next poll (`max-age`, `<ttl>`).
        case fetched(changed: Bool, gap: FeedGap?, hints: [Duration])
        /// `304 Not Modified`.
        case notModified(hints: [Duration])
        /// The fetch failed; `retryAfter` from a `429`/`503`; `gone` for `410`.
        case failed(code: String, message: String, retryAfter: Duration?, gone: Bool)
    }

    public var outcome: Outcome
    /// Mentions (new or edited items) and quarantine records to commit, oldest item first.
    public var items: [IngestItem] = []
    /// The state to commit with the items, or `nil` to leave it as it is.
    public var state: FeedState?
    /// A permanent redirect's target (reported, never adopted).
    public var movedTo: String?
    public var events: [SourceEvent] = []

    /// The drafts among ``items`` (for `--dry-run`).
    public var drafts: [MentionDraft] {
        items.compactMap { if case .mention(let draft, _) = $0 { return draft } else { return nil } }
    }

    /// Decides what the `result` of fetching `settings.url` means, given the `previous` state.
    public static func decide(
        _ result: Result<HTTPFetchResponse, HTTPFetchError>, settings: FeedSourceSettings, previous: FeedState,
        now: Date
    ) -> FeedPollDecision {
        let response: HTTPFetchResponse
        switch result {
        case .failure(let error):
            return FeedPollDecision(
                outcome: .failed(code: error.code.rawValue, message: error.message, retryAfter: nil, gone: false))
        case .success(let value):
            response = value
        }
        let movedTo = Self.permanentMove(response.redirects)
        var decision: FeedPollDecision
        switch response.status {
        case 200:
            decision = fetched(response, settings: settings, previous: previous, now: now)
        case 304:
            decision = FeedPollDecision(outcome: .notModified(hints: hints(response, ttl: nil)))
        case 410:
            decision = FeedPollDecision(
                outcome: .failed(code: "gone", message: "the feed answers 410 Gone", retryAfter: nil, gone: true))
        case 429, 503:
            decision = FeedPollDecision(
                outcome: .failed(
                    code: response.status == 429 ? "rate_limited" : "http_503",
                    message: "the server asks to slow down (\(response.status))",
                    retryAfter: FeedSchedule.retryAfter(response.header("Retry-After"), now: now), gone: false))
        default:
            decision = FeedPollDecision(
                outcome: .failed(
                    code: "http_\(response.status)", message: "the feed answered HTTP \(response.status)",
                    retryAfter: nil, gone: false))
        }
        decision.movedTo = movedTo
        return decision
    }

    /// The target of the permanent redirects the chain starts with, if any.
    static func permanentMove(_ redirects: [HTTPRedirect]) -> String? {
        var target: String?
        for redirect in redirects {
            guard redirect.isPermanent else { break }
            target = redirect.to
        }
        return target
    }

    static func hints(_ response: HTTPFetchResponse, ttl minutes: Int?) -> [Duration] {
        var hints: [Duration] = []
        if let maxAge = FeedSchedule.maxAge(response.header("Cache-Control")) { hints.append(maxAge) }
        if let minutes, minutes > 0 { hints.append(.seconds(min(minutes, 24 * 60) * 60)) }
        return hints
    }

    /// The `charset` parameter of a `Content-Type`.
    static func charset(_ contentType: String?) -> String? {
        guard let contentType else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else {
                continue
            }
            return parts[1].trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'"))
        }
        return nil
    }
}
