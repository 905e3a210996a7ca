import Foundation
import HarkCore
import Yams

/// The `workflow` section: service levels, the follow-up, and the working hours the clocks run in.
///
/// ```yaml
/// workflow:
///   service_levels: { very_dissatisfied: "4h", dissatisfied: "24h", public: "24h" }
///   follow_up_days: 7
///   business_hours:                      # optional: without it the clocks run around the clock
///     time_zone: "Europe/Oslo"
///     days: ["mon", "tue", "wed", "thu", "fri"]
///     opens: "08:00"
///     closes: "16:00"
/// ```
extension HarkConfiguration {
    static let weekdayNames: [String: BusinessCalendar.Weekday] = [
        "mon": .monday, "tue": .tuesday, "wed": .wednesday, "thu": .thursday, "fri": .friday, "sat": .saturday,
        "sun": .sunday,
    ]

    mutating func readWorkflow(_ node: Node?, _ reader: ConfigReader) {
        guard let map = reader.mapping(node, at: "workflow", known: ["service_levels", "follow_up_days", "business_hours"])
        else { return }
        if let levels = reader.mapping(
            map["service_levels"], at: "workflow.service_levels", known: ["very_dissatisfied", "dissatisfied", "public"])
        {
            if let value = reader.duration(levels["very_dissatisfied"], at: "workflow.service_levels.very_dissatisfied") {
                serviceLevels.veryDissatisfied.within = value
            }
            if let value = reader.duration(levels["dissatisfied"], at: "workflow.service_levels.dissatisfied") {
                serviceLevels.dissatisfied.within = value
            }
            if let value = reader.duration(levels["public"], at: "workflow.service_levels.public") {
                serviceLevels.publicPost.within = value
            }
        }
        if let days = reader.int(map["follow_up_days"], at: "workflow.follow_up_days", range: 1...365) {
            serviceLevels.followUpDays = days
        }
        readBusinessHours(map["business_hours"], reader)
    }

    private mutating func readBusinessHours(_ node: Node?, _ reader: ConfigReader) {
        let path = "workflow.business_hours"
        guard let map = reader.mapping(node, at: path, known: ["time_zone", "days", "opens", "closes"]) else { return }
        let zoneName = reader.string(map["time_zone"], at: "\(path).time_zone", required: true)
        let zone = zoneName.flatMap(TimeZone.init(identifier:))
        if zoneName != nil, zone == nil {
            reader.problem("\(path).time_zone", "unknown time zone (use an IANA name such as Europe/Oslo)")
        }
        var days = Set<BusinessCalendar.Weekday>()
        for (index, name) in reader.strings(map["days"], at: "\(path).days").enumerated() {
            if let day = Self.weekdayNames[name.lowercased()] {
                days.insert(day)
            } else {
                reader.problem("\(path).days[\(index)]", "expected one of mon, tue, wed, thu, fri, sat, sun")
            }
        }
        if map["days"] == nil { days = [.monday, .tuesday, .wednesday, .thursday, .friday] }
        func time(_ key: String) -> Int? {
            guard let text = reader.string(map[key], at: "\(path).\(key)", required: true) else { return nil }
            guard let minutes = BusinessCalendar.minutes(text) else {
                reader.problem("\(path).\(key)", "expected a time such as 08:00")
                return nil
            }
            return minutes
        }
        guard let opens = time("opens"), let closes = time("closes"), let zone else { return }
        do {
            serviceLevels.calendar = try BusinessCalendar(timeZone: zone, workingDays: days, opens: opens, closes: closes)
        } catch {
            reader.problem(path, error.message)
        }
    }
}
