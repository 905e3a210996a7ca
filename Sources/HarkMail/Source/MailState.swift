import Foundation
import HarkCore

/// What a mail source remembers, committed in the same transaction as the mentions of each batch
/// (P3): per folder, the `UIDVALIDITY` and the highest UID accounted for.
///
/// Opaque to everyone but the mail channel: the store keeps it as versioned bytes.
public struct MailState: SourceStatePayload, Hashable {
    /// The payload version this type writes.
    public static let version = 1

    /// One folder's position and health.
    public struct Folder: Sendable, Hashable, Codable {
        /// The folder's name as configured.
        public var name: String
        /// The `UIDVALIDITY` the UIDs below belong to (`nil` before the first sync).
        public var uidValidity: UInt32?
        /// Every message with a UID up to this one is committed (or quarantined).
        public var lastUID: UInt32 = 0
        /// Opt-in actions (`\Seen`, move) were applied up to this UID; below ``lastUID`` after a
        /// crash between the commit and the action, which is then redone (both are idempotent).
        public var actedThroughUID: UInt32 = 0
        /// How many messages the folder held at the last look.
        public var messages: UInt32?
        /// When the folder was last synced without an error.
        public var lastSuccessAt: Date?
        /// The last error's code and message, cleared by a success.
        public var lastError: String?
        public var lastErrorAt: Date?
        /// How often the folder's `UIDVALIDITY` changed (each change means a full rescan).
        public var uidValidityChanges: Int = 0

        public init(name: String) {
            self.name = name
        }
    }

    /// The folders by configured name.
    public var folders: [String: Folder] = [:]

    public init() {}

    /// The folder called `name`, fresh when it was never synced.
    public func folder(_ name: String) -> Folder {
        folders[name] ?? Folder(name: name)
    }
}
