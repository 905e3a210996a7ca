import ArgumentParser
import Foundation
import HarkCore
import HarkDaemon
import HarkStore

/// `hark reassess [filters]`: assess stored mentions again.
struct Reassess: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reassess",
        abstract: "Run the assessment again on stored mentions (after an upgrade or a change of brands).",
        discussion: "The filters are those of `hark inbox list`; without any, every mention is assessed again.")

    @OptionGroup var options: ConfigOption
    @OptionGroup var filters: InboxFilters

    func run() async throws {
        let commands = try await StoreCommands.open(configPath: options.path)
        let outcome = try await commands.reassess(try filters.query(limit: MentionQuery.maximumLimit))
        print(
            "reassessed \(outcome.assessed) mentions; \(outcome.changed) changed; "
                + "\(outcome.fromRaw) read again from their raw input")
    }
}
