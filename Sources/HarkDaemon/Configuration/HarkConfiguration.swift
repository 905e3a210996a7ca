import Foundation
import HarkCore
import HarkCurl
import HarkFeeds
import HarkServer
import HarkStorePostgres
import HarkStoreSQLite
import HarkWebhooks

/// The whole configuration of a Hark daemon, as read from `hark.yaml` (spec/interface.md).
public struct HarkConfiguration: Sendable {
    public struct Server: Sendable {
        /// The API, the page, health and metrics (and webhooks unless `hooksListen` is set).
        public var listen = ListenAddress("127.0.0.1:8080")!
        /// A separate listener for webhooks only, for the public side.
        public var hooksListen: ListenAddress?
        /// Close a connection after this long without traffic.
        public var idleTimeout: Duration = .seconds(60)
        /// A request head must arrive completely within this (slowloris protection).
        public var headerTimeout: Duration = .seconds(10)
        /// Mark the web page's cookies `Secure` (the page is served over HTTPS by a proxy).
        public var secureCookies = false
    }

    public struct Storage: Sendable {
        public var sqlitePath = "/var/lib/hark/hark.sqlite"
        public var synchronous: SQLiteInboxStore.Synchronous = .full
        /// Raw input is deleted after this many days (personal data is kept no longer than needed).
        public var rawRetentionDays = 30
        /// Refuse input below this much free disk space (or 5% of the volume, whichever is smaller).
        public var diskReserveMiB = 512
        /// The shared PostgreSQL store, used instead of SQLite when set.
        public var postgres: Postgres?
        /// This instance's name in leases (`storage.postgres.instance`; the host name by default).
        public var instance = ProcessInfo.processInfo.hostName
        /// How long a lease on a polled source or a shared job lasts without renewal.
        public var lease: Duration = .seconds(30)
    }

    /// `storage.postgres`: where the shared store is.
    public struct Postgres: Sendable {
        public var url: String
        public var password: SecretReference?
        public var tls: PostgresStoreConfiguration.TLSMode?
        public var poolSize = 8
    }

    public struct Token: Sendable {
        public var name: String
        public var role: APIRole
        public var brands: [String]?
        public var secret: SecretReference
    }

    public struct Brand: Sendable {
        public var name: String
        public var aliases: [String]
        public var exclude: [String]
    }

    public enum SourceKind: String, Sendable, CaseIterable {
        case webhook, imap, feed
    }

    public struct Source: Sendable {
        public var id: SourceID
        public var kind: SourceKind
        // webhook
        public var scheme: WebhookScheme = .standardWebhooks
        public var secrets: [SecretReference] = []
        public var signature = HMACHeaderOptions()
        public var deliveryHeader: String?
        public var mapping: PayloadMapping = .generic
        public var contentTypes: Set<String> = ["application/json"]
        public var tolerance: TimeInterval = 300
        // imap and feed (polled by later channels)
        public var url: String?
        public var username: String?
        public var password: SecretReference?
        public var interval: Duration?
        // feed
        public var minimumInterval: Duration?
        public var maximumInterval: Duration?
        public var identity: FeedItemIdentity.Policy = .auto
        // imap
        public var token: SecretReference?
        public var folders: [String] = []
        public var tls: MailTransportSecurity?
        public var caFile: String?
        public var markSeen = false
        public var moveTo: String?
        /// The automatic acknowledgement mail of an IMAP source (`nil`: none).
        public var acknowledge: Acknowledge?
    }

    /// `tls:` of an IMAP source.
    public enum MailTransportSecurity: String, Sendable, CaseIterable {
        /// TLS from the first byte (`imaps://`, port 993; the default for `imaps://`).
        case tls
        /// `STARTTLS` on a plain connection, which must succeed (the default for `imap://`).
        case starttls
        /// No TLS: credentials travel in clear. Refused unless the host is a loopback address.
        case none
    }

    public struct Limits: Sendable {
        public var server = ServerLimits()
        /// Most items in one group-commit transaction.
        public var groupCommitItems = 500
        /// Transfer limits of every feed fetch (sizes, redirects, timeouts).
        public var fetch = HTTPFetchLimits()
        /// Items processed per feed fetch at most.
        public var feedItems = 5_000
        /// The least time between two requests to one host (politeness).
        public var politenessGap: Duration = .seconds(2)
        /// The mail message size cap: a larger message is quarantined, never held (25 MiB).
        public var mailMessageBytes = 25 << 20
        /// Messages asked for in one `UID FETCH` and committed in one transaction.
        public var mailBatchMessages = 500
        /// The message bytes one `UID FETCH` may hold (bounds memory during a backfill).
        public var mailBatchBytes = 32 << 20
    }

    public var server = Server()
    public var storage = Storage()
    public var allowCIDRs: [String] = []
    public var tokens: [Token] = []
    public var brands: [Brand] = []
    /// Extra cue words, category keywords and lexicon files for the assessor.
    public var assessment = AssessmentSection()
    /// Service levels, follow-up and working hours (`workflow`).
    public var serviceLevels = ServiceLevelPolicy()
    /// Alerts, the helpdesk hand-off and delivery retries (`notifier`).
    public var notifier = Notifier()
    public var sources: [Source] = []
    public var limits = Limits()
    /// How many unhappy customers one complaint stands for in reach estimates
    /// (`recurrence.reach_multiplier`, default 26).
    public var reachMultiplier = 26.0
    /// `trace`, `debug`, `info`, `notice`, `warning`, `error`, `critical`.
    public var logLevel = "info"
    /// The directory relative secret files are looked up in (after `$CREDENTIALS_DIRECTORY`).
    public var directory = "."

    public init() {}

    /// The listener that serves webhooks.
    public var webhookListener: ListenAddress { server.hooksListen ?? server.listen }
}
