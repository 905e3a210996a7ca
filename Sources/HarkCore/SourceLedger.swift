import Foundation

/// Where a polled source (a feed, a mailbox) reads its saved state and records how each poll went.
///
/// The items and the new state of a poll go through ``MentionSink`` in one transaction; the ledger
/// keeps what people need to see about a source (`hark sources`, `GET /api/v1/sources`): the last
/// success, the last error and the error streak, when the next poll is due, permanent moves, and
/// events such as a feed gap.
public protocol SourceLedger: Sendable {
    /// The source's state as last committed, or `nil` for a source never polled.
    func sourceState(_ source: SourceID) async throws -> SourceState?

    /// Records the outcome of one poll (after its items, if any, were committed).
    func record(_ report: SourcePollReport) async throws
}

/// A source that fetches by itself (a feed, a mailbox) and runs until its task is cancelled (at
/// shutdown, or when a reload replaces it). Only cancellation ends it: errors are retried.
public protocol PolledSource: Sendable {
    /// The source's id.
    var id: SourceID { get }
    /// Polls (or waits for news) until the task is cancelled.
    func pollUntilCancelled() async
}

/// The outcome of one poll of one source.
public struct SourcePollReport: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        /// The poll worked; `ingested` items were stored or revised (0 when nothing changed).
        case success(ingested: Int)
        /// The poll failed with a short machine-readable `code` (`timeout`, `blocked_address`,
        /// `http_500`, `not_a_feed`, ...) and a message without personal data.
        case failure(code: String, message: String)
    }

    public var source: SourceID
    public var kind: String
    public var at: Date
    public var outcome: Outcome
    /// When the source will be polled next.
    public var nextPollAt: Date?
    /// The source answers `410 Gone`: it is checked daily, never dropped.
    public var gone: Bool
    /// A permanent redirect's target, reported and never adopted silently.
    public var movedTo: String?
    /// Events to keep with the source (e.g. a `feed_gap`).
    public var events: [SourceEvent]

    public init(
        source: SourceID, kind: String, at: Date, outcome: Outcome, nextPollAt: Date? = nil, gone: Bool = false,
        movedTo: String? = nil, events: [SourceEvent] = []
    ) {
        self.source = source
        self.kind = TextCleanup.line(kind)
        self.at = at
        switch outcome {
        case .success: self.outcome = outcome
        case .failure(let code, let message):
            self.outcome = .failure(code: TextCleanup.line(code), message: TextCleanup.line(message))
        }
        self.nextPollAt = nextPollAt
        self.gone = gone
        self.movedTo = movedTo.flatMap(TextCleanup.singleLine)
        self.events = events
    }
}

/// Something that happened to a source that people should see (a gap, a move, a truncation).
public struct SourceEvent: Sendable, Hashable, Codable {
    /// `feed_gap`, `feed_moved`, `feed_truncated`, ...
    public var kind: String
    public var at: Date
    /// Figures of the event, e.g. `["estimated_missed": "30"]`; never personal data.
    public var details: [String: String]

    public init(kind: String, at: Date, details: [String: String] = [:]) {
        self.kind = TextCleanup.line(kind)
        self.at = at
        self.details = TextCleanup.lines(details)
    }
}

/// What is known about one source, for `hark sources` and the API.
public struct SourceStatus: Sendable, Hashable {
    public var source: SourceID
    public var kind: String?
    public var lastSuccessAt: Date?
    public var lastError: String?
    public var lastErrorAt: Date?
    public var errorStreak: Int
    public var nextPollAt: Date?
    public var itemsIngested: Int
    public var gone: Bool
    public var movedTo: String?
    /// The most recent events, newest first.
    public var recentEvents: [SourceEvent]

    public init(
        source: SourceID, kind: String? = nil, lastSuccessAt: Date? = nil, lastError: String? = nil,
        lastErrorAt: Date? = nil, errorStreak: Int = 0, nextPollAt: Date? = nil, itemsIngested: Int = 0,
        gone: Bool = false, movedTo: String? = nil, recentEvents: [SourceEvent] = []
    ) {
        self.source = source
        self.kind = kind
        self.lastSuccessAt = lastSuccessAt
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
        self.errorStreak = errorStreak
        self.nextPollAt = nextPollAt
        self.itemsIngested = itemsIngested
        self.gone = gone
        self.movedTo = movedTo
        self.recentEvents = recentEvents
    }
}
