import Foundation
import HarkCore
import HarkCurl
import Logging
import Metrics

/// Polls one feed once: a conditional GET (politely, one request per host at a time), the decision
/// of what it means, one commit of the new items with the feed's new state, and a report.
public struct FeedPoller: Sendable {
    /// What the poller carries from one poll to the next while the daemon runs.
    public struct Memory: Sendable {
        public var state: FeedState
        public var interval: Duration
        public var errorStreak = 0
        public var reportedMove: String?

        public init(state: FeedState, settings: FeedSourceSettings) {
            self.state = state
            let saved = state.intervalSeconds.map { Duration.seconds($0) }
            self.interval = min(settings.maximumInterval, max(settings.minimumInterval, saved ?? settings.interval))
        }
    }

    public let settings: FeedSourceSettings
    public let fetcher: any FeedFetching
    public let sink: any MentionSink
    public let ledger: any SourceLedger
    public let hosts: HostGate
    public let clock: any WallClock
    public let logger: Logger

    public init(
        settings: FeedSourceSettings, fetcher: any FeedFetching, sink: any MentionSink, ledger: any SourceLedger,
        hosts: HostGate, clock: any WallClock, logger: Logger
    ) {
        self.settings = settings
        self.fetcher = fetcher
        self.sink = sink
        self.ledger = ledger
        self.hosts = hosts
        self.clock = clock
        self.logger = logger
    }

    /// Fetches and decides, without committing anything (also `hark poll --dry-run`).
    public func fetchAndDecide(_ state: FeedState) async throws -> FeedPollDecision {
        var headers: [(name: String, value: String)] = []
        if state.validatorsURL == settings.url {
            if let etag = state.etag { headers.append((name: "If-None-Match", value: etag)) }
            if let lastModified = state.lastModified { headers.append((name: "If-Modified-Since", value: lastModified)) }
        }
        let request = HTTPFetchRequest(url: settings.url, headers: headers)
        let host = URL(string: settings.url)?.host?.lowercased() ?? settings.url
        let result: Result<HTTPFetchResponse, HTTPFetchError>
        do {
            let response = try await hosts.withHost(host) { [fetcher, settings] in
                try await fetcher.fetchFeed(request, limits: settings.limits)
            }
            result = .success(response)
        } catch let error as HTTPFetchError {
            if error.code == .cancelled { throw CancellationError() }
            result = .failure(error)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            result = .failure(HTTPFetchError(.protocolError, "\(error)"))
        }
        return FeedPollDecision.decide(result, settings: settings, previous: state, now: clock.now())
    }

    /// One whole poll; returns how long to wait before the next. Throws only `CancellationError`.
    public func poll(_ memory: inout Memory) async throws -> Duration {
        try await poll(&memory, decided: try await fetchAndDecide(memory.state))
    }

    /// The rest of a poll once its fetch was decided: commit, schedule, report.
    public func poll(_ memory: inout Memory, decided decision: FeedPollDecision) async throws -> Duration {
        let now = clock.now()
        var ingested = 0
        var delay: Duration
        var failure: (code: String, message: String)?
        var gone = false
        switch decision.outcome {
        case .fetched(let changed, let gap, let hints):
            memory.interval = FeedSchedule.adapt(memory.interval, changed: changed, gap: gap != nil, settings: settings)
            delay = FeedSchedule.delay(after: memory.interval, hints: hints)
            if let gap {
                logger.warning(
                    "feed gap: none of the previous items is still in the feed",
                    metadata: ["hark.source": "\(settings.id)", "feed.missed": "\(gap.estimatedMissed.map(String.init) ?? "unknown")"])
                FeedMetrics.gaps.increment()
            }
        case .notModified(let hints):
            memory.interval = FeedSchedule.adapt(memory.interval, changed: false, gap: false, settings: settings)
            delay = FeedSchedule.delay(after: memory.interval, hints: hints)
        case .failed(let code, let message, let retryAfter, let isGone):
            memory.errorStreak += 1
            failure = (code, message)
            gone = isGone
            delay = isGone
                ? settings.goneInterval
                : FeedSchedule.backoff(
                    interval: memory.interval, streak: memory.errorStreak, retryAfter: retryAfter, settings: settings)
        }

        if !decision.items.isEmpty || decision.state != nil {
            var state = decision.state ?? memory.state
            state.intervalSeconds = Double(memory.interval.components.seconds)
            do {
                let receipts = try await sink.submit(
                    IngestBatch(source: settings.id, items: decision.items, state: decision.state.map { _ in state.sourceState }))
                if decision.state != nil { memory.state = state }
                ingested = receipts.filter {
                    switch $0 {
                    case .stored, .revised: return true
                    default: return false
                    }
                }.count
                FeedMetrics.items(receipts)
            } catch {
                memory.errorStreak += 1
                failure = ("store_unavailable", "the items could not be committed; they will be fetched again")
                delay = FeedSchedule.backoff(
                    interval: memory.interval, streak: memory.errorStreak, retryAfter: nil, settings: settings)
            }
        }
        if failure == nil { memory.errorStreak = 0 }
        FeedMetrics.poll(failed: failure != nil)

        var events = decision.events
        if let moved = decision.movedTo, moved != memory.reportedMove {
            events.append(SourceEvent(kind: "feed_moved", at: now, details: ["to": moved]))
            logger.notice(
                "feed moved permanently; the configured URL is kept until you change it",
                metadata: ["hark.source": "\(settings.id)", "feed.url": "\(moved)"])
        }
        memory.reportedMove = decision.movedTo
        if let failure {
            logger.info(
                "feed poll failed",
                metadata: ["hark.source": "\(settings.id)", "hark.error": "\(failure.code)", "hark.retry_in": "\(delay)"])
        }
        let report = SourcePollReport(
            source: settings.id, kind: "feed", at: now,
            outcome: failure.map { .failure(code: $0.code, message: $0.message) } ?? .success(ingested: ingested),
            nextPollAt: now.addingTimeInterval(Double(delay.components.seconds)), gone: gone,
            movedTo: decision.movedTo, events: events)
        do {
            try await ledger.record(report)
        } catch {
            logger.warning("could not record the poll", metadata: ["hark.source": "\(settings.id)", "hark.error": "\(error)"])
        }
        return delay
    }
}
