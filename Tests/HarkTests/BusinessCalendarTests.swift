import Foundation
import HarkCore
import Testing

/// Working hours: when service-level clocks run, across nights, weekends and daylight-saving changes.
///
/// All moments are fixed; in March 2026 Oslo is on CET (+01:00) until Sunday 29 March 01:00 UTC, and on
/// CEST (+02:00) until Sunday 25 October 01:00 UTC. Monday 2 March 2026 starts the ordinary test week.
@Suite struct BusinessCalendarTests {
    static let weekdays: Set<BusinessCalendar.Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday]

    static func oslo() throws -> TimeZone {
        try #require(TimeZone(identifier: "Europe/Oslo"))
    }

    /// Oslo, Monday to Friday, 08:00 to 16:00.
    static func office() throws -> BusinessCalendar {
        try BusinessCalendar(timeZone: oslo(), workingDays: weekdays, opens: 8 * 60, closes: 16 * 60)
    }

    /// Oslo, every day of the week, with the given hours.
    static func everyDay(opens: Int, closes: Int) throws -> BusinessCalendar {
        try BusinessCalendar(
            timeZone: oslo(), workingDays: Set(BusinessCalendar.Weekday.allCases), opens: opens, closes: closes)
    }

    static func at(_ text: String) throws -> Date {
        try #require(RFC3339.parse(text), "bad fixture \(text)")
    }

    static func hours(_ count: Int) -> Duration { .seconds(count * 3600) }

    /// The working time of `calendar` between two fixed moments.
    static func time(_ calendar: BusinessCalendar, from start: String, to end: String) throws -> Duration {
        try calendar.workingTime(from: at(start), to: at(end))
    }

    /// The due moment of `duration` of working time of `calendar` from a fixed start.
    static func due(_ calendar: BusinessCalendar, _ duration: Duration, after start: String) throws -> Date {
        try calendar.adding(duration, to: at(start))
    }

    // MARK: - Parsing times

    @Test(arguments: [("08:30", 510), ("00:00", 0), ("08:00", 480), ("23:59", 1439), ("24:00", 1440), ("16:05", 965)])
    func parsesTimes(text: String, minutes: Int) {
        #expect(BusinessCalendar.minutes(text) == minutes)
    }

    @Test(arguments: [
        "8", "25:00", "08:60", "", "ab:cd", "8:30", "08:3", "008:30", "24:01", "24:30", "08-30", "0830", " 08:30",
        "08:30 ", "+8:30", "-1:00", "08:30:00", "٠٨:٣٠", "０８:３０", "08:3a",
    ])
    func refusesMalformedTimes(text: String) {
        #expect(BusinessCalendar.minutes(text) == nil)
    }

    // MARK: - Validation

    @Test func acceptsAValidCalendar() throws {
        let calendar = try Self.office()
        #expect(calendar.opens == 480)
        #expect(calendar.closes == 960)
        #expect(calendar.workingDays == Self.weekdays)
        #expect(calendar.timeZone == (try Self.oslo()))
        let wholeDay = try Self.everyDay(opens: 0, closes: 1440)
        #expect(wholeDay.workingDays.count == 7)
    }

    @Test(arguments: [
        (Set<BusinessCalendar.Weekday>(), 480, 960),
        ([.monday], 960, 960),
        ([.monday], 961, 960),
        ([.monday], -1, 960),
        ([.monday], 480, 1441),
        ([.monday], 1440, 1440),
        ([.monday], 1441, 1500),
    ] as [(Set<BusinessCalendar.Weekday>, Int, Int)])
    func refusesInvalidCalendars(days: Set<BusinessCalendar.Weekday>, opens: Int, closes: Int) throws {
        let zone = try Self.oslo()
        let error = #expect(throws: HarkError.self) {
            try BusinessCalendar(timeZone: zone, workingDays: days, opens: opens, closes: closes)
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("business calendar") == true)
    }

    @Test func weekdaysAreOrderedFromMonday() {
        #expect(BusinessCalendar.Weekday.allCases.sorted() == BusinessCalendar.Weekday.allCases)
        #expect(BusinessCalendar.Weekday.monday < .sunday)
        #expect(BusinessCalendar.Weekday.monday.rawValue == 1)
        #expect(BusinessCalendar.Weekday.sunday.rawValue == 7)
    }

    // MARK: - Working or not

    @Test(arguments: [
        ("2026-03-02T08:00:00+01:00", true),  // Monday, the opening moment
        ("2026-03-02T07:59:59+01:00", false),
        ("2026-03-02T12:00:00+01:00", true),
        ("2026-03-02T15:59:59+01:00", true),
        ("2026-03-02T16:00:00+01:00", false),  // the closing moment is outside
        ("2026-03-02T07:30:00Z", true),  // 08:30 in Oslo
        ("2026-03-02T15:30:00Z", false),  // 16:30 in Oslo
        ("2026-03-06T15:59:00+01:00", true),  // Friday
        ("2026-03-07T12:00:00+01:00", false),  // Saturday
        ("2026-03-08T12:00:00+01:00", false),  // Sunday
        ("2026-03-01T23:30:00Z", false),  // Monday 00:30 in Oslo
    ])
    func isWorking(moment: String, working: Bool) throws {
        #expect(try Self.office().isWorking(at: Self.at(moment)) == working)
    }

    @Test func weekdayFollowsTheLocalDate() throws {
        // Sunday 23:30 UTC is already Monday in Oslo; Friday 23:30 UTC is Saturday there.
        let mondays = try BusinessCalendar(timeZone: Self.oslo(), workingDays: [.monday], opens: 0, closes: 1440)
        #expect(try mondays.isWorking(at: Self.at("2026-03-01T23:30:00Z")))
        #expect(try !mondays.isWorking(at: Self.at("2026-03-02T23:30:00Z")))
        let saturdays = try BusinessCalendar(timeZone: Self.oslo(), workingDays: [.saturday], opens: 0, closes: 1440)
        #expect(try saturdays.isWorking(at: Self.at("2026-03-06T23:30:00Z")))
        #expect(try !saturdays.isWorking(at: Self.at("2026-03-06T22:30:00Z")))
    }

    // MARK: - Adding working time

    @Test(arguments: [
        // Inside hours.
        ("2026-03-02T10:00:00+01:00", 2 * 3600, "2026-03-02T12:00:00+01:00"),
        ("2026-03-02T10:00:00+01:00", 6 * 3600, "2026-03-02T16:00:00+01:00"),
        ("2026-03-02T10:00:00+01:00", 6 * 3600 + 1, "2026-03-03T08:00:01+01:00"),
        ("2026-03-02T10:00:00+01:00", 7 * 3600, "2026-03-03T09:00:00+01:00"),
        ("2026-03-02T10:30:15+01:00", 90, "2026-03-02T10:31:45+01:00"),
        // Before opening and after closing.
        ("2026-03-02T06:00:00+01:00", 3600, "2026-03-02T09:00:00+01:00"),
        ("2026-03-02T00:00:00+01:00", 8 * 3600, "2026-03-02T16:00:00+01:00"),
        ("2026-03-02T17:00:00+01:00", 3600, "2026-03-03T09:00:00+01:00"),
        ("2026-03-02T23:59:59+01:00", 3600, "2026-03-03T09:00:00+01:00"),
        // On a weekend.
        ("2026-03-07T12:00:00+01:00", 3600, "2026-03-09T09:00:00+01:00"),
        ("2026-03-08T23:00:00+01:00", 4 * 3600, "2026-03-09T12:00:00+01:00"),
        ("2026-03-06T17:00:00+01:00", 4 * 3600, "2026-03-09T12:00:00+01:00"),
        // Spanning several days and a weekend: Thu 2 h, Fri 8 h, Mon 8 h, Tue 2 h.
        ("2026-03-05T14:00:00+01:00", 20 * 3600, "2026-03-10T10:00:00+01:00"),
        ("2026-03-02T08:00:00+01:00", 40 * 3600, "2026-03-06T16:00:00+01:00"),
        ("2026-03-02T08:00:00+01:00", 40 * 3600 + 60, "2026-03-09T08:01:00+01:00"),
        // Exact boundaries.
        ("2026-03-02T08:00:00+01:00", 8 * 3600, "2026-03-02T16:00:00+01:00"),
        ("2026-03-06T16:00:00+01:00", 8 * 3600, "2026-03-09T16:00:00+01:00"),
        ("2026-03-02T08:00:00+01:00", 0, "2026-03-02T08:00:00+01:00"),
        ("2026-03-02T16:00:00+01:00", 0, "2026-03-03T08:00:00+01:00"),
        ("2026-03-02T15:59:59+01:00", 1, "2026-03-02T16:00:00+01:00"),
        ("2026-03-07T10:00:00+01:00", 0, "2026-03-09T08:00:00+01:00"),
    ])
    func addsWorkingTime(start: String, seconds: Int, due: String) throws {
        let calendar = try Self.office()
        #expect(try calendar.adding(.seconds(seconds), to: Self.at(start)) == Self.at(due))
    }

    @Test func aNegativeDurationCountsAsNone() throws {
        let calendar = try Self.office()
        #expect(
            try Self.due(calendar, .seconds(-3600), after: "2026-03-02T10:00:00+01:00")
                == Self.at("2026-03-02T10:00:00+01:00"))
    }

    @Test func keepsSubsecondPrecision() throws {
        let calendar = try Self.office()
        let start = try Self.at("2026-03-02T15:59:59+01:00")
        #expect(calendar.adding(.milliseconds(500), to: start) == start.addingTimeInterval(0.5))
        #expect(calendar.workingTime(from: start, to: start.addingTimeInterval(0.25)) == .milliseconds(250))
    }

    @Test func aCalendarBrokenAfterItsInitCannotHang() throws {
        var calendar = try Self.office()
        calendar.opens = 1000  // after closing: no working hours at all
        let start = try Self.at("2026-03-02T10:00:00+01:00")
        #expect(calendar.adding(Self.hours(1), to: start) == .distantFuture)
        #expect(calendar.workingTime(from: start, to: start.addingTimeInterval(86_400 * 30)) == .zero)
        #expect(!calendar.isWorking(at: start))
        calendar.opens = 480
        calendar.workingDays = []
        #expect(calendar.adding(Self.hours(1), to: start) == .distantFuture)
    }

    // MARK: - Daylight saving

    @Test func springForwardDayIsShorter() throws {
        let calendar = try Self.everyDay(opens: 0, closes: 1440)
        let sunday = try Self.at("2026-03-29T00:00:00+01:00")
        let monday = try Self.at("2026-03-30T00:00:00+02:00")
        #expect(calendar.workingTime(from: sunday, to: monday) == Self.hours(23))
        // Around the clock, working time is absolute time.
        #expect(
            try Self.due(calendar, Self.hours(24), after: "2026-03-28T12:00:00+01:00")
                == Self.at("2026-03-29T13:00:00+02:00"))
    }

    @Test func fallBackDayIsLonger() throws {
        let calendar = try Self.everyDay(opens: 0, closes: 1440)
        let sunday = try Self.at("2026-10-25T00:00:00+02:00")
        let monday = try Self.at("2026-10-26T00:00:00+01:00")
        #expect(calendar.workingTime(from: sunday, to: monday) == Self.hours(25))
        #expect(
            try Self.due(calendar, Self.hours(24), after: "2026-10-24T12:00:00+02:00")
                == Self.at("2026-10-25T11:00:00+01:00"))
    }

    @Test func openingHoursFollowTheLocalClockAcrossTheChange() throws {
        let calendar = try Self.everyDay(opens: 8 * 60, closes: 16 * 60)
        // Saturday 12:00 CET + 8 h: 4 h on Saturday, then Sunday from 08:00 CEST.
        #expect(
            try Self.due(calendar, Self.hours(8), after: "2026-03-28T12:00:00+01:00")
                == Self.at("2026-03-29T12:00:00+02:00"))
        #expect(try calendar.isWorking(at: Self.at("2026-03-29T06:30:00Z")))  // 08:30 CEST
        #expect(try !calendar.isWorking(at: Self.at("2026-03-29T14:30:00Z")))  // 16:30 CEST
        #expect(
            try Self.time(calendar, from: "2026-03-29T00:00:00+01:00", to: "2026-03-30T00:00:00+02:00")
                == Self.hours(8))
        // Saturday 14:00 CEST + 4 h: 2 h on Saturday, then Sunday from 08:00 CET.
        #expect(
            try Self.due(calendar, Self.hours(4), after: "2026-10-24T14:00:00+02:00")
                == Self.at("2026-10-25T10:00:00+01:00"))
        #expect(
            try Self.time(calendar, from: "2026-10-25T00:00:00+02:00", to: "2026-10-26T00:00:00+01:00")
                == Self.hours(8))
    }

    @Test func hoursSpanningTheChange() throws {
        // 01:00 to 04:00 local: two hours when the clock skips 02:00 to 03:00, four when 02:00 to 03:00 repeats.
        let night = try Self.everyDay(opens: 60, closes: 240)
        #expect(
            try Self.time(night, from: "2026-03-29T00:00:00+01:00", to: "2026-03-29T12:00:00+02:00")
                == Self.hours(2))
        #expect(
            try Self.due(night, Self.hours(2), after: "2026-03-29T00:00:00+01:00")
                == Self.at("2026-03-29T04:00:00+02:00"))
        #expect(
            try Self.time(night, from: "2026-10-25T00:00:00+02:00", to: "2026-10-25T12:00:00+01:00")
                == Self.hours(4))
        #expect(
            try Self.due(night, Self.hours(4), after: "2026-10-25T00:00:00+02:00")
                == Self.at("2026-10-25T04:00:00+01:00"))
        // An opening time the clock skips opens at the first moment after it.
        let skipped = try Self.everyDay(opens: 150, closes: 240)
        #expect(
            try Self.time(skipped, from: "2026-03-29T00:00:00+01:00", to: "2026-03-29T12:00:00+02:00")
                == Self.hours(1))
        #expect(
            try Self.due(skipped, .zero, after: "2026-03-29T00:00:00+01:00")
                == Self.at("2026-03-29T03:00:00+02:00"))
    }

    // MARK: - Working time between moments

    @Test(arguments: [
        ("2026-03-02T10:00:00+01:00", "2026-03-02T12:00:00+01:00", 2 * 3600),
        ("2026-03-02T06:00:00+01:00", "2026-03-02T18:00:00+01:00", 8 * 3600),
        ("2026-03-06T12:00:00+01:00", "2026-03-09T12:00:00+01:00", 8 * 3600),  // over a weekend
        ("2026-03-07T00:00:00+01:00", "2026-03-09T00:00:00+01:00", 0),
        ("2026-03-02T00:00:00+01:00", "2026-03-09T00:00:00+01:00", 40 * 3600),
        ("2026-03-02T16:00:00+01:00", "2026-03-03T08:00:00+01:00", 0),
        ("2026-03-02T12:00:00+01:00", "2026-03-02T12:00:00+01:00", 0),
        ("2026-03-02T12:00:00+01:00", "2026-03-02T10:00:00+01:00", 0),  // end before start
        ("2026-03-09T12:00:00+01:00", "2026-03-02T10:00:00+01:00", 0),
    ])
    func measuresWorkingTime(start: String, end: String, seconds: Int) throws {
        let calendar = try Self.office()
        #expect(try calendar.workingTime(from: Self.at(start), to: Self.at(end)) == .seconds(seconds))
    }

    @Test(arguments: [
        "2026-03-02T10:00:00+01:00", "2026-03-02T06:00:00+01:00", "2026-03-02T17:00:00+01:00",
        "2026-03-07T12:00:00+01:00", "2026-03-27T15:00:00+01:00", "2026-10-23T09:15:00+02:00",
        "2026-12-31T15:45:30+01:00",
    ])
    func workingTimeIsTheInverseOfAdding(start: String) throws {
        let begin = try Self.at(start)
        let calendars = try [
            Self.office(), Self.everyDay(opens: 8 * 60, closes: 16 * 60), Self.everyDay(opens: 60, closes: 240),
        ]
        for calendar in calendars {
            for seconds in [0, 1, 59, 3600, 4 * 3600, 8 * 3600, 24 * 3600, 100 * 3600 + 17, 2000 * 3600] {
                let due = calendar.adding(.seconds(seconds), to: begin)
                #expect(due >= begin)
                #expect(calendar.workingTime(from: begin, to: due) == .seconds(seconds))
            }
        }
    }
}
