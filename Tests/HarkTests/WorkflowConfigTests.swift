import Foundation
import HarkCore
import HarkDaemon
import Testing

/// The `workflow` section: service levels, follow-up days and working hours, each bad value refused
/// by name.
@Suite struct WorkflowConfigTests {
    static func parse(_ section: String) throws(ConfigurationError) -> HarkConfiguration {
        try HarkConfiguration.parse(yaml: "storage: { sqlite: \"/tmp/x.sqlite\" }\n\(section)", path: "test.yaml")
    }

    @Test func defaultsWithoutTheSection() throws {
        let levels = try Self.parse("").serviceLevels
        #expect(levels == ServiceLevelPolicy())
        #expect(levels.veryDissatisfied.within == .seconds(4 * 3600) && levels.calendar == nil)
    }

    @Test func aFullSectionIsRead() throws {
        let levels = try Self.parse(
            """
            workflow:
              service_levels: { very_dissatisfied: "2h", dissatisfied: "8h", public: "12h" }
              follow_up_days: 14
              business_hours: { time_zone: "Europe/Oslo", days: ["mon", "tue", "wed", "thu", "fri", "sat"], opens: "08:30", closes: "16:00" }
            """
        ).serviceLevels
        #expect(levels.veryDissatisfied.within == .seconds(7200))
        #expect(levels.dissatisfied.within == .seconds(8 * 3600))
        #expect(levels.publicPost.within == .seconds(12 * 3600))
        #expect(levels.followUpDays == 14)
        let calendar = try #require(levels.calendar)
        #expect(calendar.timeZone.identifier == "Europe/Oslo")
        #expect(calendar.workingDays.count == 6 && !calendar.workingDays.contains(.sunday))
        #expect(calendar.opens == 8 * 60 + 30 && calendar.closes == 16 * 60)
    }

    @Test(arguments: [
        ("workflow: { service_levels: { angry: \"1h\" } }", "workflow.service_levels.angry: unknown key"),
        ("workflow: { service_levels: { dissatisfied: \"soon\" } }", "workflow.service_levels.dissatisfied: expected a duration"),
        ("workflow: { follow_up_days: 0 }", "workflow.follow_up_days: expected a whole number"),
        ("workflow: { business_hours: { time_zone: \"Mars/Olympus\", opens: \"08:00\", closes: \"16:00\" } }",
         "workflow.business_hours.time_zone: unknown time zone"),
        ("workflow: { business_hours: { time_zone: \"UTC\", opens: \"8\", closes: \"16:00\" } }",
         "workflow.business_hours.opens: expected a time"),
        ("workflow: { business_hours: { time_zone: \"UTC\", opens: \"16:00\", closes: \"08:00\" } }",
         "workflow.business_hours:"),
        ("workflow: { business_hours: { time_zone: \"UTC\", days: [\"funday\"], opens: \"08:00\", closes: \"16:00\" } }",
         "workflow.business_hours.days[0]: expected one of"),
        ("workflow: { business_hours: { opens: \"08:00\", closes: \"16:00\" } }", "workflow.business_hours.time_zone: is required"),
    ])
    func badValuesAreRefusedByName(section: String, expected: String) {
        do {
            _ = try Self.parse(section)
            Issue.record("accepted: \(section)")
        } catch {
            #expect(error.problems.contains { $0.hasPrefix(expected) }, "\(error.problems)")
        }
    }
}
