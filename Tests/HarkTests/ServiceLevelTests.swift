import Foundation
import HarkCore
import Testing

/// Service levels: which response a complaint needs, by when, and when its follow-up is due.
@Suite struct ServiceLevelTests {
    static func at(_ text: String) throws -> Date {
        try #require(RFC3339.parse(text), "bad fixture \(text)")
    }

    /// Oslo, Monday to Friday, 08:00 to 16:00.
    static func office() throws -> BusinessCalendar {
        try BusinessCalendar(
            timeZone: #require(TimeZone(identifier: "Europe/Oslo")),
            workingDays: [.monday, .tuesday, .wednesday, .thursday, .friday], opens: 8 * 60, closes: 16 * 60)
    }

    static func hours(_ count: Int) -> Duration { .seconds(count * 3600) }

    @Test func defaultsFollowTheIssue() {
        let policy = ServiceLevelPolicy()
        #expect(policy.veryDissatisfied == ServiceLevel(kind: .personal, within: Self.hours(4)))
        #expect(policy.dissatisfied == ServiceLevel(kind: .written, within: Self.hours(24)))
        #expect(policy.publicPost == ServiceLevel(kind: .public, within: Self.hours(24)))
        #expect(policy.publicChannels == [.feed])
        #expect(policy.followUpDays == 7)
        #expect(policy.calendar == nil)
        #expect(policy == ServiceLevelPolicy())
    }

    @Test func responseKindRawValues() throws {
        #expect(ResponseKind.allCases.map(\.rawValue) == ["personal", "written", "public"])
        let data = try JSONEncoder().encode([ResponseKind.public])
        #expect(String(decoding: data, as: UTF8.self) == #"["public"]"#)
    }

    @Test(arguments: Channel.allCases)
    func veryDissatisfiedIsAlwaysPersonalWithinFourHours(channel: Channel) throws {
        let start = try Self.at("2026-03-07T22:30:00Z")  // a Saturday night: no calendar, so the clock runs
        let response = try #require(
            ServiceLevelPolicy().responseDue(severity: .veryDissatisfied, channel: channel, from: start))
        #expect(response.kind == .personal)
        #expect(response.due == (try Self.at("2026-03-08T02:30:00Z")))
    }

    @Test(arguments: [(Channel.mail, ResponseKind.written), (.webhook, .written), (.feed, .public)])
    func dissatisfiedDependsOnWhetherTheChannelIsPublic(channel: Channel, kind: ResponseKind) throws {
        let start = try Self.at("2026-03-02T09:15:00Z")
        let response = try #require(
            ServiceLevelPolicy().responseDue(severity: .dissatisfied, channel: channel, from: start))
        #expect(response.kind == kind)
        #expect(response.due == (try Self.at("2026-03-03T09:15:00Z")))
    }

    @Test(arguments: Channel.allCases)
    func notAComplaintHasNoResponseDue(channel: Channel) throws {
        var policy = ServiceLevelPolicy()
        #expect(policy.responseDue(severity: .none, channel: channel, from: try Self.at("2026-03-02T09:15:00Z")) == nil)
        policy.calendar = try Self.office()
        #expect(policy.responseDue(severity: .none, channel: channel, from: try Self.at("2026-03-02T09:15:00Z")) == nil)
    }

    @Test func publicChannelsAndLevelsAreConfigurable() throws {
        var policy = ServiceLevelPolicy()
        policy.publicChannels = [.webhook]
        policy.publicPost = ServiceLevel(kind: .public, within: Self.hours(2))
        policy.dissatisfied = ServiceLevel(kind: .written, within: Self.hours(48))
        policy.veryDissatisfied = ServiceLevel(kind: .personal, within: .seconds(30 * 60))
        let start = try Self.at("2026-03-02T09:00:00Z")
        let webhook = policy.responseDue(severity: .dissatisfied, channel: .webhook, from: start)
        #expect(webhook?.kind == .public)
        #expect(webhook?.due == (try Self.at("2026-03-02T11:00:00Z")))
        let feed = policy.responseDue(severity: .dissatisfied, channel: .feed, from: start)
        #expect(feed?.kind == .written)
        #expect(feed?.due == (try Self.at("2026-03-04T09:00:00Z")))
        let angry = policy.responseDue(severity: .veryDissatisfied, channel: .webhook, from: start)
        #expect(angry?.kind == .personal)
        #expect(angry?.due == (try Self.at("2026-03-02T09:30:00Z")))
    }

    @Test func calendarStopsTheClockOutsideWorkingHours() throws {
        var policy = ServiceLevelPolicy()
        policy.calendar = try Self.office()
        let friday = try Self.at("2026-03-06T15:00:00+01:00")
        // 1 h on Friday, 3 h on Monday.
        let angry = policy.responseDue(severity: .veryDissatisfied, channel: .mail, from: friday)
        #expect(angry?.kind == .personal)
        #expect(angry?.due == (try Self.at("2026-03-09T11:00:00+01:00")))
        // 24 working hours: 1 h Friday, 8 h Monday, 8 h Tuesday, 7 h Wednesday.
        let written = policy.responseDue(severity: .dissatisfied, channel: .mail, from: friday)
        #expect(written?.kind == .written)
        #expect(written?.due == (try Self.at("2026-03-11T15:00:00+01:00")))
        let review = policy.responseDue(severity: .dissatisfied, channel: .feed, from: friday)
        #expect(review?.kind == .public)
        #expect(review?.due == written?.due)
        // A complaint arriving on Sunday evening counts from Monday's opening.
        let sunday = policy.responseDue(
            severity: .veryDissatisfied, channel: .webhook, from: try Self.at("2026-03-08T20:00:00+01:00"))
        #expect(sunday?.due == (try Self.at("2026-03-09T12:00:00+01:00")))
    }

    @Test func withoutACalendarTheClockRunsAcrossDaylightSaving() throws {
        // No calendar: durations are absolute, whatever the local clocks do.
        let start = try Self.at("2026-03-29T00:30:00Z")
        let response = ServiceLevelPolicy().responseDue(severity: .veryDissatisfied, channel: .mail, from: start)
        #expect(response?.due == start.addingTimeInterval(4 * 3600))
    }

    @Test func followUpIsDueSevenCalendarDaysLaterInUTC() throws {
        let policy = ServiceLevelPolicy()
        let resolved = try Self.at("2026-03-25T10:00:00Z")
        #expect(policy.followUpDue(resolvedAt: resolved) == (try Self.at("2026-04-01T10:00:00Z")))
        #expect(policy.followUpDue(resolvedAt: resolved).timeIntervalSince(resolved) == 7 * 86_400)
        // A calendar's working hours do not matter for the follow-up, a Saturday is fine.
        #expect(policy.followUpDue(resolvedAt: try Self.at("2026-02-28T23:59:00Z")) == (try Self.at(
            "2026-03-07T23:59:00Z")))
    }

    @Test func followUpKeepsTheLocalTimeAcrossDaylightSaving() throws {
        var policy = ServiceLevelPolicy()
        policy.calendar = try Self.office()
        // Spring forward: seven calendar days are one hour short of 168 hours.
        let march = try Self.at("2026-03-25T10:00:00+01:00")
        let marchDue = policy.followUpDue(resolvedAt: march)
        #expect(marchDue == (try Self.at("2026-04-01T10:00:00+02:00")))
        #expect(marchDue.timeIntervalSince(march) == 7 * 86_400 - 3600)
        // Fall back: one hour longer.
        let october = try Self.at("2026-10-20T10:00:00+02:00")
        let octoberDue = policy.followUpDue(resolvedAt: october)
        #expect(octoberDue == (try Self.at("2026-10-27T10:00:00+01:00")))
        #expect(octoberDue.timeIntervalSince(october) == 7 * 86_400 + 3600)
        // The same moments in UTC, without a calendar, are exactly a week apart.
        policy.calendar = nil
        #expect(policy.followUpDue(resolvedAt: march).timeIntervalSince(march) == 7 * 86_400)
    }

    @Test(arguments: [0, 1, 14, 30])
    func followUpDaysAreConfigurable(days: Int) throws {
        var policy = ServiceLevelPolicy()
        policy.followUpDays = days
        let resolved = try Self.at("2026-01-15T08:00:00Z")
        #expect(policy.followUpDue(resolvedAt: resolved) == resolved.addingTimeInterval(TimeInterval(days) * 86_400))
    }
}
