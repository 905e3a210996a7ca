import ArgumentParser
import Foundation
import HarkCore
import HarkDaemon
import HarkMail
import HarkServer
import HarkStore

/// `hark sources`: each source's kind, last success, last error, error streak, next poll and items,
/// and which instance holds the source's lease (polls it) now.
struct Sources: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "Show the state of each configured source (last success, errors, next poll, items).")

    @OptionGroup var options: ConfigOption
    @Flag(help: "JSON Lines instead of a table.") var json = false

    func run() async throws {
        let commands = try await StoreCommands.open(configPath: options.path)
        let known = Dictionary(
            try await commands.store.sourceStatuses(eventsPerSource: 5).map { ($0.source, $0) },
            uniquingKeysWith: { first, _ in first })
        let statuses = commands.configuration.sources.map { source in
            var status = known[source.id] ?? SourceStatus(source: source.id)
            status.kind = source.kind.rawValue
            return status
        }
        let now = Date()
        let holders = try await commands.store.sourceLeases().filter { $0.value.expiresAt > now }
        var folders: [SourceID: [MailState.Folder]] = [:]
        for source in commands.configuration.sources where source.kind == .imap {
            folders[source.id] = try await commands.mailFolders(source.id)
        }
        if json {
            for status in statuses {
                print(
                    Output.jsonLine(
                        SourceLineJSON(
                            status: SourceStatusJSON(status), mailboxes: folders[status.source],
                            lease: holders[status.source])))
            }
            return
        }
        print(
            [Output.cell("SOURCE", width: 16), Output.cell("KIND", width: 8), Output.cell("LAST SUCCESS", width: 20),
             Output.cell("ERRORS", width: 6), Output.cell("NEXT POLL", width: 20), Output.cell("ITEMS", width: 8),
             Output.cell("POLLED BY", width: 16), Output.cell("LAST ERROR / NOTES", width: 60)]
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
                 Output.cell(status.kind == "webhook" ? "any" : holders[status.source]?.owner, width: 16),
                 Output.cell(notes.isEmpty ? nil : notes.joined(separator: "; "), width: 60)]
                    .joined(separator: " "))
            for folder in folders[status.source] ?? [] {
                print("  " + Self.describe(folder))
            }
        }
    }

    /// One line per mailbox folder: its position, last success and last error.
    static func describe(_ folder: MailState.Folder) -> String {
        var parts: [String] = []
        if let validity = folder.uidValidity {
            parts.append("uidvalidity \(validity), through uid \(folder.lastUID)")
        } else {
            parts.append("not read yet")
        }
        if let messages = folder.messages { parts.append("\(messages) messages on the server") }
        if folder.actedThroughUID < folder.lastUID { parts.append("after-commit action pending from uid \(folder.actedThroughUID + 1)") }
        parts.append("last success \(folder.lastSuccessAt.map(RFC3339.string) ?? "never")")
        if let error = folder.lastError {
            parts.append("last error \(folder.lastErrorAt.map(RFC3339.string) ?? "?"): \(error)")
        }
        if folder.uidValidityChanges > 0 { parts.append("renumbered \(folder.uidValidityChanges)x") }
        return "folder \(folder.name): " + parts.joined(separator: ", ")
    }
}

/// A source's line of `hark sources --json`: the status, each mailbox folder of a mail source, and
/// the instance polling it (`polled_by`, with `lease_expires_at`) while one holds its lease.
struct SourceLineJSON: Encodable {
    let status: SourceStatusJSON
    let mailboxes: [MailState.Folder]?
    let lease: LeaseRecord?

    private struct FolderJSON: Encodable {
        let folder: MailState.Folder

        enum Keys: String, CodingKey {
            case name, uidValidity = "uidvalidity", lastUID = "last_uid", messages, lastSuccessAt = "last_success_at"
            case lastError = "last_error", lastErrorAt = "last_error_at", uidValidityChanges = "uidvalidity_changes"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(folder.name, forKey: .name)
            try container.encode(folder.uidValidity, forKey: .uidValidity)
            try container.encode(folder.lastUID, forKey: .lastUID)
            try container.encode(folder.messages, forKey: .messages)
            try container.encode(folder.lastSuccessAt.map(RFC3339.string), forKey: .lastSuccessAt)
            try container.encode(folder.lastError, forKey: .lastError)
            try container.encode(folder.lastErrorAt.map(RFC3339.string), forKey: .lastErrorAt)
            try container.encode(folder.uidValidityChanges, forKey: .uidValidityChanges)
        }
    }

    private enum Keys: String, CodingKey {
        case mailboxes, polledBy = "polled_by", leaseExpiresAt = "lease_expires_at"
    }

    func encode(to encoder: any Encoder) throws {
        try status.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        if let mailboxes {
            try container.encode(mailboxes.map(FolderJSON.init), forKey: .mailboxes)
        }
        if let lease {
            try container.encode(lease.owner, forKey: .polledBy)
            try container.encode(RFC3339.string(lease.expiresAt), forKey: .leaseExpiresAt)
        }
    }
}
