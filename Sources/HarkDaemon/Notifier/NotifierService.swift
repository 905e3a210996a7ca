import Foundation
import HarkCore
import HarkServer
import HarkStore
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// Delivers the outbox (issue 6): alerts, helpdesk hand-offs and acknowledgement mails, each at
/// least once and with a stable id, across restarts and crashes.
///
/// Messages are enqueued by others in their own transactions (the ingest commit, an API call) and
/// only leave the pending set when their receiver accepted them or the notifier gave up after the
/// configured attempts. The notifier wakes when told that something was enqueued, and every second
/// for retries that came due (on a store that counts its changes, a second in which nothing was
/// written and nothing came due is skipped without reading the store: see ``IdleGate``). Every
/// `sla_check_interval` it enqueues an alert for each mention that missed a deadline (once per
/// deadline, by the message id) and for each trend that spiked or rose (once per key and day or
/// week). A `kill -9` between a delivery and its
/// record sends the message again after the restart, with the same id.
final class NotifierService: Service, Sendable {
    /// What it delivers with, replaced as a whole on reload.
    struct Setup: Sendable {
        var composer: AlertComposer
        var acknowledgements: [SourceID: AcknowledgementComposer] = [:]
        var transports: [String: any OutboxTransport]
        var schedule: RetrySchedule
        var slaCheckInterval: Duration
        /// The zone trend alerts cut days in (the service levels'; UTC when none is configured).
        var timeZone: TimeZone

        /// The rules new mentions get their outbox messages by.
        var rules: NotifierRules { NotifierRules(composer: composer, acknowledgements: acknowledgements) }
    }

    /// Messages delivered in parallel at most.
    static let parallelDeliveries = 4
    /// Overdue mentions looked at per check, at most.
    static let overdueScanLimit = 2_000

    private let store: any InboxStore
    /// Trends for their alerts.
    let insight: any InsightReading
    private let clock: any WallClock
    private let logger: Logger
    private let setup: Mutex<Setup>
    private let tick: Duration
    private let wakeups: AsyncStream<Void>
    private let wakeup: AsyncStream<Void>.Continuation
    /// Set by ``wake()``: look at the outbox even when nothing seems to have changed.
    private let woken = Atomic<Bool>(false)
    /// Set when the rules gave a new mention messages; ``wakeIfEnqueued()`` turns it into a wake
    /// once that mention's transaction has committed.
    private let enqueuedByRules = Atomic<Bool>(false)
    /// Where deliveries and deadline checks are noted, so that the memory trim follows them.
    private let work: WorkMeter?
    private let pendingGauge = Gauge(label: "hark_outbox_pending")
    /// Whether this instance drains the outbox now: of several instances sharing a store, the one
    /// holding the outbox lease does, so each message goes out once, not once per instance.
    private let isActive: @Sendable () -> Bool

    init(
        store: any InboxStore, insight: any InsightReading, clock: any WallClock, logger: Logger, setup: Setup,
        tick: Duration = .seconds(1), work: WorkMeter? = nil, isActive: @escaping @Sendable () -> Bool = { true }
    ) {
        self.isActive = isActive
        self.work = work
        self.store = store
        self.insight = insight
        self.clock = clock
        self.logger = logger
        self.setup = Mutex(setup)
        self.tick = tick
        (wakeups, wakeup) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// The rules new mentions are given their alerts by, from the current setup.
    var rules: NotifierRules { rules(from: setup.withLock { $0 }) }

    /// The rules new mentions are given their alerts by under `setup` (a reload's next setup), telling
    /// this notifier when they gave messages.
    func rules(from setup: Setup) -> NotifierRules {
        var rules = setup.rules
        rules.onMessages = { [self] in enqueuedByRules.store(true, ordering: .releasing) }
        return rules
    }

    /// Looks at the outbox soon: something was enqueued.
    func wake() {
        woken.store(true, ordering: .releasing)
        wakeup.yield()
    }

    /// Looks at the outbox soon if ``rules`` gave messages since the last call: called after each
    /// ingest commit that stored a mention, so that a commit without alerts costs no outbox read.
    /// Returns whether it woke the notifier.
    @discardableResult
    func wakeIfEnqueued() -> Bool {
        guard enqueuedByRules.exchange(false, ordering: .acquiringAndReleasing) else { return false }
        wake()
        return true
    }

    /// Uses `setup` from the next delivery on (a configuration reload).
    func replace(with setup: Setup) {
        self.setup.withLock { $0 = setup }
        wake()
    }

    func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                let tick = self.tick
                group.addTask { [wakeup] in
                    while !Task.isCancelled {
                        try? await Task.sleep(for: tick)
                        wakeup.yield()
                    }
                }
                var nextDeadlineCheck = Date.distantPast
                var gate = IdleGate(changes: { [store] in store.localChangeCount })
                // The earliest pending attempt, as of the last look that found nothing due.
                var nextDue: Date?
                for await _ in wakeups {
                    guard isActive() else { continue }
                    let now = clock.now()
                    // The outbox's own changes are not in the store's change count: what this loop
                    // enqueues itself is looked at in the same round.
                    var enqueued = false
                    if now >= nextDeadlineCheck {
                        let interval = setup.withLock { $0.slaCheckInterval }
                        nextDeadlineCheck = now.addingTimeInterval(Double(interval.components.seconds))
                        let missed = await enqueueMissedDeadlines(at: now)
                        let trending = await enqueueTrendAlerts(at: now)
                        enqueued = missed + trending > 0
                        await reportPending()
                        work?.note()
                    }
                    let (look, count) = gate.shouldLook()
                    let woken = woken.exchange(false, ordering: .acquiring)
                    guard woken || enqueued || look || nextDue.map({ now >= $0 }) == true else { continue }
                    if await deliverDue() > 0 { work?.note() }
                    // A store that cannot count its changes is looked at every second anyway.
                    guard count != nil else { continue }
                    do {
                        nextDue = try await store.nextOutboxAttempt()
                        // A message still due (a round cut short) is looked at again next time.
                        gate.looked(at: count, foundWork: nextDue.map { $0 <= clock.now() } ?? false)
                    } catch {
                        nextDue = nil
                        gate.looked(at: count, foundWork: true)
                    }
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.wakeup.finish()
        }
    }

    /// Delivers every message that is due, a few at a time, until none is; returns how many it tried.
    @discardableResult
    func deliverDue() async -> Int {
        let setup = self.setup.withLock { $0 }
        var rounds = 0
        var tried = 0
        while rounds < 1_000, !Task.isCancelled {
            rounds += 1
            let due: [OutboxMessage]
            do {
                due = try await store.dueOutboxMessages(at: clock.now(), limit: Self.parallelDeliveries * 4)
            } catch {
                logger.warning("cannot read the outbox", metadata: ["hark.error": "\(error)"])
                return tried
            }
            guard !due.isEmpty else { return tried }
            tried += due.count
            for start in stride(from: 0, to: due.count, by: Self.parallelDeliveries) {
                let slice = due[start..<min(start + Self.parallelDeliveries, due.count)]
                await withDiscardingTaskGroup { group in
                    for message in slice {
                        group.addTask { await self.deliver(message, with: setup) }
                    }
                }
            }
        }
        return tried
    }

    private func deliver(_ message: OutboxMessage, with setup: Setup) async {
        let outcome: DeliveryOutcome
        if let transport = setup.transports[message.target] {
            outcome = await transport.deliver(message, at: clock.now())
        } else {
            outcome = .retry("the target \(message.target) is not configured (any more)", after: nil)
        }
        let now = clock.now()
        let attempt = message.attempts + 1
        do {
            switch outcome {
            case .delivered:
                try await store.recordOutboxDelivery(
                    message.id, at: now, audit: [audit(message, outcome: "ok", detail: nil, at: now)])
                count(message, "delivered")
                logger.info(
                    "delivered", metadata: ["hark.message": "\(message.id)", "hark.target": "\(message.target)",
                    "hark.kind": "\(message.kind.rawValue)", "hark.attempt": "\(attempt)"])
            case .retry(let reason, let asked):
                let next = setup.schedule.next(after: attempt, of: message.id, at: now, receiverAsked: asked)
                try await store.recordOutboxFailure(
                    message.id, error: reason, retryAt: next, at: now,
                    audit: next == nil ? [audit(message, outcome: "failed", detail: reason, at: now)] : [])
                count(message, next == nil ? "failed" : "retry")
                log(message, reason: reason, attempt: attempt, next: next)
            case .refused(let reason):
                try await store.recordOutboxFailure(
                    message.id, error: reason, retryAt: nil, at: now,
                    audit: [audit(message, outcome: "failed", detail: reason, at: now)])
                count(message, "failed")
                log(message, reason: reason, attempt: attempt, next: nil)
            }
        } catch {
            // Not recorded: the message stays due and is sent again (with the same id).
            logger.warning(
                "cannot record a delivery", metadata: ["hark.message": "\(message.id)", "hark.error": "\(error)"])
        }
    }

    /// Enqueues an alert for every mention that missed a deadline (once per deadline); returns how
    /// many were new.
    @discardableResult
    func enqueueMissedDeadlines(at now: Date) async -> Int {
        let composer = setup.withLock { $0.composer }
        guard composer.hears(.slaBreach) else { return 0 }
        var query = MentionQuery(limit: MentionQuery.maximumLimit)
        query.overdueAt = now
        var messages: [OutboxMessage] = []
        var seen = 0
        do {
            while seen < Self.overdueScanLimit {
                let page = try await store.mentions(query)
                seen += page.items.count
                messages += page.items.flatMap { composer.slaBreach($0, at: now) }
                guard let next = page.nextCursor else { break }
                query.after = next
            }
            guard !messages.isEmpty else { return 0 }
            let added = try await store.enqueue(messages, audit: [])
            if !added.isEmpty { logger.notice("deadlines missed", metadata: ["hark.alerts": "\(added.count)"]) }
            return added.count
        } catch {
            logger.warning("cannot check deadlines", metadata: ["hark.error": "\(error)"])
            return 0
        }
    }

    /// Enqueues an alert for each trend that spiked or rose, for the targets that hear trends;
    /// returns how many were new.
    @discardableResult
    func enqueueTrendAlerts(at now: Date) async -> Int {
        let (composer, zone) = setup.withLock { ($0.composer, $0.timeZone) }
        let scopes = composer.trendScopes
        guard !scopes.isEmpty else { return 0 }
        let offset = zone.secondsFromGMT(for: now)
        let days = 28
        let (_, today) = InsightDays.range(days, endingAt: now, utcOffset: offset)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd"
        let day = formatter.string(from: now)
        var messages: [OutboxMessage] = []
        do {
            for scope in scopes {
                var trends: [AlertComposer.Trend] = []
                for dimension in TrendDimension.allCases {
                    let series = try await insight.trends(
                        by: dimension, days: days, now: now, utcOffset: offset, brandScope: scope, limit: 50)
                    trends += series.filter { $0.verdict != .flat }.map {
                        AlertComposer.Trend(dimension: dimension, series: $0, day: day, dayNumber: today)
                    }
                }
                messages += composer.trendAlerts(trends, scope: scope, at: now)
            }
            guard !messages.isEmpty else { return 0 }
            let added = try await store.enqueue(messages, audit: [])
            if !added.isEmpty { logger.notice("complaints trending", metadata: ["hark.alerts": "\(added.count)"]) }
            return added.count
        } catch {
            logger.warning("cannot check trends", metadata: ["hark.error": "\(error)"])
            return 0
        }
    }

    private func reportPending() async {
        if let counts = try? await store.outboxCounts() { pendingGauge.record(counts.pending) }
    }

    private func audit(_ message: OutboxMessage, outcome: String, detail: String?, at now: Date) -> AuditEvent {
        AuditEvent(
            at: now, actor: "notifier", role: "system", action: "notify.\(message.kind.rawValue)",
            object: message.mentionID?.rawValue ?? "outbox:\(message.id)",
            after: ["\(message.target) \(message.id)", detail].compactMap { $0 }.joined(separator: ": "),
            outcome: outcome)
    }

    private func count(_ message: OutboxMessage, _ outcome: String) {
        Counter(
            label: "hark_notifier_deliveries_total",
            dimensions: [("target", message.target), ("kind", message.kind.rawValue), ("outcome", outcome)]
        ).increment()
    }

    private func log(_ message: OutboxMessage, reason: String, attempt: Int, next: Date?) {
        var metadata: Logger.Metadata = [
            "hark.message": "\(message.id)", "hark.target": "\(message.target)", "hark.attempt": "\(attempt)",
            "hark.error": "\(reason)",
        ]
        if let next {
            metadata["hark.retry_at"] = "\(RFC3339.string(next))"
            logger.warning("delivery failed; will retry", metadata: metadata)
        } else {
            logger.error("delivery failed; giving up", metadata: metadata)
        }
    }
}

extension NotifierService: HelpdeskHandoff {
    func handoffMessage(for mention: Mention, by actor: ChangeActor, note: String?, at now: Date) throws -> OutboxMessage? {
        let setup = self.setup.withLock { $0 }
        guard setup.transports[AlertComposer.helpdeskTarget] != nil else { return nil }
        return try setup.composer.handoff(mention, by: actor, note: note, at: now)
    }

    func enqueued() {
        wake()
    }

    var isConfigured: Bool {
        setup.withLock { $0.transports[AlertComposer.helpdeskTarget] != nil }
    }
}
