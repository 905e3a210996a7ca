import ArgumentParser
import Foundation
import HarkCore
import HarkDaemon
import HarkServer
import HarkStore

/// `hark sources`: each source's kind, last success, last error, error streak, next poll and items.
struct Sources: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the state of each configured source (last success, errors, next poll, items).")

    @OptionGroup var options: ConfigOption
    @Flag(help: "JSON Lines instead of a table.") var json = false

    func run() async throws {
        let commands = try StoreCommands(configPath: options.path)
        let known = Dictionary(
            try await commands.store.sourceStatuses(eventsPerSource: 5).map { ($0.source, $0) },
            uniquingKeysWith: { first, _ in first })
        let statuses = commands.configuration.sources.map { source in
            var status = known[source.id] ?? SourceStatus(source: source.id)
            status.kind = source.kind.rawValue
            return status
        }
        if json {
            for status in statuses { print(Output.jsonLine(SourceStatusJSON(status))) }
            return
        }
        print(
            [Output.cell("SOURCE", width: 16), Output.cell("KIND", width: 8), Output.cell("LAST SUCCESS", width: 20),
             Output.cell("ERRORS", width: 6), Output.cell("NEXT POLL", width: 20), Output.cell("ITEMS", width: 8),
             Output.cell("LAST ERROR / NOTES", width: 60)]
                .joined(separator: " "))
        for status in statuses {
            var notes: [String] = []
            if let error = status.lastError, status.errorStreak > 0 { notes.append(error) }
            if status.gone { notes.append("gone (410): checked daily") }
            if let moved = status.movedTo { notes.append("moved permanently to \(moved); update the configuration") }
            if let gap = status.recentEvents.first(where: { $0.kind == "feed_gap" }) {
                notes.append("gap at \(RFC3339.string(gap.at)), ~\(gap.details["estimated_missed"] ?? "?") missed")
            }
            print(
                [Output.cell(status.source.rawValue, width: 16), Output.cell(status.kind, width: 8),
                 Output.cell(status.lastSuccessAt.map(RFC3339.string), width: 20),
                 Output.cell(String(status.errorStreak), width: 6),
                 Output.cell(status.nextPollAt.map(RFC3339.string), width: 20),
                 Output.cell(String(status.itemsIngested), width: 8),
                 Output.cell(notes.isEmpty ? nil : notes.joined(separator: "; "), width: 60)]
                    .joined(separator: " "))
        }
    }
}
