import ArgumentParser
import Foundation
import HarkCore
import HarkDaemon
import HarkMail
import Logging

/// `hark poll SOURCE [--dry-run]`: poll one source once.
struct Poll: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poll",
        abstract: "Poll one feed or mail source once; --dry-run prints the drafts as JSON Lines and stores nothing.",
        discussion: """
            A mail source reads every configured folder from its committed position; a first sync of
            a large mailbox shows a progress bar on a terminal (plain progress lines otherwise).
            """)

    @OptionGroup var options: ConfigOption
    @Argument(help: "The source id.") var source: String
    @Flag(help: "Print the drafts as JSON Lines; store nothing, save no validators.") var dryRun = false

    func run() async throws {
        guard let id = SourceID(source) else { throw ValidationError("not a source id: \(source)") }
        let commands = try await StoreCommands.open(configPath: options.path)
        var logger = Logger(label: "hark")
        logger.logLevel = .warning
        let meter = ProgressMeter(terminal: isatty(STDERR_FILENO) == 1)
        let outcome = try await commands.poll(id, dryRun: dryRun, logger: logger, progress: { progress in
            meter.update(
                scope: progress.folder, done: progress.done, total: progress.total,
                text: "\(progress.folder): \(progress.done)/\(progress.total) messages")
        })
        meter.finish()
        if dryRun {
            for draft in outcome.drafts { print(Output.jsonLine(DraftJSON(draft))) }
        }
        var line = "\(id): \(outcome.result)"
        if let message = outcome.message { line += " (\(message))" }
        if dryRun {
            line += ", \(outcome.drafts.count) items (dry run: nothing stored)"
        } else {
            line += ", \(outcome.ingested ?? outcome.drafts.count) new or edited items"
        }
        if let status = outcome.status, let next = status.nextPollAt { line += ", next poll \(RFC3339.string(next))" }
        FileHandle.standardError.write(Data((line + "\n").utf8))
        if outcome.result != "ok" && outcome.result != "not_modified" { throw ExitCode(1) }
    }
}

/// A draft as `hark poll --dry-run` prints it.
struct DraftJSON: Encodable {
    let draft: MentionDraft

    init(_ draft: MentionDraft) {
        self.draft = draft
    }

    private enum Keys: String, CodingKey {
        case source, channel, externalID = "external_id", publishedAt = "published_at", author, title, text, link
        case flags, deliveryKey = "delivery_key", mentionKey = "mention_key"
    }

    private struct AuthorJSON: Encodable {
        var name: String?
        var address: String?
        var handle: String?
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(draft.source.rawValue, forKey: .source)
        try container.encode(draft.channel.rawValue, forKey: .channel)
        try container.encode(draft.externalID, forKey: .externalID)
        try container.encode(draft.publishedAt.map(RFC3339.string), forKey: .publishedAt)
        try container.encode(
            AuthorJSON(name: draft.author.name, address: draft.author.address, handle: draft.author.handle), forKey: .author)
        try container.encode(draft.title, forKey: .title)
        try container.encode(draft.text, forKey: .text)
        try container.encode(draft.link, forKey: .link)
        try container.encode(draft.flags, forKey: .flags)
        try container.encode(draft.deliveryKey.digest, forKey: .deliveryKey)
        try container.encode(draft.mentionKey.digest, forKey: .mentionKey)
    }
}
