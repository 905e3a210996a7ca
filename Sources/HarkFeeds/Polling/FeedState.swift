import Foundation
import HarkCore

/// What a feed source remembers between polls, committed with each fetch's items (P3).
///
/// Opaque to everyone but the feed channel: the store keeps it as versioned bytes.
public struct FeedState: SourceStatePayload, Hashable {
    /// The payload version this type writes.
    public static let version = 1

    /// HTTP validators of the last committed fetch and the URL they belong to.
    public var etag: String?
    public var lastModified: String?
    public var validatorsURL: String?
    /// The items of the last fetch: identity digest → version digest (short hex digests).
    public var items: [String: String] = [:]
    /// Identity digest by link digest for the last fetch, so that a changed GUID under the same link
    /// is recognised as the same item.
    public var identityByLink: [String: String] = [:]
    /// The newest item date of the last fetch (for estimating a gap's size).
    public var newestItemAt: Date?
    /// The current adaptive interval, in seconds.
    public var intervalSeconds: Double?
    /// When the feed last brought new or changed items.
    public var lastChangeAt: Date?

    public init() {}
}
