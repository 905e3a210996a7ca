import ArgumentParser
import Foundation
import HarkCore
import HarkDaemon
import HarkServer
import HarkStore

struct Inbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox",
        abstract: "The inbox from the terminal.", subcommands: [List.self, Show.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List mentions, newest first.")

        @OptionGroup var options: ConfigOption
        @OptionGroup var filters: InboxFilters
        @Option(help: "How many (at most 200).") var limit = 50
        @Flag(help: "JSON Lines instead of a table.") var json = false

        func run() async throws {
            let commands = try await StoreCommands.open(configPath: options.path)
            let page = try await commands.store.mentions(try filters.query(limit: limit))
            if json {
                for mention in page.items { print(Output.jsonLine(MentionJSON(mention: mention))) }
                return
            }
            print(
                [Output.cell("ID", width: 36), Output.cell("RECEIVED", width: 20), Output.cell("SOURCE", width: 12),
                 Output.cell("STATUS", width: 12), Output.cell("SEVERITY", width: 17), Output.cell("TITLE / TEXT", width: 50)]
                    .joined(separator: " "))
            for mention in page.items {
                print(
                    [Output.cell(mention.id.rawValue, width: 36), Output.cell(RFC3339.string(mention.receivedAt), width: 20),
                     Output.cell(mention.source.rawValue, width: 12), Output.cell(mention.status.rawValue, width: 12),
                     Output.cell(mention.assessment?.severity.rawValue, width: 17),
                     Output.cell(mention.title ?? mention.subject ?? mention.text, width: 50)]
                        .joined(separator: " "))
            }
            if let next = page.nextCursor { print("(more: --limit or the API with cursor=\(next))") }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show one mention as JSON.")

        @OptionGroup var options: ConfigOption
        @Argument(help: "The mention id.") var id: String

        func run() async throws {
            guard let mentionID = MentionID(id) else { throw ValidationError("not a mention id: \(id)") }
            let commands = try await StoreCommands.open(configPath: options.path)
            guard let mention = try await commands.store.mention(mentionID) else {
                throw HarkError(.notFound, "no mention \(id)")
            }
            let places = try await commands.store.places(of: mentionID)
            print(Output.jsonLine(MentionJSON(mention: mention, places: places)))
        }
    }
}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Stream the inbox out as CSV or JSON Lines.",
        discussion: """
            CSV follows RFC 4180 (CRLF line ends, a header row); a cell that starts with = + - @ or a \
            tab is prefixed with ' so a spreadsheet shows it as text. The correction of an assessment wins.
            """)

    @OptionGroup var options: ConfigOption
    @OptionGroup var filters: InboxFilters
    @Option(help: "csv or jsonl.") var format: ExportFormat

    func run() async throws {
        let commands = try await StoreCommands.open(configPath: options.path)
        var query = try filters.query(limit: MentionQuery.maximumLimit)
        let out = FileHandle.standardOutput
        if let header = format.header { out.write(Data(header.utf8)) }
        // Keyset pages keep memory flat however large the inbox is.
        repeat {
            let page = try await commands.store.mentions(query)
            let recurrence =
                format == .jsonl ? try await commands.store.recurrenceSummaries(of: page.items.map(\.id)) : [:]
            let lines = format.lines(page.items, redactPersonalData: false, now: Date(), recurrence: recurrence)
            out.write(Data(lines.utf8))
            query.after = page.nextCursor
        } while query.after != nil
    }
}

extension ExportFormat: ExpressibleByArgument {}
