import Foundation
import HarkCore
import HarkStore
import Logging
import ServiceLifecycle
import Synchronization

/// Holds this instance's leases in the store, so that of several instances sharing one store
/// each polled source is polled by one at a time, and the shared jobs (the notifier's outbox,
/// recurrence) run on one.
///
/// A lease lasts ``duration``; the holder renews it every third of that. An instance that dies
/// stops renewing, and another takes the lease within ``duration`` plus one claim interval (a
/// sixth of it). The holder also counts the lease as lost on its own clock when it could not
/// renew in time (a network split), before another instance can have taken it.
final class LeaseKeeper: Service, Sendable {
    /// The jobs one instance does for all.
    enum Job: String, CaseIterable, Sendable {
        case outbox, recurrence
        var leaseName: String { LeaseName.job(rawValue) }
    }

    let store: any LeaseStore
    /// This instance's name in the leases (`storage.postgres.instance`, else the host name).
    let owner: String
    let duration: Duration
    private let clock: any WallClock
    let logger: Logger
    /// Leases held, with when this instance stops counting on them (its own clock).
    private let held = Mutex<[String: Date]>([:])
    /// Where each claim (a write to the store) is noted, so that the memory trim follows it.
    let work: WorkMeter?

    init(
        store: any LeaseStore, owner: String, duration: Duration, clock: any WallClock, logger: Logger,
        work: WorkMeter? = nil
    ) {
        self.store = store
        self.owner = owner
        self.duration = duration
        self.clock = clock
        self.logger = logger
        self.work = work
    }

    /// How often a lease is renewed.
    var renewInterval: Duration { duration / 3 }
    /// How often an instance without a lease tries to take it.
    var claimInterval: Duration { duration / 6 }

    /// Whether this instance holds `name` now.
    func holds(_ name: String) -> Bool {
        guard let until = held.withLock({ $0[name] }) else { return false }
        return until > clock.now()
    }

    /// Whether this instance does `job` now.
    func does(_ job: Job) -> Bool { holds(job.leaseName) }

    /// Takes or renews `name`; returns whether this instance holds it afterwards. A store error
    /// keeps what was held until it runs out on this instance's clock.
    @discardableResult
    func claim(_ name: String) async -> Bool {
        let now = clock.now()
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        do {
            let lease = try await store.claimLease(name, owner: owner, until: now.addingTimeInterval(seconds), at: now)
            work?.note()
            let mine = lease.isHeld(by: owner, at: now)
            let was = holds(name)
            // Counted on until a little before it lapses in the store: the margin covers the
            // claim's own round trip.
            held.withLock { $0[name] = mine ? now.addingTimeInterval(seconds * 0.9) : nil }
            if mine != was {
                logger.notice(
                    mine ? "lease taken" : "lease held by another instance",
                    metadata: ["hark.lease": "\(name)", "hark.holder": "\(lease.owner)"])
            }
            return mine
        } catch {
            logger.warning("cannot claim a lease", metadata: ["hark.lease": "\(name)", "hark.error": "\(error)"])
            return holds(name)
        }
    }

    /// Gives `name` up (on a clean stop), so another instance need not wait for it to lapse.
    func release(_ name: String) async {
        guard held.withLock({ $0.removeValue(forKey: name) }) != nil else { return }
        // Not cancelled with the caller: the release is the last thing a stopping poller does.
        let (store, owner) = (store, owner)
        await Task { try? await store.releaseLease(name, owner: owner) }.value
    }

    /// Keeps the jobs' leases: renews those held, tries to take the others; releases them on
    /// graceful shutdown.
    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                for job in Job.allCases { await self.claim(job.leaseName) }
                let interval = Job.allCases.allSatisfy { self.does($0) } ? self.renewInterval : self.claimInterval
                try? await Task.sleep(for: interval)
            }
        }
        for job in Job.allCases { await release(job.leaseName) }
    }
}

/// A polled source that polls only while this instance holds its lease: it waits for the lease,
/// polls while renewing it, and stops polling the moment the lease is lost.
struct LeasedSource: PolledSource {
    let inner: any PolledSource
    let keeper: LeaseKeeper

    var id: SourceID { inner.id }

    func pollUntilCancelled() async {
        let name = LeaseName.source(id)
        while !Task.isCancelled {
            guard await keeper.claim(name) else {
                try? await Task.sleep(for: keeper.claimInterval)
                continue
            }
            keeper.logger.notice("polling source", metadata: ["hark.source": "\(id)", "hark.instance": "\(keeper.owner)"])
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await inner.pollUntilCancelled() }
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: keeper.renewInterval)
                        guard !Task.isCancelled, await keeper.claim(name) else { return }
                    }
                }
                // Either the lease was lost (stop polling) or the poll ended (cancelled).
                _ = await group.next()
                group.cancelAll()
            }
            keeper.logger.notice("stopped polling source", metadata: ["hark.source": "\(id)"])
        }
        await keeper.release(name)
    }
}
