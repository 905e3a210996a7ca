import HarkCore
import Metrics

/// The mail channel's counters, created once; labels are a fixed set of outcomes.
enum MailMetrics {
    static let syncsOK = Counter(label: "hark_mail_syncs_total", dimensions: [("outcome", "ok")])
    static let syncsFailed = Counter(label: "hark_mail_syncs_total", dimensions: [("outcome", "error")])
    static let reconnects = Counter(label: "hark_mail_reconnects_total")
    static let uidValidityChanges = Counter(label: "hark_mail_uidvalidity_changes_total")
    private static let itemCounters = Dictionary(
        uniqueKeysWithValues: IngestReceipt.outcomeLabels.map {
            ($0, Counter(label: "hark_mail_messages_total", dimensions: [("outcome", $0)]))
        })

    static func reconnected() {
        reconnects.increment()
    }

    static func uidValidityChanged(_ count: Int) {
        if count > 0 { uidValidityChanges.increment(by: count) }
    }

    static func sync(failed: Bool) {
        (failed ? syncsFailed : syncsOK).increment()
    }

    static func items(_ receipts: [IngestReceipt]) {
        for receipt in receipts { itemCounters[receipt.outcomeLabel]?.increment() }
    }
}
