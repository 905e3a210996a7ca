import Foundation
import HarkCore
import HarkFeeds
import HarkMail
import HarkStore
import Logging

extension StoreCommands {
    /// What `hark poll` did.
    public struct PollOutcome: Sendable {
        /// The drafts the fetch produced (all of them for a dry run; new or edited ones otherwise).
        public var drafts: [MentionDraft]
        /// `ok`, `not_modified`, or the failure code.
        public var result: String
        public var message: String?
        /// The source's status after the poll (not for a dry run).
        public var status: SourceStatus?
        /// Mentions stored or revised (mail: the drafts are not kept outside a dry run).
        public var ingested: Int?
    }

    /// `hark poll SOURCE [--dry-run]`: polls one feed or mail source once. A dry run fetches without
    /// validators and as if nothing had been seen, and stores nothing; otherwise the items and state
    /// are committed as the daemon would.
    public func poll(
        _ id: SourceID, dryRun: Bool, logger: Logger, progress: (@Sendable (MailPoller.Progress) -> Void)? = nil
    ) async throws -> PollOutcome {
        guard let source = configuration.sources.first(where: { $0.id == id }) else {
            throw HarkError(.invalidInput, "no source \(id) in the configuration")
        }
        switch source.kind {
        case .feed: break
        case .imap: return try await pollMail(source, dryRun: dryRun, logger: logger, progress: progress)
        case .webhook:
            throw HarkError(.invalidInput, "source \(id) is a webhook source: it is not polled, senders POST to it")
        }
        let channel = try FeedChannel(configuration)
        let clock = SystemWallClock()
        let ledger = StoreSourceLedger(store: store)
        guard
            let poller = channel.poller(
                source, limits: configuration.limits, sink: DirectSink(store: store, clock: clock, assess: try MentionAssessment.make(configuration)), ledger: ledger,
                clock: clock, logger: logger)
        else { throw HarkError(.invalidConfiguration, "source \(id) has no url") }
        if dryRun {
            let decision = try await poller.fetchAndDecide(FeedState())
            return PollOutcome(drafts: decision.drafts, result: decision.outcome.code, message: decision.outcome.message)
        }
        var memory = FeedPoller.Memory(state: FeedState(try await store.sourceState(id)), settings: poller.settings)
        let decision = try await poller.fetchAndDecide(memory.state)
        _ = try await poller.poll(&memory, decided: decision)
        let status = try await store.sourceStatuses(eventsPerSource: 5).first { $0.source == id }
        return PollOutcome(
            drafts: decision.drafts, result: decision.outcome.code, message: decision.outcome.message, status: status)
    }
}

extension FeedPollDecision.Outcome {
    /// `ok`, `not_modified` or the failure code.
    var code: String {
        switch self {
        case .fetched: return "ok"
        case .notModified: return "not_modified"
        case .failed(let code, _, _, _): return code
        }
    }

    var message: String? {
        if case .failed(_, let message, _, _) = self { return message }
        return nil
    }
}
