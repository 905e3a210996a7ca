import Foundation

/// When to poll a feed next: adaptive intervals, server hints and backoff (pure).
public enum FeedSchedule {
    /// The longest any hint (Retry-After, max-age, `<ttl>`) may push the next poll out.
    public static let hintCap: Duration = .seconds(24 * 3600)

    /// The interval after a successful fetch: shorter when the feed changed, longer when it did not,
    /// always within the configured bounds. After a gap it drops to the minimum.
    public static func adapt(_ current: Duration, changed: Bool, gap: Bool, settings: FeedSourceSettings) -> Duration {
        if gap { return settings.minimumInterval }
        let next = changed ? current / 2 : current * 3 / 2
        return min(settings.maximumInterval, max(settings.minimumInterval, next))
    }

    /// The delay after a successful fetch, honouring the server's hints (`Cache-Control: max-age`,
    /// RSS `<ttl>`) as a lower bound, capped at ``hintCap``.
    public static func delay(after interval: Duration, hints: [Duration]) -> Duration {
        let hint = hints.max() ?? .zero
        return min(hintCap, max(interval, hint))
    }

    /// The delay after `streak` consecutive failures: exponential from the interval, capped; never
    /// giving up. A `Retry-After` is honoured up to ``hintCap``.
    public static func backoff(
        interval: Duration, streak: Int, retryAfter: Duration?, settings: FeedSourceSettings
    ) -> Duration {
        let exponent = min(max(0, streak - 1), 20)
        let base = settings.minimumInterval * (1 << exponent)
        var delay = min(settings.maximumBackoff, max(settings.minimumInterval, base))
        if let retryAfter { delay = max(delay, min(hintCap, retryAfter)) }
        return delay
    }

    /// `Retry-After` as seconds or an HTTP date, relative to `now`.
    public static func retryAfter(_ value: String?, now: Date) -> Duration? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds.isFinite, seconds >= 0 {
            return .seconds(min(seconds, 1e9))
        }
        guard let date = HTTPDate.parse(value) else { return nil }
        return .seconds(max(0, date.timeIntervalSince(now)))
    }

    /// `max-age` of a `Cache-Control` header.
    public static func maxAge(_ cacheControl: String?) -> Duration? {
        guard let cacheControl else { return nil }
        for directive in cacheControl.split(separator: ",") {
            let parts = directive.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0].lowercased() == "max-age", let seconds = Int(parts[1]), seconds >= 0 {
                return .seconds(seconds)
            }
        }
        return nil
    }
}

/// HTTP dates (RFC 9110: IMF-fixdate, and the obsolete RFC 850 and asctime forms).
enum HTTPDate {
    static func parse(_ text: String) -> Date? {
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
