import HarkCore
import Metrics

/// The feed channel's counters, created once; labels are a fixed set of outcomes.
enum FeedMetrics {
    static let gaps = Counter(label: "hark_feed_gaps_total")
    static let pollsOK = Counter(label: "hark_feed_polls_total", dimensions: [("outcome", "ok")])
    static let pollsFailed = Counter(label: "hark_feed_polls_total", dimensions: [("outcome", "error")])
    private static let itemCounters = Dictionary(
        uniqueKeysWithValues: IngestReceipt.outcomeLabels.map {
            ($0, Counter(label: "hark_feed_items_total", dimensions: [("outcome", $0)]))
        })

    static func poll(failed: Bool) {
        (failed ? pollsFailed : pollsOK).increment()
    }

    static func items(_ receipts: [IngestReceipt]) {
        for receipt in receipts { itemCounters[receipt.outcomeLabel]?.increment() }
    }
}
