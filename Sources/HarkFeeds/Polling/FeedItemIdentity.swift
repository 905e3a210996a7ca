import Foundation
import HarkCore

/// How a feed item is recognised again across polls (P4 for feeds), and the keys derived from it.
///
/// The default (`auto`) uses the GUID, else the link, else a hash of the content. A GUID over 2 KB
/// is hashed like any key. When an item arrives with a **changed GUID but a link the previous fetch
/// had under another GUID**, it is taken for the same item (sites re-key their GUIDs when they
/// migrate); outside the last fetch's window a changed GUID is a new item.
public enum FeedItemIdentity {
    public enum Policy: String, Sendable, CaseIterable {
        /// GUID, then link, then content hash.
        case auto
        case guid
        case link
        case hash
        /// GUID plus the published date (feeds that reuse GUIDs for new items).
        case guidAndDate = "guid+date"
    }

    /// The identity string of `item` under `policy` (before hashing).
    public static func identity(of item: FeedItem, policy: Policy) -> String {
        switch policy {
        case .auto:
            if let id = item.id { return "guid:" + id }
            if let link = item.link { return "link:" + link }
            return "hash:" + contentHash(item)
        case .guid:
            return item.id.map { "guid:" + $0 } ?? identity(of: item, policy: .auto)
        case .link:
            return item.link.map { "link:" + $0 } ?? identity(of: item, policy: .auto)
        case .hash:
            return "hash:" + contentHash(item)
        case .guidAndDate:
            let date = item.publishedRaw ?? item.published.map { RFC3339.string($0) } ?? ""
            return item.id.map { "guid:\($0)|\(date)" } ?? identity(of: item, policy: .auto)
        }
    }

    /// The identity's key: 128 bits of SHA-256, hex. Mention and delivery keys derive from it, and
    /// the feed's state remembers items by it.
    public static func identityKey(_ identity: String) -> String {
        String(DedupKey.derive(identity).digest.prefix(32))
    }

    /// The identity string standing for an identity known only by its key (a re-keyed item).
    static func rekeyed(_ key: String) -> String { "key:" + key }

    /// A short digest used in the feed's state (64 bits of SHA-256, hex).
    public static func shortDigest(_ text: String) -> String {
        String(DedupKey.derive(text).digest.prefix(16))
    }

    static func contentHash(_ item: FeedItem) -> String {
        DedupKey.derive(item.title ?? "", item.link ?? "", item.text).digest
    }

    /// "This is the same mention": the item's identity within its source.
    public static func mentionKey(source: SourceID, identity: String) -> DedupKey {
        DedupKey.derive("feed", source.rawValue, key(of: identity))
    }

    /// The key of an identity string (a re-keyed identity already is one).
    static func key(of identity: String) -> String {
        identity.hasPrefix("key:") ? String(identity.dropFirst(4)) : identityKey(identity)
    }

    /// "This input was seen": the identity plus this version's bytes, so that an edit is a new
    /// delivery (and revises the mention) while a re-served copy is a duplicate.
    public static func deliveryKey(source: SourceID, identity: String, rawDigest: String) -> DedupKey {
        DedupKey.derive("feed-item", source.rawValue, key(of: identity), rawDigest)
    }
}
