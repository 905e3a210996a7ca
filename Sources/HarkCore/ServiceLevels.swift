import Foundation

/// How a complaint must be answered.
public enum ResponseKind: String, Codable, Sendable, CaseIterable {
    /// In person or by telephone.
    case personal
    /// By mail or letter.
    case written
    /// Where the complaint was posted, for everyone to see.
    case `public`
}

/// One promise: answer in this way within this much (working) time.
public struct ServiceLevel: Sendable, Hashable {
    /// How the answer is given.
    public var kind: ResponseKind
    /// How long the answer may take; working time when the policy has a calendar.
    public var within: Duration

    /// Creates a service level.
    public init(kind: ResponseKind, within: Duration) {
        self.kind = kind
        self.within = within
    }
}

/// When complaints must be answered and followed up (issue: very_dissatisfied personally within
/// 4 h, dissatisfied in writing within 24 h, a public review or forum post publicly within 24 h).
public struct ServiceLevelPolicy: Sendable, Hashable {
    /// The level for a very dissatisfied complaint, on any channel.
    public var veryDissatisfied = ServiceLevel(kind: .personal, within: .seconds(4 * 3600))
    /// The level for a dissatisfied complaint on a private channel.
    public var dissatisfied = ServiceLevel(kind: .written, within: .seconds(24 * 3600))
    /// The level for a dissatisfied complaint on a public channel.
    public var publicPost = ServiceLevel(kind: .public, within: .seconds(24 * 3600))
    /// Channels whose mentions are public posts (reviews, forums): feeds by default.
    public var publicChannels: Set<Channel> = [.feed]
    /// Calendar days after `resolved` that a follow-up is due (default 7).
    public var followUpDays = 7
    /// Working hours the response clocks run in; nil: around the clock.
    public var calendar: BusinessCalendar?

    /// Creates the default policy: the levels of the issue, clocks running around the clock.
    public init() {}

    /// The due time and kind of the first response to a complaint.
    ///
    /// A very dissatisfied complaint always gets ``veryDissatisfied`` (personal); a dissatisfied one
    /// on one of the ``publicChannels`` gets ``publicPost``, else ``dissatisfied``.
    ///
    /// - Parameters:
    ///   - severity: How dissatisfied the complainant is.
    ///   - channel: Where the complaint came from.
    ///   - start: When the complaint was received (or reopened).
    /// - Returns: The due time and kind; nil for a mention of severity `.none`.
    public func responseDue(
        severity: Severity, channel: Channel, from start: Date
    ) -> (due: Date, kind: ResponseKind)? {
        let level: ServiceLevel
        switch severity {
        case .none: return nil
        case .veryDissatisfied: level = veryDissatisfied
        case .dissatisfied: level = publicChannels.contains(channel) ? publicPost : dissatisfied
        }
        let due =
            calendar?.adding(level.within, to: start)
            ?? start.addingTimeInterval(max(level.within.inSeconds, 0))
        return (due, level.kind)
    }

    /// When the follow-up of a mention resolved at `resolvedAt` is due: ``followUpDays`` calendar
    /// days later at the same local time, in the calendar's time zone, or UTC without a calendar.
    public func followUpDue(resolvedAt: Date) -> Date {
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = calendar?.timeZone ?? TimeZone(secondsFromGMT: 0) ?? gregorian.timeZone
        return gregorian.date(byAdding: .day, value: followUpDays, to: resolvedAt)
            ?? resolvedAt.addingTimeInterval(TimeInterval(followUpDays) * 86_400)
    }
}
