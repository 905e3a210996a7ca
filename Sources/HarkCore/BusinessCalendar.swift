import Foundation

/// Working hours in one time zone: when service-level clocks run.
///
/// Opening and closing times are local wall-clock times, so a working day on a daylight-saving
/// change is an hour shorter or longer only when its hours span the change. An opening time that
/// does not exist locally (skipped by a spring-forward change) becomes the first moment after it.
public struct BusinessCalendar: Sendable, Hashable {
    /// A day of the week, numbered from Monday as in ISO 8601.
    public enum Weekday: Int, Sendable, Hashable, CaseIterable, Comparable {
        case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

        public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }

        /// The weekday of Foundation's `Calendar` numbering (1 is Sunday).
        init?(calendarWeekday: Int) {
            self.init(rawValue: (calendarWeekday + 5) % 7 + 1)
        }
    }

    /// The time zone the working hours are local to.
    public var timeZone: TimeZone
    /// The days of the week that have working hours.
    public var workingDays: Set<Weekday>
    /// Minutes after local midnight the working day starts (opens < closes, within 0...1440).
    public var opens: Int
    /// Minutes after local midnight the working day ends (opens < closes, within 0...1440).
    public var closes: Int

    /// The most local days one computation looks at (about ten years), so that a calendar made
    /// invalid after its init, or a huge duration, cannot hang the caller.
    static let dayLimit = 3660

    /// Creates working hours.
    ///
    /// - Parameters:
    ///   - timeZone: The time zone the hours are local to.
    ///   - workingDays: The days with working hours; at least one.
    ///   - opens: Minutes after local midnight the day starts, 0...1439.
    ///   - closes: Minutes after local midnight the day ends, after `opens` and at most 1440.
    /// - Throws: `HarkError` with code `.invalidConfiguration` when there is no working day, a time
    ///   is out of range, or the day does not open before it closes.
    public init(timeZone: TimeZone, workingDays: Set<Weekday>, opens: Int, closes: Int) throws(HarkError) {
        guard !workingDays.isEmpty else {
            throw HarkError(.invalidConfiguration, "business calendar has no working day; name at least one")
        }
        guard (0...1440).contains(opens), (0...1440).contains(closes) else {
            throw HarkError(
                .invalidConfiguration,
                "business calendar hours \(opens)...\(closes) are outside 0...1440 minutes after midnight")
        }
        guard opens < closes else {
            throw HarkError(
                .invalidConfiguration,
                "business calendar opens (\(opens) min) must be before it closes (\(closes) min)")
        }
        self.timeZone = timeZone
        self.workingDays = workingDays
        self.opens = opens
        self.closes = closes
    }

    /// Parses an "08:00" style time (two-digit hours and minutes, "24:00" for the end of the day).
    ///
    /// - Returns: Minutes after midnight, 0...1440; nil when malformed.
    public static func minutes(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == 5, bytes[2] == UInt8(ascii: ":") else { return nil }
        var digits: [Int] = []
        for index in [0, 1, 3, 4] {
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            digits.append(Int(byte - UInt8(ascii: "0")))
        }
        let hour = digits[0] * 10 + digits[1]
        let minute = digits[2] * 10 + digits[3]
        guard minute < 60, hour < 24 || (hour == 24 && minute == 0) else { return nil }
        return hour * 60 + minute
    }

    /// Whether `date` falls inside working hours (the opening moment is inside, the closing one not).
    public func isWorking(at date: Date) -> Bool {
        let calendar = gregorian
        guard let hours = hours(ofDayStarting: calendar.startOfDay(for: date), in: calendar) else { return false }
        return hours.opens <= date && date < hours.closes
    }

    /// The moment `duration` of working time after `start` has passed.
    ///
    /// A start outside working hours counts from the next opening; a due time that falls exactly on
    /// a closing time stays there. A duration longer than about ten years of working time ends at
    /// `Date.distantFuture`.
    public func adding(_ duration: Duration, to start: Date) -> Date {
        var remaining = max(duration.inSeconds, 0)
        let calendar = gregorian
        var day = calendar.startOfDay(for: start)
        for _ in 0..<Self.dayLimit {
            if let hours = hours(ofDayStarting: day, in: calendar) {
                let from = max(hours.opens, start)
                if from < hours.closes {
                    let available = hours.closes.timeIntervalSince(from)
                    if remaining <= available { return from.addingTimeInterval(remaining) }
                    remaining -= available
                }
            }
            guard let next = nextDay(after: day, in: calendar) else { break }
            day = next
        }
        return .distantFuture
    }

    /// Working time between two moments (0 when end <= start); at most about ten years are counted.
    public func workingTime(from start: Date, to end: Date) -> Duration {
        guard start < end else { return .zero }
        let calendar = gregorian
        var total: TimeInterval = 0
        var day = calendar.startOfDay(for: start)
        for _ in 0..<Self.dayLimit where day < end {
            if let hours = hours(ofDayStarting: day, in: calendar) {
                let from = max(hours.opens, start)
                let to = min(hours.closes, end)
                if from < to { total += to.timeIntervalSince(from) }
            }
            guard let next = nextDay(after: day, in: calendar) else { break }
            day = next
        }
        // Dates carry about a tenth of a microsecond of precision; do not pretend to more.
        return .microseconds(Int64((total * 1_000_000).rounded()))
    }

    // MARK: - Days

    /// A Gregorian calendar in ``timeZone``.
    private var gregorian: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// The working hours of the local day that starts at `day`; nil when it has none.
    private func hours(ofDayStarting day: Date, in calendar: Calendar) -> (opens: Date, closes: Date)? {
        guard let weekday = Weekday(calendarWeekday: calendar.component(.weekday, from: day)),
            workingDays.contains(weekday),
            let open = localTime(opens, onDayStarting: day, in: calendar),
            let close = localTime(closes, onDayStarting: day, in: calendar),
            open < close
        else { return nil }
        return (open, close)
    }

    /// The moment of the local wall-clock time `minutes` after midnight on the day starting at `day`.
    private func localTime(_ minutes: Int, onDayStarting day: Date, in calendar: Calendar) -> Date? {
        // Midnight itself may not exist on some days; the start of the day always does.
        if minutes <= 0 { return day }
        if minutes >= 1440 { return nextDay(after: day, in: calendar) }
        return calendar.date(
            bySettingHour: minutes / 60, minute: minutes % 60, second: 0, of: day, matchingPolicy: .nextTime,
            repeatedTimePolicy: .first, direction: .forward)
    }

    /// The start of the local day after the one starting at `day`.
    private func nextDay(after day: Date, in calendar: Calendar) -> Date? {
        calendar.date(byAdding: .day, value: 1, to: day).map { calendar.startOfDay(for: $0) }
    }
}
