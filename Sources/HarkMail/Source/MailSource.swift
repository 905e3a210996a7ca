import Foundation
import HarkCore
import Logging
import ServiceLifecycle

/// One mail source as a long-running `Service`: one connection, kept open; every folder synced,
/// then a wait for news (`IDLE` on the first folder where the server has it, polling otherwise)
/// of at most the interval; reconnects with a backoff after errors, and never gives up.
public struct MailSource: Service, PolledSource {
    public let poller: MailPoller
    public let ledger: any SourceLedger

    public var id: SourceID { poller.settings.id }

    public init(poller: MailPoller, ledger: any SourceLedger) {
        self.poller = poller
        self.ledger = ledger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { await self.pollUntilCancelled() }
    }

    public func pollUntilCancelled() async {
        do {
            try await loop()
        } catch {
            // Only cancellation ends the loop: what was committed stays; nothing half-done is kept.
        }
    }

    private var settings: MailSourceSettings { poller.settings }
    private var logger: Logger { poller.logger }

    private func loop() async throws {
        var state = try await loadState()
        var streak = 0
        logger.info(
            "reading mailbox",
            metadata: [
                "hark.source": "\(settings.id)", "imap.server": "\(settings.connection.endpoint)",
                "mail.folders": "\(settings.folders.map(\.name))",
            ])
        while !Task.isCancelled {
            let connection: IMAPConnection
            do {
                connection = try await IMAPConnection.connect(settings.connection, logger: logger)
            } catch {
                if error.code == .cancelled { throw CancellationError() }
                streak += 1
                try await fail(code: error.code.rawValue, message: error.message, streak: streak)
                continue
            }
            defer { connection.close() }
            do {
                while !Task.isCancelled {
                    let outcome = try await poller.sync(connection, state: &state)
                    streak = 0
                    MailMetrics.sync(failed: false)
                    await report(outcome, next: settings.interval)
                    try await waitForNews(connection)
                }
            } catch .cancelled {
                throw CancellationError()
            } catch .connection(let error) {
                streak += 1
                MailMetrics.reconnected()
                try await fail(code: error.code.rawValue, message: error.message, streak: streak)
            } catch .store(let message) {
                streak += 1
                try await fail(code: "store_unavailable", message: message, streak: streak)
                // The committed state is the one to go on from.
                state = try await loadState()
            }
        }
    }

    /// Waits until the first folder has more messages, or for the interval.
    private func waitForNews(_ connection: IMAPConnection) async throws(MailPoller.Failure) {
        let deadline = ContinuousClock.now + settings.interval
        do {
            if settings.folders.count > 1 {
                _ = try await connection.select(settings.folders[0], readOnly: !settings.needsWriteAccess)
            }
            _ = try await connection.idle(until: deadline)
        } catch {
            if error.code == .cancelled { throw .cancelled }
            // A folder that cannot be selected is reported by the sync; wait out the interval.
            guard MailPoller.isFolderError(error) else { throw .connection(error) }
            do {
                try await Task.sleep(until: deadline)
            } catch {
                throw .cancelled
            }
        }
    }

    /// Records a failed attempt and waits out the backoff.
    private func fail(code: String, message: String, streak: Int) async throws {
        MailMetrics.sync(failed: true)
        let delay = Self.backoff(streak: streak, maximum: settings.maximumBackoff)
        logger.info(
            "mail source failed; retrying",
            metadata: ["hark.source": "\(settings.id)", "hark.error": "\(code)", "hark.retry_in": "\(delay)"])
        let now = poller.clock.now()
        await record(
            SourcePollReport(
                source: settings.id, kind: "imap", at: now, outcome: .failure(code: code, message: message),
                nextPollAt: now.addingTimeInterval(Double(delay.components.seconds))))
        try await Task.sleep(for: delay)
    }

    private func report(_ outcome: MailPoller.Outcome, next: Duration) async {
        let now = poller.clock.now()
        var events = outcome.events
        for failure in outcome.folderFailures {
            events.append(
                SourceEvent(
                    kind: "folder_error", at: now,
                    details: ["folder": failure.folder, "code": failure.error.code.rawValue]))
        }
        MailMetrics.uidValidityChanged(outcome.events.filter { $0.kind == "uidvalidity_changed" }.count)
        let result: SourcePollReport.Outcome
        if let first = outcome.folderFailures.first, outcome.folderFailures.count == settings.folders.count {
            result = .failure(code: first.error.code.rawValue, message: first.error.message)
        } else {
            result = .success(ingested: outcome.ingested)
        }
        await record(
            SourcePollReport(
                source: settings.id, kind: "imap", at: now, outcome: result,
                nextPollAt: now.addingTimeInterval(Double(next.components.seconds)), events: events))
    }

    private func record(_ report: SourcePollReport) async {
        do {
            try await ledger.record(report)
        } catch {
            logger.warning("could not record the poll", metadata: ["hark.source": "\(settings.id)", "hark.error": "\(error)"])
        }
    }

    /// 1 s, 2 s, 4 s, ... up to `maximum`.
    static func backoff(streak: Int, maximum: Duration) -> Duration {
        let seconds = 1 << min(max(streak - 1, 0), 20)
        return min(.seconds(seconds), maximum)
    }

    /// The committed state; a store that cannot be read is retried, never skipped (a fresh state
    /// would read the whole mailbox again).
    private func loadState() async throws -> MailState {
        var wait = Duration.seconds(1)
        while true {
            do {
                return MailState(try await ledger.sourceState(settings.id))
            } catch {
                logger.warning(
                    "cannot read the mail source's state; retrying",
                    metadata: ["hark.source": "\(settings.id)", "hark.error": "\(error)"])
                try await Task.sleep(for: wait)
                wait = min(wait * 2, .seconds(60))
            }
        }
    }
}
