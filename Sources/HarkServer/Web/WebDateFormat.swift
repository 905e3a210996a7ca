import Foundation
import Synchronization

/// `yyyy-MM-dd HH:mm` in the configured time zone, with one formatter kept (a page shows a few
/// hundred dates; a new `DateFormatter` for each costs more than the rest of a row).
final class WebDateFormat: Sendable {
    private let cached = Mutex<(zone: TimeZone, formatter: DateFormatter)?>(nil)

    func string(_ date: Date, in zone: TimeZone) -> String {
        cached.withLock { cached in
            if let cached, cached.zone == zone { return cached.formatter.string(from: date) }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = zone
            formatter.dateFormat = "yyyy-MM-dd HH:mm"
            cached = (zone, formatter)
            return formatter.string(from: date)
        }
    }
}
