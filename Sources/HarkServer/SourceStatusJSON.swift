import Foundation
import HarkCore

/// A source's status as JSON (`GET /api/v1/sources`, `hark sources --json`).
public struct SourceStatusJSON: Encodable, Sendable {
    public let status: SourceStatus

    public init(_ status: SourceStatus) {
        self.status = status
    }

    private enum Keys: String, CodingKey {
        case id, kind, lastSuccessAt = "last_success_at", lastError = "last_error", lastErrorAt = "last_error_at"
        case errorStreak = "error_streak", nextPollAt = "next_poll_at", itemsIngested = "items_ingested"
        case gone, movedTo = "moved_to", events
    }

    private struct EventJSON: Encodable {
        var kind: String
        var at: String
        var details: [String: String]
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(status.source.rawValue, forKey: .id)
        try container.encode(status.kind, forKey: .kind)
        try container.encode(status.lastSuccessAt.map(RFC3339.string), forKey: .lastSuccessAt)
        try container.encode(status.lastError, forKey: .lastError)
        try container.encode(status.lastErrorAt.map(RFC3339.string), forKey: .lastErrorAt)
        try container.encode(status.errorStreak, forKey: .errorStreak)
        try container.encode(status.nextPollAt.map(RFC3339.string), forKey: .nextPollAt)
        try container.encode(status.itemsIngested, forKey: .itemsIngested)
        try container.encode(status.gone, forKey: .gone)
        try container.encode(status.movedTo, forKey: .movedTo)
        try container.encode(
            status.recentEvents.map { EventJSON(kind: $0.kind, at: RFC3339.string($0.at), details: $0.details) },
            forKey: .events)
    }
}
