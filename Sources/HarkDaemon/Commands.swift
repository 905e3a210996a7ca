import Foundation
import HarkCore
import HarkStore
import HarkStoreSQLite
import HarkWebhooks
import Logging

/// What the commands other than `serve` do with the store of a configuration. They open the store
/// directly: SQLite in WAL mode lets them run beside a running daemon, PostgreSQL beside several.
public struct StoreCommands: Sendable {
    public let configuration: HarkConfiguration
    let opened: OpenedStore

    /// The store of the configuration.
    public var store: any InboxStore { opened.store }

    /// Opens the store of the configuration at `configPath`.
    public static func open(configPath: String) async throws -> StoreCommands {
        let configuration = try HarkConfiguration.load(path: configPath)
        let logger = Logger(label: "hark.command")
        return StoreCommands(configuration: configuration, opened: try await OpenedStore.open(configuration, logger: logger))
    }

    /// `hark backup PATH`: a consistent online copy of the SQLite store.
    public func backup(to path: String) throws {
        guard let sqlite = opened.sqlite else {
            throw HarkError(
                .invalidInput, "hark backup copies the SQLite store; back PostgreSQL up with pg_dump or its own tools")
        }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw HarkError(.invalidInput, "\(path) exists already; choose a new file")
        }
        try sqlite.backup(to: path)
    }

    /// `PRAGMA integrity_check` on SQLite; on PostgreSQL, whether the store can be read (its
    /// constraints hold by construction).
    public func integrityCheck() async throws -> [String] {
        if let sqlite = opened.sqlite { return try sqlite.integrityCheck() }
        try await store.checkReadable()
        return ["ok"]
    }

    /// The outcome of retrying one quarantine record.
    public enum RetryOutcome: Sendable, Hashable {
        case resolved(IngestReceipt)
        case stillUnparsable(String)
        case notRetryable(String)
    }

    /// `hark quarantine retry`: runs the input through the current mapping again; what now parses
    /// becomes a mention (by the usual dedup rules) and the record is marked retried.
    public func retryQuarantine(_ record: QuarantineRecord, now: Date) async throws -> RetryOutcome {
        guard record.status == .open else { return .notRetryable("already retried") }
        guard record.reason != "delivery_conflict" else {
            return .notRetryable("a delivery-id conflict is kept for people to look at, not re-processed")
        }
        if record.channel == .feed {
            return .notRetryable("a feed document is fetched again at every poll; a fixed parser picks it up then")
        }
        guard record.channel == .webhook else { return .notRetryable("channel \(record.channel.rawValue) has no retry yet") }
        guard let source = configuration.sources.first(where: { $0.id == record.source && $0.kind == .webhook }) else {
            return .notRetryable("source \(record.source) is no longer configured")
        }
        var headers = WebhookHeaders([])
        if let event = record.metadata["x-github-event"] { headers.add("X-GitHub-Event", event) }
        if let event = record.metadata["x-discourse-event"] { headers.add("X-Discourse-Event", event) }
        let key = WebhookPayloadMapper.deliveryKey(
            source: record.source, deliveryID: record.metadata["delivery_id"], body: record.raw.bytes
        ).key
        let mapper = WebhookPayloadMapper(mapping: source.mapping)
        switch mapper.map(
            body: record.raw.bytes, headers: headers, source: record.source, deliveryKey: key,
            contentType: record.raw.contentType)
        {
        case .draft(let draft):
            return .resolved(try await store.resolveQuarantine(record.id, with: draft, assessment: nil, at: now))
        case .ignored(let why):
            return .notRetryable("the mapping ignores this input: \(why)")
        case .unparsable(let reason, _):
            return .stillUnparsable(reason)
        }
    }
}
