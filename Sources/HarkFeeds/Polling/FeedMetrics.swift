import HarkCore
import Metrics

/// The feed channel's counters, created once; labels are a fixed set of outcomes.
enum FeedMetrics {
    static let gaps = Counter(label: "hark_feed_gaps_total")
    static let pollsOK = Counter(label: "hark_feed_polls_total", dimensions: [("outcome", "ok")])
    static let pollsFailed = Counter(label: "hark_feed_polls_total", dimensions: [("outcome", "error")])
    private static let stored = itemCounter("stored")
    private static let revised = itemCounter("revised")
    private static let duplicate = itemCounter("duplicate")
    private static let quarantined = itemCounter("quarantined")

    private static func itemCounter(_ outcome: String) -> Counter {
        Counter(label: "hark_feed_items_total", dimensions: [("outcome", outcome)])
    }

    static func poll(failed: Bool) {
        (failed ? pollsFailed : pollsOK).increment()
    }

    static func items(_ receipts: [IngestReceipt]) {
        for receipt in receipts {
            switch receipt {
            case .stored: stored.increment()
            case .revised: revised.increment()
            case .duplicate: duplicate.increment()
            case .conflict, .quarantined, .duplicateQuarantine: quarantined.increment()
            }
        }
    }
}
