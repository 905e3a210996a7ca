import Foundation
import HarkCore

/// A stored quarantine record: an input that could not be made into a mention.
public struct QuarantineRecord: Sendable, Hashable {
    public enum Status: String, Sendable, Codable {
        /// Waiting for a person or a retry.
        case open
        /// Re-processed into a mention.
        case retried
    }

    public var id: String
    public var source: SourceID
    public var channel: Channel
    public var receivedAt: Date
    public var reason: String
    public var detail: String
    public var status: Status
    public var bodyDigest: String
    public var raw: RawInput
    public var metadata: [String: String]
    public var mentionID: MentionID?

    public init(
        id: String, source: SourceID, channel: Channel, receivedAt: Date, reason: String, detail: String,
        status: Status, bodyDigest: String, raw: RawInput, metadata: [String: String], mentionID: MentionID?
    ) {
        self.id = id
        self.source = source
        self.channel = channel
        self.receivedAt = receivedAt
        self.reason = reason
        self.detail = detail
        self.status = status
        self.bodyDigest = bodyDigest
        self.raw = raw
        self.metadata = metadata
        self.mentionID = mentionID
    }
}

/// Which quarantine records to list.
public struct QuarantineQuery: Sendable, Hashable {
    public var source: SourceID?
    public var status: QuarantineRecord.Status?
    public var limit: Int

    public init(source: SourceID? = nil, status: QuarantineRecord.Status? = nil, limit: Int = 100) {
        self.source = source
        self.status = status
        self.limit = min(max(limit, 1), 1000)
    }
}
