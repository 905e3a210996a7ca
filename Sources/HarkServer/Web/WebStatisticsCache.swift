import Foundation
import HarkCore
import HarkStore
import Synchronization

/// The inbox page's counts and 30-day series, kept for a few seconds per brand scope: they are
/// aggregates over the whole store (hundreds of milliseconds at 100,000 mentions), and people
/// paging through the inbox do not need them fresher than that. A change made through the page
/// clears them at once.
final class WebStatisticsCache: Sendable {
    struct Entry: Sendable {
        var at: Date
        var since: Date
        var counts: InboxCounts
        var daily: [DailyComplaints]
    }

    let lifetime: TimeInterval
    private let entries = Mutex<[String: Entry]>([:])

    init(lifetime: TimeInterval = 10) {
        self.lifetime = lifetime
    }

    /// The statistics for `scope`, computed again when older than the lifetime, or when the 30
    /// days start elsewhere (a new day).
    func statistics(
        store: any InboxStore, scope: [String]?, since: Date, utcOffset: Int, now: Date
    ) async throws -> Entry {
        let key = scope.map { $0.sorted().joined(separator: "\u{1}") } ?? "\u{0}all"
        if let entry = entries.withLock({ $0[key] }), now.timeIntervalSince(entry.at) < lifetime, entry.since == since {
            return entry
        }
        let entry = Entry(
            at: now, since: since, counts: try await store.inboxCounts(brandScope: scope, at: now),
            daily: try await store.dailyComplaints(since: since, utcOffset: utcOffset, brandScope: scope))
        entries.withLock { entries in
            if entries.count > 1000 { entries.removeAll() }
            entries[key] = entry
        }
        return entry
    }

    func invalidate() {
        entries.withLock { $0.removeAll() }
    }
}
