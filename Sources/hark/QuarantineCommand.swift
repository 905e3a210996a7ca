import ArgumentParser
import Foundation
import HarkCore
import HarkDaemon
import HarkStore

struct Quarantine: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantine", abstract: "Inspect quarantined input and re-process it.",
        subcommands: [List.self, Show.self, Retry.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List quarantine records, newest first.")
        @OptionGroup var options: ConfigOption
        @Option(help: "Only this source.") var source: String?
        @Option(help: "How many.") var limit = 100

        func run() async throws {
            let commands = try await StoreCommands.open(configPath: options.path)
            let records = try await commands.store.quarantined(
                QuarantineQuery(source: source.flatMap(SourceID.init), limit: limit))
            for record in records {
                print(
                    "\(record.id)  \(record.source)  \(record.status.rawValue)  \(record.reason)  \(record.raw.bytes.count) bytes"
                )
            }
            if records.isEmpty { print("no quarantine records") }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show one record; --raw writes its bytes.")
        @OptionGroup var options: ConfigOption
        @Argument var id: String
        @Flag(help: "Write the raw bytes to standard output instead of the summary.") var raw = false

        func run() async throws {
            let commands = try await StoreCommands.open(configPath: options.path)
            guard let record = try await commands.store.quarantineRecord(id) else {
                throw HarkError(.notFound, "no quarantine record \(id)")
            }
            if raw {
                FileHandle.standardOutput.write(record.raw.bytes)
                return
            }
            print("id:           \(record.id)")
            print("source:       \(record.source) (\(record.channel.rawValue))")
            print("received:     \(record.receivedAt)")
            print("status:       \(record.status.rawValue)")
            print("reason:       \(record.reason)")
            print("detail:       \(TextCleanup.escapedForLog(record.detail))")
            print("content type: \(record.raw.contentType ?? "-")")
            print("size:         \(record.raw.bytes.count) bytes, sha256 \(record.bodyDigest)")
            for (key, value) in record.metadata.sorted(by: { $0.key < $1.key }) {
                print("\(key): \(TextCleanup.escapedForLog(value))")
            }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry",
            abstract: "Re-process one record, or every open one, with the current parser and mapping.")
        @OptionGroup var options: ConfigOption
        @Argument var id: String?

        func run() async throws {
            let commands = try await StoreCommands.open(configPath: options.path)
            var records: [QuarantineRecord] = []
            if let id {
                guard let record = try await commands.store.quarantineRecord(id) else {
                    throw HarkError(.notFound, "no quarantine record \(id)")
                }
                records = [record]
            } else {
                records = try await commands.store.quarantined(QuarantineQuery(status: .open, limit: 1000))
            }
            var resolved = 0
            for record in records {
                switch try await commands.retryQuarantine(record, now: Date()) {
                case .resolved(let receipt):
                    resolved += 1
                    print("\(record.id): stored as mention \(receipt.mentionID?.rawValue ?? "-")")
                case .stillUnparsable(let reason): print("\(record.id): still unparsable (\(reason))")
                case .notRetryable(let why): print("\(record.id): not retried: \(why)")
                }
            }
            print("\(resolved) of \(records.count) resolved")
        }
    }
}
