import Foundation
import HarkCore
import HarkCurl
import HarkFeeds
import HarkMail
import HarkServer
import HarkStore
import HarkRecurrence
import HarkStoreSQLite
import HarkWebhooks
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// `hark serve`: wires the store, the ingestor, the HTTP listeners and systemd into one
/// `ServiceGroup` that shuts down in order on SIGTERM (stop accepting, finish requests, commit, close).
public struct Daemon {
    public var configPath: String
    public var logger: Logger
    /// Prometheus text of all metrics; the executable owns the metrics backend.
    public var renderMetrics: @Sendable () -> String

    public init(configPath: String, logger: Logger, renderMetrics: @escaping @Sendable () -> String) {
        self.configPath = configPath
        self.logger = logger
        self.renderMetrics = renderMetrics
    }

    public func run() async throws {
        MemoryTuning.apply()
        let config = try HarkConfiguration.load(path: configPath)
        var logger = self.logger
        logger.logLevel = Logger.Level(rawValue: config.logLevel) ?? .info
        let settings = SettingsHolder(try config.serverSettings(configPath: configPath))
        let opened = try await OpenedStore.open(config, logger: logger)
        let store = opened.store
        let clock = SystemWallClock()
        // Leases: with several instances on one PostgreSQL store, each source is polled by one
        // of them and the shared jobs run on one; on SQLite this instance holds them all.
        // Background rounds of work and lease claims, counted so that the memory trim follows them:
        // one count per kind, so that the end of one (a search-index catch-up) is seen while another
        // (recurrence) goes on.
        let work = WorkMeter()
        let indexing = WorkMeter()
        let recurrence = WorkMeter()
        let leases = LeaseKeeper(
            store: store, owner: config.storage.instance, duration: config.storage.lease, clock: clock, logger: logger,
            work: work)
        let ingestor = Ingestor(
            store: store, clock: clock, logger: logger, maximumBatchItems: config.limits.groupCommitItems)
        let insight = RecurrenceInsight(store: store)
        let notifier = NotifierService(
            store: store, insight: insight, clock: clock, logger: logger, setup: try config.notifierSetup(configPath: configPath),
            work: work, isActive: { leases.does(.outbox) })
        ingestor.useAssessment(try MentionAssessment.make(config, outboxRules: notifier.rules))
        ingestor.onStored { notifier.wakeIfEnqueued() }
        for source in config.sources where source.kind == .webhook && source.scheme == .none {
            logger.warning(
                "webhook source accepts unsigned requests (scheme none); served on loopback only",
                metadata: ["hark.source": "\(source.id)", "hark.listen": "\(config.webhookListener)"])
        }
        let feeds = try FeedChannel(config)
        if !config.allowCIDRs.isEmpty {
            logger.notice(
                "feeds and mail may reach these private or loopback addresses (network.allow_cidrs)",
                metadata: ["hark.allow": "\(config.allowCIDRs.joined(separator: ", "))"])
            try? await store.appendAudit(
                AuditEvent(
                    at: clock.now(), actor: "config", action: "network.allow_cidrs", object: "network",
                    after: config.allowCIDRs.joined(separator: ","), outcome: "allowed"))
        }
        let ledger = StoreSourceLedger(store: store)
        let sourceLogger = logger
        let configPath = self.configPath
        // The polled sources of a configuration: feeds, and mailboxes (whose secrets are read here,
        // so that a reload with an unreadable password is refused as a whole).
        let polledSources = { @Sendable (config: HarkConfiguration) throws(ConfigurationError) -> [any PolledSource] in
            let feedSources: [any PolledSource] = config.sources.compactMap { source in
                feeds.poller(source, limits: config.limits, sink: ingestor, ledger: ledger, clock: clock, logger: sourceLogger)
                    .map(FeedSource.init)
            }
            let mailSources: [any PolledSource] = try config.mailSettings(configPath: configPath).map { settings in
                MailSource(
                    poller: MailPoller(settings: settings, sink: ingestor, clock: clock, logger: sourceLogger),
                    ledger: ledger)
            }
            return (feedSources + mailSources).map { LeasedSource(inner: $0, keeper: leases) }
        }
        let scheduler = SourceScheduler(sources: try polledSources(config), logger: logger)
        let listeners = config.server.hooksListen == nil ? 1 : 2
        let systemd = SystemdService(
            notifier: SystemdNotifier(), listeners: listeners, logger: logger,
            isAlive: { (try? await store.checkReadable()) != nil })
        let router = HarkRouter(
            .init(
                settings: settings, sink: ingestor, store: store, clock: clock, renderMetrics: renderMetrics,
                isReady: {
                    guard ingestor.isHealthy else { return false }
                    return (try? await store.checkReadable()) != nil
                }, insight: insight, helpdesk: notifier))
        // The PostgreSQL pool stops last (services stop in reverse order), after everything using it.
        var services: [any Service] = opened.postgres.map { [$0] } ?? []
        services += [
            leases,
            ingestor,
            RetentionService(store: store, clock: clock, days: config.storage.rawRetentionDays, logger: logger),
            MemoryTrimService(
                activities: [{ ingestor.commitCount }, { indexing.count }, { recurrence.count }, { work.count }],
                releaseCaches: { await store.releaseMemory() }),
            SearchIndexer(store: store, logger: logger, work: indexing, ingestBusy: { ingestor.isBusy }),
            RecurrenceService(
                store: store, clock: clock, logger: logger, work: recurrence, ingestBusy: { ingestor.isBusy },
                isActive: { leases.does(.recurrence) }),
            notifier,
            ReloadService(
                configPath: configPath, settings: settings, logger: logger,
                prepareReload: { config throws(ConfigurationError) in
                    let next = try polledSources(config)
                    let alerts = try config.notifierSetup(configPath: configPath)
                    let assess: MentionAssessment.Assess
                    do throws(HarkError) {
                        assess = try MentionAssessment.make(config, outboxRules: notifier.rules(from: alerts))
                    } catch {
                        throw ConfigurationError(path: configPath, problems: ["assessment: \(error.message)"])
                    }
                    return {
                        scheduler.replace(with: next)
                        notifier.replace(with: alerts)
                        ingestor.useAssessment(assess)
                    }
                }),
            // Polled sources stop before the ingestor (services stop in reverse order), so their
            // last commit is still taken.
            scheduler,
        ]
        services.append(
            Self.application(
                router.apiRouter(includeWebhooks: config.server.hooksListen == nil), at: config.server.listen,
                idleTimeout: config.server.idleTimeout, headerTimeout: config.server.headerTimeout, bodyTimeout: config.limits.server.bodyTimeout, logger: logger,
                onRunning: systemd.listenerStarted))
        if let hooks = config.server.hooksListen {
            services.append(
                Self.application(
                    router.hooksRouter(), at: hooks, idleTimeout: config.server.idleTimeout,
                    headerTimeout: config.server.headerTimeout, bodyTimeout: config.limits.server.bodyTimeout, logger: logger,
                    onRunning: systemd.listenerStarted))
        }
        // Services stop in reverse order: systemd hears STOPPING=1 first, then the listeners stop
        // (in-flight requests finish), then the ingestor commits what is queued.
        services.append(systemd)
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        var metadata: Logger.Metadata = [
            "hark.listen": "\(config.server.listen)", "hark.store": "\(opened.kind)",
            "hark.instance": "\(config.storage.instance)",
        ]
        // libcurl is opened at the first transfer; feed and mail sources need it, so a start
        // without it fails here, once, rather than at every poll.
        if config.sources.contains(where: { $0.kind != .webhook }) {
            do {
                metadata["hark.libcurl"] = "\(try loadLibcurl())"
            } catch {
                logger.critical("cannot start: feed and mail sources need libcurl", metadata: ["hark.error": "\(error)"])
                opened.close()
                throw error
            }
        }
        logger.info("starting", metadata: metadata)
        try await group.run()
        opened.close()
        logger.info("stopped")
    }

    static func storeConfiguration(_ config: HarkConfiguration, readonly: Bool = false) -> SQLiteInboxStore.Configuration {
        SQLiteInboxStore.Configuration(
            path: config.storage.sqlitePath, synchronous: config.storage.synchronous,
            diskReserveBytes: UInt64(config.storage.diskReserveMiB) * 1_048_576, readonly: readonly)
    }

    static func application(
        _ router: Router<HarkRequestContext>, at address: ListenAddress, idleTimeout: Duration, headerTimeout: Duration,
        bodyTimeout: Duration, logger: Logger,
        onRunning: @escaping @Sendable () -> Void
    ) -> some Service {
        let decoder = HTTP1Channel.Configuration.DecoderConfiguration(
            maxHeaderFieldSize: 8 * 1024, maxHeaderListSize: 64 * 1024, maxHeaderFieldCount: 100)
        return Application(
            router: router,
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [
                        ConnectionTimeoutHandler(
                            .init(
                                header: TimeAmount(headerTimeout), body: TimeAmount(bodyTimeout),
                                keepAlive: TimeAmount(idleTimeout)))
                    ],
                    idleTimeout: TimeAmount(idleTimeout), httpDecoderConfiguration: decoder)),
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: "hark"),
            onServerRunning: { channel in
                logger.info(
                    "listening", metadata: ["hark.address": "\(channel.localAddress.map { "\($0)" } ?? "?")"])
                onRunning()
            },
            logger: logger)
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
