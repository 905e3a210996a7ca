import ArgumentParser
import Foundation
import HarkCore
import HarkDaemon
import HarkMail
import Logging
import Synchronization

/// `hark poll SOURCE [--dry-run]`: poll one source once.
struct Poll: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
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
        let outcome = try await commands.poll(id, dryRun: dryRun, logger: logger, progress: { meter.update($0) })
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

/// The progress of a mail sync on stderr: a bar redrawn in place on a terminal, otherwise a plain
/// line at every tenth of a folder (so that a log is not flooded).
final class ProgressMeter: Sendable {
    private struct State {
        var folder = ""
        var lastTenth = -1
        var drawn = false
    }

    private let terminal: Bool
    private let state = Mutex(State())

    init(terminal: Bool) {
        self.terminal = terminal
    }

    func update(_ progress: MailPoller.Progress) {
        guard progress.total > 0 else { return }
        let line: String? = state.withLock { state in
            if state.folder != progress.folder {
                state.folder = progress.folder
                state.lastTenth = -1
                if state.drawn && terminal { FileHandle.standardError.write(Data("\n".utf8)) }
            }
            let fraction = Double(progress.done) / Double(progress.total)
            if terminal {
                let width = 30
                let filled = min(width, Int(fraction * Double(width)))
                state.drawn = true
                return "\r\(progress.folder) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] "
                    + "\(progress.done)/\(progress.total)"
            }
            let tenth = min(10, Int(fraction * 10))
            guard tenth > state.lastTenth else { return nil }
            state.lastTenth = tenth
            return "\(progress.folder): \(progress.done)/\(progress.total) messages\n"
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    func finish() {
        let drawn = state.withLock { $0.drawn }
        if drawn && terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
