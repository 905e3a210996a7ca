import Foundation

/// Detects a gap: none of the items of the previous fetch is still in the feed, so items published
/// in between may have been missed (reliability.md D10).
public struct FeedGap: Sendable, Hashable {
    /// The estimated number of items missed, from the spacing of the items' dates; `nil` when the
    /// feed gives no usable dates (then at least one is assumed).
    public var estimatedMissed: Int?

    /// A gap between `previous` and a fetch whose identities are `current`, or `nil`.
    /// - Parameters:
    ///   - previousNewest: the newest item date of the previous fetch.
    ///   - dates: the item dates of this fetch.
    public static func detect(
        previous: Set<String>, current: [String], previousNewest: Date?, dates: [Date]
    ) -> FeedGap? {
        guard !previous.isEmpty, !current.isEmpty, !current.contains(where: previous.contains) else { return nil }
        guard let previousNewest, dates.count >= 2, let oldest = dates.min(), let newest = dates.max(),
            newest > oldest, oldest > previousNewest
        else { return FeedGap(estimatedMissed: nil) }
        let spacing = newest.timeIntervalSince(oldest) / Double(dates.count - 1)
        let missed = Int((oldest.timeIntervalSince(previousNewest) / spacing).rounded()) - 1
        return FeedGap(estimatedMissed: max(1, missed))
    }
}
